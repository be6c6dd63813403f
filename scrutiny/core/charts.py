"""Horizontal bar charts as inline SVG (percentages), for evaluation and feedback summaries.

Like the data set's line charts: role="img" with a title and a text description, so the
figures are there for screen readers and in print.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils.text import slugify

WIDTH, LABEL_WIDTH, BAR_HEIGHT, GAP = 640, 260, 22, 10


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, float | None]],
    threshold: float | None = None,
    chart_id: str = "",
    *,
    maximum: float = 100,
    texts: Sequence[str] | None = None,
    threshold_text: str = "",
) -> str:
    """Bars of 0–100%, one per (label, value); an optional dashed line marks a standard.
    Other scales (rates, counts) give `maximum` (the longest bar), the words shown for each
    bar (`texts`: "fewer than 5" for a suppressed one) and what the line marks."""
    if not any(v is not None for _, v in rows):
        return ""
    plot = WIDTH - LABEL_WIDTH - 50
    maximum = maximum or 1

    def x(value: float) -> float:
        return LABEL_WIDTH + plot * value / maximum

    def text(i: int, value: float | None) -> str:
        if texts is not None:
            return texts[i]
        return "no answers" if value is None else f"{value:.0f}%"

    bars = []
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        short = label if len(label) <= 38 else label[:37].rstrip() + "…"
        bars.append(
            {
                "label": short,
                "y": y,
                "text_y": y + BAR_HEIGHT - 6,
                "width": f"{plot * (value or 0) / maximum:.1f}",
                "value": text(i, value),
                "value_x": f"{x(value or 0) + 6:.1f}",
            }
        )
    height = GAP + len(rows) * (BAR_HEIGHT + GAP)
    description = "; ".join(f"{label}: {text(i, v)}" for i, (label, v) in enumerate(rows))
    if threshold is not None:
        description += f". {threshold_text or f'Standard: {threshold:.0f}%'}"
    return render_to_string(
        "core/bar_chart.svg",
        {
            "id": chart_id or slugify(title)[:60] or "chart",
            "title": title,
            "description": description,
            "width": WIDTH,
            "height": height,
            "left": LABEL_WIDTH,
            "bars": bars,
            "threshold_x": f"{x(threshold):.1f}" if threshold is not None else "",
        },
    )
