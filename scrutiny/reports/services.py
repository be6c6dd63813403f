"""Starting, writing, checking, signing off, publishing and sending yearly reports."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from scrutiny.partnership import services as partnership
from scrutiny.people.models import User
from scrutiny.tenancy.models import Board

from .framework import day
from .models import (
    ROLES_FOR,
    Acknowledgement,
    AnnualReport,
    Approval,
    Dispatch,
    NarrativeSection,
    Publication,
    ReportFrozen,
    ReportSettings,
    ReportStatus,
    Signatory,
    SignatoryRole,
    financial_year,
)
from .render import docx_export, fingerprint, gather_report, pdf_export
from .structures import DEFAULT_STRUCTURE, structure


class ReportError(ValueError):
    """A request the report's state does not allow; the message says why."""


@transaction.atomic
def start_report(board: Board, year: str, user: User | None) -> AnnualReport:
    financial_year(year)  # refuses a badly written year
    if AnnualReport.objects.filter(board=board, year=year).exists():
        raise ReportError(
            f"There is already an annual report for {year}; "
            "start a new version from the published one to correct it."
        )
    shape = structure(settings_for(board).structure_code)
    return AnnualReport.objects.create(
        board=board,
        year=year,
        created_by=user,
        structure_code=shape.code,
        structure_version=shape.version,
    )


@transaction.atomic
def save_narrative(
    report: AnnualReport, key: str, text: str, user: User | None, *, revision: int | None = None
) -> None:
    """Write one section's text; `revision` is the one the writer loaded (-1: none yet)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    report.ensure_editable()
    section = report.narratives.filter(section_key=key).first()
    if section is None:
        NarrativeSection.objects.create(report=report, section_key=key, text=text, updated_by=user)
    else:
        if section.text == text:
            return
        section.text = text
        section.updated_by = user
        section.expect_revision(revision)
        section.save()
    clear_approvals(report)


# --- the board's settings ----------------------------------------------------------------


def settings_for(board: Board) -> ReportSettings:
    """The board's report settings; a board that has chosen nothing gets the defaults."""
    found = ReportSettings.objects.filter(board=board).first()
    return found or default_settings(board)


def default_settings(board: Board) -> ReportSettings:
    return ReportSettings(
        board=board,
        structure_code=DEFAULT_STRUCTURE,
        publish_by_months=settings.SCRUTINY_REPORT_PUBLISH_BY_MONTHS,
        send_within_days=settings.SCRUTINY_REPORT_SEND_WITHIN_DAYS,
        remind_days_before=settings.SCRUTINY_REPORT_REMIND_DAYS_BEFORE,
        recipients="\n".join(settings.SCRUTINY_REPORT_RECIPIENTS),
    )


def required_roles(board: Board) -> list[SignatoryRole]:
    """Who signs off: the three partners of a partnership, or an LSCB's chair (the board's
    own choice, `Board.arrangement`)."""
    return ROLES_FOR[board.arrangement]


# --- the pre-publish check ---------------------------------------------------------------


@dataclass
class Check:
    code: str
    text: str
    section: str = ""  # the section's key, when the problem is in one
    section_title: str = ""
    acknowledgement: Acknowledgement | None = None

    @property
    def settled(self) -> bool:
        return self.acknowledgement is not None


