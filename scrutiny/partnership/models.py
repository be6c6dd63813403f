"""The partnership: the three safeguarding partners and their named people, the relevant
agencies register, the documents the lead safeguarding partners sign off, and the budget.

The yearly report's sign-off (`scrutiny.reports`) reads who signs for each partner from
`Partner`: there is no second record of who the leads are."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from scrutiny.core.concurrency import Revisioned
from scrutiny.library.models import FrameworkTemplate
from scrutiny.tenancy.models import Agency, Board, BoardAgency

from .framework import lists

User = settings.AUTH_USER_MODEL


class Signer(models.TextChoices):
    LEAD = "lead", "The lead safeguarding partner"
    DELEGATE = "delegate", "The delegated safeguarding partner"


class Partner(Revisioned):
    """One of the board's three safeguarding partners (kinds listed in the library file)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="safeguarding_partners")
    kind = models.CharField(max_length=30, help_text="A partner named in the library file")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lead = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lead_title = models.CharField("Lead's job title", max_length=150, blank=True)
    delegate = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delegate_title = models.CharField("Delegate's job title", max_length=150, blank=True)
    report_signer = models.CharField(
        "Who signs off the yearly report",
        max_length=20,
        choices=Signer.choices,
        default=Signer.LEAD,
    )

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["board", "kind"], name="one_partner_of_each_kind")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return lists().partner_label(self.kind)

    @property
    def signs_report(self):
        """The person who signs the yearly report for this partner, and their job title."""
        if self.report_signer == Signer.DELEGATE:
            return self.delegate, self.delegate_title
        return self.lead, self.lead_title

    @property
    def signs_report_id(self) -> int | None:
        """The id of the person who signs the yearly report (`signs_report`), not read."""
        return self.delegate_id if self.report_signer == Signer.DELEGATE else self.lead_id

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


def validate_urn(value: str) -> None:
    if value and not re.fullmatch(lists().urn_pattern, value):
        raise ValidationError("Enter the DfE URN as 6 digits, for example 100000")


class RelevantAgency(Revisioned):
    """An agency on the board as the relevant agencies register records it."""

    membership = models.OneToOneField(
        BoardAgency, on_delete=models.CASCADE, related_name="relevant_agency"
    )
    is_relevant = models.BooleanField(
        "A relevant agency", default=True, help_text="Named in the published arrangements"
    )
    setting_type = models.CharField(max_length=40, blank=True)
    urn = models.CharField(
        "DfE URN",
        max_length=6,
        blank=True,
        validators=[validate_urn],
        help_text="The Department for Education's unique reference number, where it has one",
    )
    owed_audits = models.ManyToManyField(
        FrameworkTemplate, blank=True, related_name="+", verbose_name="Safeguarding audits owed"
    )

    class Meta:
        ordering = ["membership__agency__name"]

    def __str__(self) -> str:
        return str(self.membership.agency)

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.membership.board.region_id, [self.membership.board_id]


def document_path(instance: DocumentVersion, filename: str) -> str:
    # Stored under an opaque name; the original name is kept in the database only.
    return f"partnership/{instance.board_id}/{instance.sha256[:16]}"


class DocumentVersion(models.Model):
    """One version of the published arrangements or the threshold document. It is agreed
    when every partner's lead has signed it; the newest agreed version supersedes the rest."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="partnership_documents")
    kind = models.CharField(max_length=30, help_text="A document named in the library file")
    version = models.PositiveSmallIntegerField()
    url = models.URLField("Address where it is published", max_length=500, blank=True)
    file = models.FileField(upload_to=document_path, blank=True, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    effective_on = models.DateField("Effective from")
    review_on = models.DateField("Review by")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "kind", "version"], name="one_document_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{lists().document_label(self.kind)}, version {self.version}"

    @property
    def label(self) -> str:
        return lists().document_label(self.kind)

    def review_overdue(self, today: datetime.date | None = None) -> bool:
        return self.review_on < (today or timezone.localdate())

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class DocumentSignature(models.Model):
    """A lead safeguarding partner's sign-off of a version, for their partner."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="signatures")
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "partner"], name="one_signature_each")
        ]

    def __str__(self) -> str:
        return f"{self.partner} signed {self.version}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.version.audit_scope()


class Contribution(Revisioned):
    """A yearly budget contribution from a partner or another agency."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="contributions")
    year = models.CharField("Financial year", max_length=7, help_text="For example 2026-27")
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="contributions"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount = models.DecimalField(
        "Amount in pounds", max_digits=12, decimal_places=2, default=Decimal("0")
    )
    pays_for = models.TextField("What it pays for", blank=True)

    class Meta:
        ordering = ["-year", "partner__kind", "agency__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(partner__isnull=True) ^ models.Q(agency__isnull=True),
                name="contribution_from_partner_or_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_label}, {self.year}: £{self.amount:,.2f}"

    @property
    def source_label(self) -> str:
        return self.partner.label if self.partner else str(self.agency)

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
