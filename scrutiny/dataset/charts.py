"""Line charts as inline SVG (the indicator page's), the markup put together in Python."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString

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
    target_path = path(targets) if any(t is not None for t in targets) else ""
    bottom = HEIGHT - PAD
    label_y = HEIGHT - PAD + 18
    return SafeString(
        _CHART.format(
            width=WIDTH,
            height=HEIGHT,
            title=escape(title),
            description=escape(description),
            left=PAD,
            right=WIDTH - PAD,
            bottom=bottom,
            axis_x=PAD - 6,
            high=f"{high:.0f}",
            low=f"{low:.0f}",
            high_y=f"{y(high) + 4:.1f}",
            low_y=f"{y(low) + 4:.1f}",
            target=(
                f'<path d="{target_path}" fill="none" stroke="#505a5f" stroke-width="2" '
                'stroke-dasharray="6 4"/>'
                if target_path
                else ""
            ),
            value_path=path(values),
            dots="".join(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="#1d70b8"/>'
                for px, py in points(values)
            ),
            labels="".join(
                f'<text x="{x(i):.1f}" y="{label_y}" text-anchor="middle" font-size="12">'
                f"{escape(label)}</text>"
                for i, label in enumerate(labels)
            ),
        )
    )


# The chart's markup, put together in Python: a chart has a dot and a label for each of
# tens of periods, and drawing them through a template was most of the indicator page's time.
_CHART = (
    '<svg class="scrutiny-chart" viewBox="0 0 {width} {height}" role="img" '
    'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">\n'
    '<title id="chart-title">{title}</title><desc id="chart-desc">{description}</desc>\n'
    '<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#505a5f"/>\n'
    '<text x="{axis_x}" y="{high_y}" text-anchor="end" font-size="12">{high}</text>\n'
    '<text x="{axis_x}" y="{low_y}" text-anchor="end" font-size="12">{low}</text>\n'
    "{target}\n"
    '<path d="{value_path}" fill="none" stroke="#1d70b8" stroke-width="3"/>\n'
    "{dots}\n"
    "{labels}\n"
    "</svg>\n"
)