def checks(
    report: AnnualReport,
    figures: dict[str, Any],
    today: datetime.date,
    named: dict[str, Named] | None = None,
) -> list[Check]:
    """What is wrong or missing before publishing; each is fixed or acknowledged with a reason.
    `named`: the board's `signatories`, if already read."""
    narratives = {n.section_key: n.text.strip() for n in report.narratives.all()}
    found: list[Check] = []
    start, end = financial_year(report.year)
    if today <= end:
        found.append(
            Check(
                "period-not-ended",
                f"The year the report covers ends on {day(end)}: its figures are as at "
                f"{day(datetime.date.fromisoformat(figures['as_of']))}, not for the whole year.",
            )
        )
    for s in figures["structure"]["sections"]:
        data = figures["sections"].get(s["key"], {})
        has_text = bool(narratives.get(s["key"]))
        if s.get("required") and not has_text:
            found.append(
                Check(
                    f"required-without-text:{s['key']}",
                    f"'{s['title']}' is required"
                    + (f" ({s['requirement']})" if s.get("requirement") else "")
                    + " but has no text.",
                    s["key"],
                    s["title"],
                )
            )
        elif not has_text and not _has_figures(data):
            found.append(
                Check(
                    f"empty:{s['key']}",
                    f"'{s['title']}' is empty: no text and no figures.",
                    s["key"],
                    s["title"],
                )
            )
        for p in data.get("problems", []):
            found.append(Check(f"{p['code']}:{s['key']}", p["text"], s["key"], s["title"]))
    roles = required_roles(report.board)
    if named is None:
        named = signatories(report.board)
    missing = [r for r in roles if r not in named]
    if missing:
        found.append(
            Check(
                "signatory-missing",
                "No one is named to sign off for: "
                + ", ".join(SignatoryRole(r).label for r in missing)
                + ". Name them on the report settings page.",
            )
        )
    acknowledged = {a.code: a for a in report.acknowledgements.select_related("by")}
    for check in found:
        check.acknowledgement = acknowledged.get(check.code)
    return found


def _has_figures(data: dict[str, Any]) -> bool:
    """Whether a section shows anything but zeros: a table row, or a figure that is not 0."""
    if any(t.get("rows") for t in data.get("tables", [])):
        return True
    return any(v not in (0, None, "", [], {}) for v in data.get("figures", {}).values())


def acknowledge(report: AnnualReport, code: str, reason: str, user: User) -> Acknowledgement:
    report.ensure_editable()
    if not reason.strip():
        raise ReportError("Give the reason the report can be published with this.")
    acknowledgement, _ = Acknowledgement.objects.update_or_create(
        report=report, code=code, defaults={"reason": reason.strip(), "by": user}
    )
    return acknowledgement


def unsettled(found: list[Check]) -> list[Check]:
    return [c for c in found if not c.settled]


# --- sign-off ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """Who signs off for a role: for a partner, its lead (or delegate, if the partner says
    so) as the partnership records them; for an LSCB, the chair named here."""

    role: str
    user: User
    job_title: str


def _signatories(board: Board, roles: list[SignatoryRole]) -> dict[str, Named]:
    """The people named for these roles, by role, in one query (two for an LSCB board
    that somehow asks for both)."""
    named: dict[str, Named] = {}
    if SignatoryRole.CHAIR in roles:
        for found in Signatory.objects.filter(board=board, role=SignatoryRole.CHAIR).select_related(
            "user"
        ):
            named[found.role] = Named(found.role, found.user, found.job_title)
    partner_roles = [r for r in roles if r != SignatoryRole.CHAIR]
    if partner_roles:
        for kind, (user, job_title) in partnership.report_signers(board).items():
            if kind in partner_roles and user is not None:
                named[kind] = Named(kind, user, job_title)
    return named


def signatories(board: Board) -> dict[str, Named]:
    """Who is named to sign off for each role the board requires, by role: read once and
    given to `checks`, `sign_off` and `roles_user_signs_for` by a page that shows all three."""
    return _signatories(board, required_roles(board))


def signatory_for(board: Board, role: str) -> Named | None:
    return _signatories(board, [SignatoryRole(role)]).get(role)


def is_named_signatory(board: Board, user: User) -> bool:
    """Whether the person signs the yearly report for anyone on this board."""
    if Signatory.objects.filter(board=board, user_id=user.pk).exists():
        return True
    return bool(partnership.kinds_signed_by(board, user))


def roles_user_signs_for(
    report: AnnualReport, user: User, named: dict[str, Named] | None = None
) -> list[SignatoryRole]:
    """The roles this person may approve the report for (the named signatory only).
    `named`: the board's `signatories`, if already read (else two queries of the person's)."""
    roles = required_roles(report.board)
    if named is not None:
        return [SignatoryRole(r) for r in roles if r in named and named[r].user.pk == user.pk]
    signs_for = set(partnership.kinds_signed_by(report.board, user))
    if Signatory.objects.filter(board=report.board, user=user, role=SignatoryRole.CHAIR).exists():
        signs_for.add(SignatoryRole.CHAIR)
    return [SignatoryRole(r) for r in roles if r in signs_for]


@transaction.atomic
def approve(report: AnnualReport, user: User, role: str, figures: dict[str, Any]) -> Approval:
    """The named signatory approves this version as it is now."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    report.ensure_editable()
    if role not in roles_user_signs_for(report, user):
        raise ReportError("Only the person named to sign off for this partner can approve.")
    Approval.objects.filter(report=report, role=role).delete()
    return Approval.objects.create(
        report=report, role=role, approved_by=user, fingerprint=fingerprint(report, figures)
    )


