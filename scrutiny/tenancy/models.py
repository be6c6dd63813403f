"""Tenancy: a Region groups Boards; Agencies belong to a region and serve one or more boards."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned


class Region(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tenancy:region_home", args=[self.slug])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.pk, []


class Arrangement(models.TextChoices):
    """How the board is constituted: the words on its pages follow (`Board.words`)."""

    PARTNERSHIP = "partnership", "Safeguarding partnership (three lead safeguarding partners)"
    LSCB = "lscb", "Local Safeguarding Children Board (the chair signs off)"


def board_logo_path(instance: Board, filename: str) -> str:
    return f"boards/{instance.pk}/logo-{filename}"


class Board(Revisioned):
    """A Local Safeguarding Children Board or safeguarding children partnership."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="boards")
    name = models.CharField(max_length=160, unique=True)
    short_name = models.CharField(max_length=60, help_text="Used in the board switcher")
    slug = models.SlugField(max_length=60, unique=True)
    local_authority = models.CharField(max_length=120, blank=True)
    la_code = models.CharField(
        "local authority code",
        max_length=9,
        blank=True,
        help_text="The council's 9-character ONS code (new_la_code in DfE files), e.g. E08000025",
    )
    description = models.TextField(blank=True)
    # Shown to children on the board's public "have your say" forms, beside Childline.
    help_line_name = models.CharField(
        "who children can call",
        max_length=120,
        blank=True,
        help_text="For example: Children's services front door (out of hours: emergency duty team)",
    )
    help_line_phone = models.CharField(
        "their phone number",
        max_length=40,
        blank=True,
        help_text="For example: 0161 234 5678",
    )
    # The board's own mark: on the yearly report's cover and beside its name on the public
    # forms children use (served by `tenancy:board_logo`, the only public file). Uploaded on
    # the yearly report's settings page, which checks it is a PNG or JPEG image.
    logo = models.FileField(upload_to=board_logo_path, blank=True, max_length=300)
    arrangement = models.CharField(
        max_length=20,
        choices=Arrangement.choices,
        default=Arrangement.PARTNERSHIP,
        help_text="A safeguarding children partnership or a Local Safeguarding Children Board",
    )
    agencies: models.ManyToManyField[Agency, BoardAgency] = models.ManyToManyField(
        "Agency", through="BoardAgency", related_name="boards", blank=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:board_home", args=[self.slug])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.region_id, [self.pk]

    @property
    def is_partnership(self) -> bool:
        return self.arrangement == Arrangement.PARTNERSHIP

    @property
    def words(self) -> dict[str, str]:
        """The words its pages use for it, from settings (SCRUTINY_ARRANGEMENT_WORDS)."""
        return settings.SCRUTINY_ARRANGEMENT_WORDS[self.arrangement]


class AgencyType(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH_COMMISSIONER = "health_commissioner", "Health: commissioner (ICB / CCG)"
    HEALTH_ACUTE = "health_acute", "Health: acute hospital trust"
    HEALTH_COMMUNITY = "health_community", "Health: community health services"
    HEALTH_MENTAL = "health_mental", "Health: mental health trust (incl. CAMHS)"
    HEALTH_AMBULANCE = "health_ambulance", "Health: ambulance service"
    HEALTH_PUBLIC = "health_public", "Health: public health"
    EDUCATION = "education", "Education (local authority)"
    SCHOOLS = "schools", "Schools and colleges"
    YOUTH_OFFENDING = "youth_offending", "Youth offending service"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    OTHER = "other", "Other"


class Agency(Revisioned):
    """A partner agency. Agencies are regional: one police force may serve several boards."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=160)
    agency_type = models.CharField(max_length=40, choices=AgencyType.choices)
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="agency_name_unique_in_region")
        ]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.region_id, list(self.memberships.values_list("board_id", flat=True))


class BoardAgency(models.Model):
    """An agency's membership of a board."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    statutory_partner = models.BooleanField(
        default=False, help_text="A statutory partner under the Children Act 2004"
    )
    joined_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name"]
        verbose_name = "board membership of an agency"
        constraints = [
            models.UniqueConstraint(fields=["board", "agency"], name="agency_once_per_board")
        ]

    def __str__(self) -> str:
        return f"{self.agency} on {self.board}"

    def clean(self) -> None:
        if self.board_id and self.agency_id and self.board.region_id != self.agency.region_id:
            raise ValidationError("An agency can only serve boards in its own region.")

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
