"""The partnership's lists, from `library/lists/partnership.yaml`: the three safeguarding
partners, the documents the leads sign off, and the kinds of setting a relevant agency is."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

LIST_FILE = Path(__file__).resolve().parent.parent / "library" / "lists" / "partnership.yaml"


@dataclass(frozen=True)
class Lists:
    partners: list[tuple[str, str]]
    lead_titles: dict[str, str]
    documents: list[tuple[str, str]]
    setting_types: list[tuple[str, str]]
    urn_pattern: str

    def partner_label(self, code: str) -> str:
        return dict(self.partners).get(code, code)

    def document_label(self, code: str) -> str:
        return dict(self.documents).get(code, code)

    def setting_label(self, code: str) -> str:
        return dict(self.setting_types).get(code, code)


@functools.cache
def lists() -> Lists:
    data = yaml.safe_load(LIST_FILE.read_text())
    return Lists(
        partners=[(p["code"], p["name"]) for p in data["partners"]],
        lead_titles={p["code"]: p["lead_title"] for p in data["partners"]},
        documents=[(d["code"], d["name"]) for d in data["documents"]],
        setting_types=[(s["code"], s["name"]) for s in data["setting_types"]],
        urn_pattern=data["urn_pattern"],
    )