def clear_approvals(report: AnnualReport) -> int:
    """A change to the report after approval: every approval must be given again."""
    cleared = 0
    for approval in report.approvals.all():  # one by one, so the audit log records each
        approval.delete()
        cleared += 1
    return cleared


@dataclass
class SignOff:
    role: SignatoryRole
    signatory: Named | None
    approval: Approval | None
    stale: bool  # approved, but the report has changed since

    @property
    def approved(self) -> bool:
        return self.approval is not None and not self.stale


def sign_off(
    report: AnnualReport,
    figures: dict[str, Any] | None,
    named: dict[str, Named] | None = None,
) -> list[SignOff]:
    """Each required signatory and whether their approval stands for the report as it is.
    `named`: the board's `signatories`, if already read (a draft's: a published report's
    roles are those that signed it)."""
    approvals = {a.role: a for a in report.approvals.select_related("approved_by")}
    # The content's fingerprint only when there is an approval to hold it against: it hashes
    # every figure, and a draft nobody has approved yet is shown without it.
    current = (
        fingerprint(report, figures)
        if figures is not None and approvals and not report.is_published
        else None
    )
    rows = []
    roles = required_roles(report.board)
    if report.is_published:  # the roles that signed it, whatever the board chose since
        roles = [SignatoryRole(r) for r in approvals] or roles
        named = None
    if named is None:
        named = _signatories(report.board, roles)
    for role in roles:
        approval = approvals.get(role)
        stale = bool(
            approval and current and not report.is_published and approval.fingerprint != current
        )
        rows.append(SignOff(SignatoryRole(role), named.get(role), approval, stale))
    return rows


def signed_off_by(report: AnnualReport) -> list[str]:
    """'Police: Chief Superintendent A. Person, 3 June 2027' for each approval, for the files."""
    return [
        f"{a.get_role_display()}: {a.approved_by.full_name}, "
        f"{day(timezone.localtime(a.approved_at))}"
        for a in report.approvals.select_related("approved_by")
    ]


# --- publishing ----------------------------------------------------------------------------


def publish_blockers(
    report: AnnualReport, figures: dict[str, Any], today: datetime.date
) -> list[str]:
    reasons = [c.text for c in unsettled(checks(report, figures, today))]
    missing = [s.role.label for s in sign_off(report, figures) if not s.approved]
    if missing:
        reasons.append("Not yet approved by: " + ", ".join(missing) + ".")
    return reasons


@transaction.atomic
def publish(
    report: AnnualReport, user: User | None, today: datetime.date, *, confirmed: bool = False
) -> AnnualReport:
    """Freeze the figures as gathered now, and store the PDF and Word files made from them.

    Only once every check is fixed or acknowledged and every signatory has approved this
    content, and the publisher has confirmed."""
    report = AnnualReport.objects.select_for_update().select_related("board").get(pk=report.pk)
    report.ensure_editable()
    figures = gather_report(report, today)
    blockers = publish_blockers(report, figures, today)
    if blockers:
        raise ReportError(" ".join(blockers))
    if not confirmed:
        raise ReportError("Confirm that you want to publish this version.")
    report.figures = figures
    report.status = ReportStatus.PUBLISHED
    report.published_by = user
    report.published_at = timezone.now()
    for field, export in (
        (report.pdf, pdf_export(report, figures)),
        (report.docx, docx_export(report, figures)),
    ):
        field.save(export.filename, ContentFile(export.content), save=False)
    report._publishing = True  # type: ignore[attr-defined]
    try:
        report.save()
    finally:
        report._publishing = False  # type: ignore[attr-defined]
    board_settings = settings_for(report.board)
    due = today + datetime.timedelta(days=board_settings.send_within_days)
    for recipient in board_settings.recipient_list():
        Dispatch.objects.create(report=report, recipient=recipient, due_on=due)
    return report


