"""The yearly report assembled: figures (live for a draft, frozen once published), narratives,
charts, and the PDF and Word files made from them."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import mimetypes
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.text import slugify

from scrutiny.audit.versions import kept_until_change, region_data_version
from scrutiny.core.exporters import Export, docx, pdf
from scrutiny.tenancy.models import Board

from .charts import alt_text, bar_png, chart_digest, data_uri
from .framework import ReportYear, day, section_kind
from .models import AnnualReport
from .structures import structure


def report_structure(report: AnnualReport):
    return structure(report.structure_code, report.structure_version)


def gather_report(report: AnnualReport, today: datetime.date) -> dict[str, Any]:
    """Every section's figures, as plain JSON data (exactly what publishing stores), with
    the structure's headings so a published report keeps them whatever the library does."""
    year = ReportYear.of(report.year, today)
    shape = report_structure(report)
    figures = {
        "year": year.label,
        "as_of": year.as_of.isoformat(),
        "year_ended": year.ended,
        "gathered_on": today.isoformat(),
        "structure": {
            "code": shape.code,
            "version": shape.version,
            "title": shape.title,
            "source": shape.source,
            "sections": [s.as_data() for s in shape.sections],
        },
        "sections": {
            s.key: section_kind(s.kind).gather(report.board, year) for s in shape.sections
        },
    }
    # Round-trip through JSON so a draft is shown from exactly what would be frozen.
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


def data_version(board: Board) -> tuple[int, str]:
    """The latest change that could alter a board's figures: its region's (see
    `region_data_version`)."""
    return region_data_version(board.region_id)


def draft_figures(
    report: AnnualReport, today: datetime.date, version: tuple[int, str] | None = None
) -> dict[str, Any]:
    """A draft's figures as gathered for `today`, kept in the cache until anything in the
    region changes (see `data_version`; `version`, if the caller has read it): gathering reads
    every section's records, too slow to repeat on each showing of the draft. Publishing
    gathers afresh."""
    key = ":".join(
        [
            "reports:figures",
            str(report.pk),
            report.created_at.isoformat() if report.created_at else "",
            f"{report.structure_code}@{report.structure_version}",
            today.isoformat(),
        ]
    )
    return kept_until_change(
        key,
        version or data_version(report.board),
        lambda: gather_report(report, today),
        settings.SCRUTINY_REPORT_FIGURES_CACHE_SECONDS,
    )


def report_figures(
    report: AnnualReport,
    today: datetime.date | None = None,
    version: tuple[int, str] | None = None,
) -> dict[str, Any]:
    """A published version's frozen figures, or a draft's as gathered today (cached; at the
    region's data `version`, if the caller has read it)."""
    if report.is_published and report.figures is not None:
        return report.figures
    return draft_figures(report, today or timezone.localdate(), version)


def fingerprint(report: AnnualReport, figures: dict[str, Any]) -> str:
    """What a signatory approves: the figures and the words. Any change gives another."""
    content = {
        "sections": figures["sections"],
        "structure": figures["structure"],
        "as_of": figures["as_of"],
        "narratives": sorted(
            (n.section_key, n.text) for n in report.narratives.all() if n.text.strip()
        ),
    }
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, cls=DjangoJSONEncoder).encode()
    ).hexdigest()


@dataclass
class Chart:
    title: str
    alt: str
    data: dict[str, Any]  # the chart's figures, as gathered
    digest: str = ""  # names the picture of these figures (charts.chart_digest)

    @cached_property
    def png(self) -> bytes:
        """Drawn (or read from the cache) only when a file or the picture's address asks:
        the report's page links to each picture instead of carrying it."""
        return bar_png(self.data)

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
    hint: str = ""
    requirement: str = ""
    required: bool = False
    charts: list[Chart] = field(default_factory=list)


def section_views(report: AnnualReport, figures: dict[str, Any]) -> list[SectionView]:
    """The report's sections in the order of its (frozen) structure."""
    narratives = {n.section_key: n.text for n in report.narratives.all()}
    views = []
    for s in figures["structure"]["sections"]:
        data = figures["sections"].get(s["key"], {})
        views.append(
            SectionView(
                number=len(views) + 1,
                key=s["key"],
                title=s["title"],
                template=section_kind(s["kind"]).template,
                data=data,
                narrative=narratives.get(s["key"], ""),
                narrative_only=s["kind"] == "narrative",
                hint=s.get("hint", ""),
                requirement=s.get("requirement", ""),
                required=s.get("required", False),
                charts=[
                    Chart(c["title"], alt_text(c), c, chart_digest(c))
                    for c in data.get("charts", [])
                    if c["labels"]
                ],
            )
        )
    return views


def document_title(report: AnnualReport) -> str:
    return f"{report.board.name}: annual report {report.year}"


def _context(report: AnnualReport, figures: dict[str, Any]) -> dict[str, Any]:
    from .services import signed_off_by

    logo, logo_bytes = "", None
    if report.board.logo:
        with report.board.logo.open("rb") as handle:
            logo_bytes = handle.read()
        kind = mimetypes.guess_type(report.board.logo.name)[0] or "image/png"
        logo = f"data:{kind};base64," + base64.b64encode(logo_bytes).decode()
    return {
        "report": report,
        "board": report.board,
        "title": document_title(report),
        "figures": figures,
        "as_of": day(datetime.date.fromisoformat(figures["as_of"])),
        "sections": section_views(report, figures),
        "logo": logo,
        "logo_bytes": logo_bytes,
        "structure_title": figures["structure"]["title"],
        "approvals": signed_off_by(report),
        "publication_day": report.published_at.date() if report.published_at else None,
    }


def filename(report: AnnualReport, extension: str) -> str:
    """A name a person would choose: ashbourne-annual-report-2026-27-v1.pdf."""
    board = slugify(report.board.short_name) or "board"
    return f"{board}-annual-report-{report.year}-v{report.version}.{extension}"


# Tagged (PDF/UA-1: structure tags, language, title), so screen readers can read it.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def pdf_export(report: AnnualReport, figures: dict[str, Any]) -> Export:
    return pdf(
        filename(report, "pdf"),
        "reports/print/annual_report.html",
        _context(report, figures),
        **PDF_OPTIONS,
    )


def docx_export(report: AnnualReport, figures: dict[str, Any]) -> Export:
    from .word import build_annual_report

    context = _context(report, figures)
    return docx(filename(report, "docx"), lambda document: build_annual_report(document, context))


def report_chart(figures: dict[str, Any], digest: str) -> bytes | None:
    """The PNG of the report's chart named `digest` (`Chart.digest`), or None if the figures
    have no such chart (changed since the page was drawn)."""
    for data in figures["sections"].values():
        for chart in data.get("charts", []) if isinstance(data, dict) else []:
            if chart.get("labels") and chart_digest(chart) == digest:
                return bar_png(chart)
    return None
