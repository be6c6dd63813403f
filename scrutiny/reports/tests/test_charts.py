"""The report's charts are drawn once for the figures they show, and again when they change."""

import pytest
from django.core.cache import cache

from scrutiny.reports import charts


@pytest.fixture
def drawn(monkeypatch):
    """The charts actually drawn (not taken from the cache), in order."""
    cache.clear()
    calls = []
    draw = charts.draw_bar_png

    def counting(chart):
        calls.append(chart["title"])
        return draw(chart)

    monkeypatch.setattr(charts, "draw_bar_png", counting)
    yield calls
    cache.clear()


def chart(values):
    return {"title": "Attendance (%)", "labels": ["Police", "Health"], "values": values, "unit": "%"}


def test_the_same_figures_are_drawn_once(drawn):
    first = charts.bar_png(chart([80.0, 95.5]))
    again = charts.bar_png(chart([80.0, 95.5]))
    assert drawn == ["Attendance (%)"]
    assert again == first
    assert first.startswith(b"\x89PNG")


def test_changed_figures_draw_a_new_chart(drawn):
    first = charts.bar_png(chart([80.0, 95.5]))
    changed = charts.bar_png(chart([80.0, 96.0]))
    retitled = charts.bar_png({**chart([80.0, 96.0]), "title": "Attendance in 2026-27 (%)"})
    assert drawn == ["Attendance (%)", "Attendance (%)", "Attendance in 2026-27 (%)"]
    assert len({first, changed, retitled}) == 3
