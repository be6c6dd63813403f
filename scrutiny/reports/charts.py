"""Bar charts as PNG images, drawn with Pillow, for the report on screen, in PDF and in Word.

Word documents need raster images, so one PNG serves every format and the three always
agree. Pillow is already installed (WeasyPrint depends on it); matplotlib would be a large
extra dependency for plain horizontal bars. Every chart is also given as a table and an
alt text listing its values, so nothing is conveyed by the picture alone.

A chart is drawn once for the figures it shows: the PNG is kept in the cache under a hash of
those figures (title, labels, values, unit), so a draft shown again, its PDF and its Word file
reuse it, and any change to a figure draws a new one. PNGs are not `optimize`d: that squeezes
a few per cent off the file for several times the drawing time.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from typing import Any

from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont

WIDTH = 1400
ROW = 44
TOP = 70
LABEL_WIDTH = 720
BAR_COLOUR = (29, 112, 184)  # GOV.UK blue
TEXT = (11, 12, 12)
AXIS = (80, 90, 95)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The documents' one font family (Liberation Sans) where installed, else Pillow's own."""
    try:
        return ImageFont.truetype("LiberationSans-Regular.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: Any, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def alt_text(chart: dict[str, Any]) -> str:
    unit = chart.get("unit", "")
    values = "; ".join(
        f"{label}: {'no value' if value is None else f'{value:g}{unit}'}"
        for label, value in zip(chart["labels"], chart["values"], strict=False)
    )
    return f"{chart['title']}. {values}."


# Part of every cache key: change it when the drawing changes, so old pictures are not reused.
DRAWING_VERSION = 2
# A month; a chart not shown for that long is drawn again when next asked for.
CACHE_SECONDS = 30 * 24 * 3600


def chart_digest(chart: dict[str, Any]) -> str:
    """A name for the picture of exactly these figures (its address on the report's page)."""
    drawn = {k: chart.get(k) for k in ("title", "labels", "values", "unit")}
    return hashlib.sha256(json.dumps(drawn, sort_keys=True, default=str).encode()).hexdigest()


def chart_key(chart: dict[str, Any]) -> str:
    """The cache key of the picture of exactly these figures."""
    return f"reports:chart:{DRAWING_VERSION}:{chart_digest(chart)}"


def bar_png(chart: dict[str, Any]) -> bytes:
    """The chart's PNG: from the cache when these figures were drawn before, else drawn now."""
    key = chart_key(chart)
    png = cache.get(key)
    if png is None:
        png = draw_bar_png(chart)
        cache.set(key, png, CACHE_SECONDS)
    return png


def draw_bar_png(chart: dict[str, Any]) -> bytes:
    """A horizontal bar per label, its value written at the end of the bar."""
    labels: list[str] = chart["labels"]
    values: list[float | None] = chart["values"]
    unit = chart.get("unit", "")
    height = TOP + ROW * max(1, len(labels)) + 20
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    title_font, font = _font(30), _font(24)
    draw.text(
        (10, 12), _fit(draw, chart["title"], title_font, WIDTH - 20), fill=TEXT, font=title_font
    )
    known = [v for v in values if v is not None]
    top = max([100.0] if unit == "%" else [], default=0.0)
    top = max([top, *known, 1.0])
    bar_space = WIDTH - LABEL_WIDTH - 130
    draw.line([(LABEL_WIDTH, TOP - 6), (LABEL_WIDTH, height - 14)], fill=AXIS, width=2)
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        y = TOP + i * ROW
        draw.text((10, y + 6), _fit(draw, label, font, LABEL_WIDTH - 20), fill=TEXT, font=font)
        if value is None:
            draw.text((LABEL_WIDTH + 10, y + 6), "no value", fill=AXIS, font=font)
            continue
        length = int(bar_space * max(0.0, value) / top)
        draw.rectangle([LABEL_WIDTH, y + 6, LABEL_WIDTH + length, y + ROW - 8], fill=BAR_COLOUR)
        draw.text((LABEL_WIDTH + length + 10, y + 6), f"{value:g}{unit}", fill=TEXT, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()
