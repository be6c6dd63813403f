"""Completeness as MEASURES.md defines it: received ÷ expected × 100, and on time ÷ expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Receipts:
    expected: int = 0
    received: int = 0
    on_time: int = 0

    @property
    def completeness(self) -> float | None:
        return 100 * self.received / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return 100 * self.on_time / self.expected if self.expected else None
