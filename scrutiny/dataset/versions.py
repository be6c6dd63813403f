"""A new version of the data set keeps the figures held: values, targets, disproportionality
breakdowns and published national figures held against an indicator of an older version
move to the indicator with the same code in the new one."""

from __future__ import annotations

from typing import Any

from scrutiny.library.models import FrameworkTemplate, IndicatorDefinition

from .models import Breakdown, IndicatorValue, NationalFigure, Target


def carry_figures_forward(
    template: FrameworkTemplate, previous: list[FrameworkTemplate], using: str = "default"
) -> int:
    """Move values and targets from `previous` versions (newest first) to `template`'s
    indicators of the same code; an indicator dropped from the new version keeps its figures
    where they are. Returns how many records moved. Each move is saved one by one so the
    audit log records it (a version change happens rarely and touches few thousand rows)."""
    new_by_code = {
        i.code: i for i in IndicatorDefinition.objects.using(using).filter(template=template)
    }
    if not new_by_code:
        return 0
    moved = 0
    for model in (IndicatorValue, Target, NationalFigure, Breakdown):
        held: set[tuple[Any, ...]] = set()
        for record in model.objects.using(using).filter(indicator__template=template):
            held.add(_key(record))
        for old in previous:
            records = model.objects.using(using).filter(indicator__template=old)
            for record in records.select_related("indicator"):
                target = new_by_code.get(record.indicator.code)
                if target is None:
                    continue
                record.indicator = target
                key = _key(record)
                if key in held:  # a newer version already holds this figure
                    continue
                record.save(using=using, update_fields=["indicator"])
                held.add(key)
                moved += 1
    return moved


def _key(record: IndicatorValue | Target | NationalFigure | Breakdown) -> tuple[Any, ...]:
    # One figure per board (or region and area), indicator and period; a breakdown per group.
    if isinstance(record, Breakdown):
        key = (record.board_id, record.indicator_id, record.period_label)
        return (*key, record.dimension, record.group)
    if isinstance(record, NationalFigure):
        return (record.region_id, record.area_code, record.indicator_id, record.period_label)
    return (record.board_id, record.indicator_id, record.period_label)


def on_template_version_loaded(sender: Any, template, previous, using, **kwargs: Any) -> None:
    carry_figures_forward(template, previous, using)
