"""Numbers as pages show them, worked out once in a service instead of per cell in a template."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NO_VALUE = "–"


def decimal_text(value: Decimal | float | int | None, places: int, empty: str = NO_VALUE) -> str:
    """`value` rounded half up to `places` decimals, as the template filter
    `{{ value|floatformat:places|default:empty }}` shows it (no thousands separator, never
    "-0"): `empty` for no value. Cheap enough for every cell of a large table."""
    if value is None:
        return empty
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return empty
    if not number.is_finite():
        return empty
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    return f"{rounded:f}"
