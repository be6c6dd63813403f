"""For tests that a parser or checker runs outside any transaction the request opened.

Tests run inside the test's own transaction, so `connection.in_atomic_block` is always true
there; what matters is whether the request added a level. `calls_depth(target)` patches
`target` to record how many atomic blocks were open at each call, relative to the test's."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from unittest import mock

from django.db import connection


def open_blocks() -> int:
    return len(connection.atomic_blocks)


@contextlib.contextmanager
def calls_depth(target: str) -> Iterator[list[int]]:
    """Yields a list that fills with, for each call of `target`, the number of atomic blocks
    open beyond those open when the context was entered (0: no transaction of the request)."""
    baseline = open_blocks()
    depths: list[int] = []
    original = mock.patch(target).get_original()[0]

    def recording(*args, **kwargs):
        depths.append(open_blocks() - baseline)
        return original(*args, **kwargs)

    with mock.patch(target, side_effect=recording):
        yield depths
