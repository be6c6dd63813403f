"""Partnership workflows: naming the partners' people, the register, document versions and
their sign-off, the budget, and what the yearly report reads."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from scrutiny.core.uploads import EvidenceRejected, store_checked
from scrutiny.dataset.periods import financial_year_start
from scrutiny.people.models import User
from scrutiny.returns.models import AgencyReturn
from scrutiny.tenancy.models import Board, BoardAgency

from .framework import lists
from .models import (
    Contribution,
    DocumentSignature,
    DocumentVersion,
    Partner,
    RelevantAgency,
    Signer,
)

ALLOWED_DOCUMENT_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class PartnershipError(ValueError):
    """A request the partnership's records do not allow; the message says why."""


# --- the partners ------------------------------------------------------------------------


def partners(board: Board, *, with_people: bool = True) -> list[Partner]:
    """The board's three partners in the library's order, unsaved where none is recorded
    (one query; with their agency, lead and delegate unless `with_people` is false, for a
    count that needs only who is named)."""
    recorded = Partner.objects.filter(board=board)
    if with_people:
        recorded = recorded.select_related("agency", "lead", "delegate")
    found = {p.kind: p for p in recorded}
    return [found.get(code) or Partner(board=board, kind=code) for code, _ in lists().partners]


def partner_of(board: Board, kind: str) -> Partner:
    if kind not in dict(lists().partners):
        raise PartnershipError(f"No safeguarding partner of kind {kind!r}")
    partner, _ = Partner.objects.get_or_create(board=board, kind=kind)
    return partner


def report_signer(board: Board, kind: str) -> tuple[User | None, str]:
    """Who signs the yearly report for a partner (its lead, or its delegate if it says so)."""
    partner = (
        Partner.objects.filter(board=board, kind=kind).select_related("lead", "delegate").first()
    )
    if partner is None:
        return None, ""
    return partner.signs_report


def report_signers(board: Board) -> dict[str, tuple[User | None, str]]:
    """Who signs the yearly report for each partner of the board, by kind, in one query."""
    return {
        p.kind: p.signs_report
        for p in Partner.objects.filter(board=board).select_related("lead", "delegate")
    }


def kinds_signed_by(board: Board, user: User) -> list[str]:
    """The partners this person signs the yearly report for."""
    return [
        p.kind
        for p in Partner.objects.filter(board=board).filter(Q(lead=user) | Q(delegate=user))
        if p.signs_report_id == user.pk  # by id: the person is not read again
    ]


@transaction.atomic
def name_report_signer(board: Board, kind: str, user: User, job_title: str = "") -> Partner:
    """Name who signs the yearly report for a partner: its lead, or its delegate if the
    partner has chosen that the delegate signs."""
    partner = partner_of(board, kind)
    if partner.report_signer == Signer.DELEGATE:
        partner.delegate, partner.delegate_title = user, job_title
    else:
        partner.lead, partner.lead_title = user, job_title
    partner.save()
    return partner


# --- the relevant agencies register --------------------------------------------------------


def register_rows(board: Board, *, setting: str = "", relevant: str = "") -> QuerySet[BoardAgency]:
    """The board's agencies with their register entries (2 queries with prefetching)."""
    rows = (
        BoardAgency.objects.filter(board=board)
        .select_related("agency", "relevant_agency")
        .prefetch_related("relevant_agency__owed_audits")
        .order_by("agency__name")
    )
    if setting:
        rows = rows.filter(relevant_agency__setting_type=setting)
    if relevant == "yes":
        rows = rows.filter(relevant_agency__is_relevant=True)
    elif relevant == "no":
        rows = rows.exclude(relevant_agency__is_relevant=True)
    return rows


def entry_for(membership: BoardAgency) -> RelevantAgency:
    entry = getattr(membership, "relevant_agency", None)
    return entry or RelevantAgency(membership=membership, is_relevant=False)


def scheduled_returns(board: Board, today: datetime.date) -> set[tuple[int, str]]:
    """(agency id, template code) of every return the board has asked for whose period takes
    in today: an owed audit with one of these is scheduled for the current year (1 query)."""
    return set(
        AgencyReturn.objects.filter(
            requests__board=board, period_start__lte=today, period_end__gte=today
        ).values_list("agency_id", "template__code")
    )


@dataclass
class RegisterLine:
    membership: BoardAgency
    entry: RelevantAgency | None
    audits: list[tuple[str, bool]] = field(default_factory=list)  # (title, scheduled)


def register_lines(
    board: Board, rows: list[BoardAgency], today: datetime.date
) -> list[RegisterLine]:
    scheduled = scheduled_returns(board, today)
    lines = []
    for membership in rows:
        entry = getattr(membership, "relevant_agency", None)
        audits = []
        if entry is not None:
            audits = [
                (t.title, (membership.agency_id, t.code) in scheduled)
                for t in entry.owed_audits.all()
            ]
        lines.append(RegisterLine(membership, entry, audits))
    return lines


# --- documents -----------------------------------------------------------------------------