def record_publication(
    report: AnnualReport, url: str, published_on: datetime.date, user: User
) -> Publication:
    if not report.is_published:
        raise ReportError("Publish the version first.")
    publication, _ = Publication.objects.update_or_create(
        report=report, defaults={"url": url, "published_on": published_on, "recorded_by": user}
    )
    return publication


def record_sent(dispatch: Dispatch, sent_on: datetime.date, user: User) -> Dispatch:
    dispatch.sent_on = sent_on
    dispatch.recorded_by = user
    dispatch.save(update_fields=["sent_on", "recorded_by"])
    return dispatch


# --- deadlines -----------------------------------------------------------------------------


@dataclass
class Deadline:
    board: Board
    year: str
    what: str
    due_on: datetime.date
    done: bool


def add_months(value: datetime.date, months: int) -> datetime.date:
    month = value.month - 1 + months
    year = value.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(value.day, calendar.monthrange(year, month)[1]))


def publish_deadline(board: Board, year: str) -> datetime.date:
    """The day the report for `year` should be published by (end of the year + N months)."""
    _, end = financial_year(year)
    return add_months(end, settings_for(board).publish_by_months)


def deadlines(
    board: Board, year: str, versions: Iterable[AnnualReport] | None = None
) -> list[Deadline]:
    """`versions`: the board's reports for `year`, if already read (a page that lists them);
    the first version published is among them."""
    if versions is None:
        published = (
            AnnualReport.objects.filter(board=board, year=year, status=ReportStatus.PUBLISHED)
            .order_by("version")
            .first()
        )
    else:
        published = min(
            (r for r in versions if r.status == ReportStatus.PUBLISHED),
            key=lambda r: r.version,
            default=None,
        )
    rows = [
        Deadline(
            board,
            year,
            f"Publish the {year} report",
            publish_deadline(board, year),
            bool(published),
        )
    ]
    if published:
        for d in published.dispatches.all():
            rows.append(
                Deadline(
                    board,
                    year,
                    f"Send the {year} report to {d.recipient}",
                    d.due_on,
                    bool(d.sent_on),
                )
            )
    return rows


@transaction.atomic
def new_version(report: AnnualReport, user: User | None) -> AnnualReport:
    """A fresh draft for corrections, starting from the published version's narrative."""
    if not report.is_published:
        raise ReportError("This version is still a draft: edit it instead.")
    if AnnualReport.objects.filter(
        board=report.board, year=report.year, status=ReportStatus.DRAFT
    ).exists():
        raise ReportError(f"A draft of the {report.year} report is already being written.")
    latest = AnnualReport.objects.filter(board=report.board, year=report.year).aggregate(
        v=Max("version")
    )["v"]
    shape = structure(settings_for(report.board).structure_code)
    draft = AnnualReport.objects.create(
        board=report.board,
        year=report.year,
        version=latest + 1,
        created_by=user,
        structure_code=shape.code,
        structure_version=shape.version,
    )
    for n in report.narratives.all():  # one by one, so the audit log records each
        NarrativeSection.objects.create(
            report=draft, section_key=n.section_key, text=n.text, updated_by=user
        )
    return draft


__all__ = [
    "ReportError",
    "ReportFrozen",
    "acknowledge",
    "approve",
    "checks",
    "new_version",
    "publish",
    "record_publication",
    "record_sent",
    "save_narrative",
    "start_report",
]


@transaction.atomic
def name_signatory(board: Board, role: str, user: User, job_title: str = "") -> Named:
    """Name who signs off for a partner (recorded on the partnership's partner, as its lead
    or delegate) or for an LSCB's chair; a new person clears that role's draft approvals."""
    current = signatory_for(board, role)
    if current and current.user.pk != user.pk:
        for approval in Approval.objects.filter(
            report__board=board, report__status=ReportStatus.DRAFT, role=role
        ):
            approval.delete()
    if role == SignatoryRole.CHAIR:
        Signatory.objects.update_or_create(
            board=board, role=role, defaults={"user": user, "job_title": job_title}
        )
    else:
        partnership.name_report_signer(board, role, user, job_title)
    return Named(role, user, job_title)
