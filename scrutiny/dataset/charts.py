"""Line charts as inline SVG from a template: the same markup on screen and in printed reports."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.template.loader import render_to_string

WIDTH, HEIGHT, PAD = 640, 240, 40


def line_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[Decimal | None],
    targets: Sequence[Decimal | None] = (),
    unit_suffix: str = "",
) -> str:
    """An accessible SVG line chart (role="img", with a title and a text description)."""
    known = [float(v) for v in list(values) + list(targets) if v is not None]
    if not known:
        return ""
    low, high = min(0.0, min(known)), max(known) or 1.0
    span = high - low or 1.0
    step = (WIDTH - 2 * PAD) / max(1, len(labels) - 1)

    def x(i: int) -> float:
        return PAD + i * step

    def y(v: float) -> float:
        return HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)

    def points(series: Sequence[Decimal | None]) -> list[tuple[float, float]]:
        return [(x(i), y(float(v))) for i, v in enumerate(series) if v is not None]

    def path(series: Sequence[Decimal | None]) -> str:
        return " ".join(
            f"{'M' if n == 0 else 'L'}{px:.1f},{py:.1f}"
            for n, (px, py) in enumerate(points(series))
        )

    description = "; ".join(
        f"{label}: {'no value' if v is None else f'{float(v):.1f}{unit_suffix}'}"
        for label, v in zip(labels, values, strict=False)
    )
    return render_to_string(
        "dataset/chart.svg",
        {
            "title": title,
            "description": description,
            "width": WIDTH,
            "height": HEIGHT,
            "left": PAD,
            "right": WIDTH - PAD,
            "bottom": HEIGHT - PAD,
            "label_y": HEIGHT - PAD + 18,
            "high": f"{high:.0f}",
            "low": f"{low:.0f}",
            "high_y": f"{y(high) + 4:.1f}",
            "low_y": f"{y(low) + 4:.1f}",
            "value_path": path(values),
            "target_path": path(targets) if any(t is not None for t in targets) else "",
            "dots": [(f"{px:.1f}", f"{py:.1f}") for px, py in points(values)],
            "labels": [(f"{x(i):.1f}", label) for i, label in enumerate(labels)],
        },
    )