@transaction.atomic
def add_version(
    board: Board,
    kind: str,
    *,
    effective_on: datetime.date,
    review_on: datetime.date,
    url: str = "",
    upload: UploadedFile | None = None,
    notes: str = "",
    user: User | None = None,
) -> DocumentVersion:
    if kind not in dict(lists().documents):
        raise PartnershipError(f"No partnership document of kind {kind!r}")
    if not url and upload is None:
        raise PartnershipError("Upload the document or give the address where it is published")
    latest = (
        DocumentVersion.objects.select_for_update()
        .filter(board=board, kind=kind)
        .order_by("-version")
        .first()
    )
    version = DocumentVersion(
        board=board,
        kind=kind,
        version=(latest.version + 1) if latest else 1,
        url=url,
        effective_on=effective_on,
        review_on=review_on,
        notes=notes,
        created_by=user,
    )
    if upload is not None:
        store_checked(version, upload, name=upload.name or "document")
        if version.content_type not in ALLOWED_DOCUMENT_TYPES:
            raise EvidenceRejected(f"{upload.name}: upload the document as PDF or Word (.docx)")
    version.save()
    return version


@dataclass
class SignLine:
    partner: Partner
    signature: DocumentSignature | None


@dataclass
class DocumentState:
    version: DocumentVersion
    lines: list[SignLine]
    superseded: bool

    @property
    def agreed(self) -> bool:
        return all(line.signature is not None for line in self.lines)

    @property
    def awaiting(self) -> int:
        return sum(1 for line in self.lines if line.signature is None)


def document_states(
    board: Board, board_partners: list[Partner] | None = None, *, with_signers: bool = True
) -> list[DocumentState]:
    """Every version (newest first per kind), with each partner's signature and who signed
    (2 queries, and 1 for the partners unless given; who signed is not read when
    `with_signers` is false, for counts). A version is superseded when a newer version of its
    kind has been agreed."""
    signatures = DocumentSignature.objects.all()
    if with_signers:
        signatures = signatures.select_related("signed_by")
    versions = DocumentVersion.objects.filter(board=board).prefetch_related(
        Prefetch("signatures", queryset=signatures)
    )
    if board_partners is None:
        board_partners = partners(board)
    states = []
    for v in versions.order_by("kind", "-version"):
        signed = {s.partner_id: s for s in v.signatures.all()}
        lines = [SignLine(p, signed.get(p.pk)) for p in board_partners]
        states.append(DocumentState(v, lines, superseded=False))
    newest_agreed: dict[str, int] = {}
    for s in states:
        if s.agreed:
            newest_agreed[s.version.kind] = max(
                newest_agreed.get(s.version.kind, 0), s.version.version
            )
    for s in states:
        s.superseded = s.version.version < newest_agreed.get(s.version.kind, 0)
    return states


def current_documents(
    board: Board, board_partners: list[Partner] | None = None, *, with_signers: bool = True
) -> list[DocumentState]:
    """For each kind, the newest version (whether agreed or awaiting sign-off)."""
    seen: set[str] = set()
    current = []
    for state in document_states(board, board_partners, with_signers=with_signers):
        if state.version.kind not in seen:
            seen.add(state.version.kind)
            current.append(state)
    return current


@transaction.atomic
def sign(version: DocumentVersion, partner: Partner, user: User) -> DocumentSignature:
    """The named lead safeguarding partner signs the version for their partner."""
    if partner.board_id != version.board_id:
        raise PartnershipError("That partner is not one of this board's partners.")
    if partner.lead_id is None or partner.lead_id != user.pk:
        raise PartnershipError(
            f"Only the named lead safeguarding partner for {partner.label} can sign for it."
        )
    if DocumentSignature.objects.filter(version=version, partner=partner).exists():
        raise PartnershipError(f"{partner.label} has already signed this version.")
    return DocumentSignature.objects.create(version=version, partner=partner, signed_by=user)


def awaiting_signoff_count(board: Board) -> int:
    return sum(1 for s in current_documents(board) if not s.agreed)


def overdue_review_count(board: Board, today: datetime.date) -> int:
    return sum(1 for s in current_documents(board) if s.version.review_overdue(today))


# --- the budget ----------------------------------------------------------------------------


@dataclass
class Budget:
    year: str
    rows: list[tuple[Contribution, Decimal]]  # each contribution and its share (per cent)
    total: Decimal
    partners_total: Decimal


def budget(board: Board, year: str) -> Budget:
    rows = list(
        Contribution.objects.filter(board=board, year=year).select_related("partner", "agency")
    )
    total = sum((c.amount for c in rows), Decimal("0"))
    partners_total = sum((c.amount for c in rows if c.partner_id), Decimal("0"))

    def share(amount: Decimal) -> Decimal:
        return (amount * 100 / total).quantize(Decimal("0.1")) if total else Decimal("0")

    return Budget(year, [(c, share(c.amount)) for c in rows], total, partners_total)


def budget_years(board: Board) -> list[str]:
    return list(
        Contribution.objects.filter(board=board)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def financial_year_of(day: datetime.date) -> str:
    """The financial year a day falls in, written like 2026-27."""
    start = financial_year_start(day)
    return f"{start}-{(start + 1) % 100:02d}"


def today() -> datetime.date:
    return timezone.localdate()
