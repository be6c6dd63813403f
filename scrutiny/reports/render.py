"""The annual report assembled: figures (live for a draft, frozen once published), narratives,
charts, and the PDF and Word files made from them."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from scrutiny.core.exporters import Export, docx, pdf, safe_filename

from .charts import alt_text, bar_png, data_uri
from .models import AnnualReport
from .sections import SECTIONS, ReportYear, day


def gather_report(report: AnnualReport, today: datetime.date) -> dict[str, Any]:
    """Every section's figures, as plain JSON data (exactly what publishing stores)."""
    year = ReportYear.of(report.year, today)
    figures = {
        "year": year.label,
        "as_of": year.as_of.isoformat(),
        "gathered_on": today.isoformat(),
        "sections": {s.key: s.gather(report.board, year) for s in SECTIONS},
    }
    # Round-trip through JSON so a draft is shown from exactly what would be frozen.
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


def report_figures(report: AnnualReport, today: datetime.date | None = None) -> dict[str, Any]:
    if report.is_published and report.figures is not None:
        return report.figures
    return gather_report(report, today or timezone.localdate())


@dataclass
class Chart:
    title: str
    png: bytes
    alt: str

    @property
    def uri(self) -> str:
        return data_uri(self.png)


@dataclass
class SectionView:
    number: int
    key: str
    title: str
    template: str
    data: dict[str, Any]
    narrative: str
    narrative_only: bool
    charts: list[Chart] = field(default_factory=list)


def section_views(report: AnnualReport, figures: dict[str, Any]) -> list[SectionView]:
    """The report's sections in order; a published report keeps the sections it had."""
    narratives = {n.section_key: n.text for n in report.narratives.all()}
    views = []
    for section in SECTIONS:
        if section.key not in figures["sections"]:
            continue
        data = figures["sections"][section.key]
        views.append(
            SectionView(
                number=len(views) + 1,
                key=section.key,
                title=section.title,
                template=section.template,
                data=data,
                narrative=narratives.get(section.key, ""),
                narrative_only=section.narrative_only,
                charts=[
                    Chart(c["title"], bar_png(c), alt_text(c))
                    for c in data.get("charts", [])
                    if c["labels"]
                ],
            )
        )
    return views


def _context(report: AnnualReport, figures: dict[str, Any]) -> dict[str, Any]:
    return {
        "report": report,
        "board": report.board,
        "figures": figures,
        "as_of": day(datetime.date.fromisoformat(figures["as_of"])),
        "sections": section_views(report, figures),
    }


def _name(report: AnnualReport, extension: str) -> str:
    stem = safe_filename(report.board.short_name, "annual-report", report.year)
    return f"{stem}-v{report.version}.{extension}"


def pdf_export(report: AnnualReport, figures: dict[str, Any]) -> Export:
    return pdf(_name(report, "pdf"), "reports/print/annual_report.html", _context(report, figures))


def docx_export(report: AnnualReport, figures: dict[str, Any]) -> Export:
    from .word import build_annual_report

    context = _context(report, figures)
    return docx(_name(report, "docx"), lambda document: build_annual_report(document, context))
