"""People and their roles. A role is held in a scope: a region, a board, or a board and agency."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from scrutiny.tenancy.models import Agency, Board, Region


class Role(models.TextChoices):
    REGIONAL_ADMIN = "regional_admin", "Regional admin"
    CHAIR = "chair", "Independent chair"
    BUSINESS_MANAGER = "business_manager", "Business manager"
    QA_MEMBER = "qa_member", "QA sub-group member"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    LAY_MEMBER = "lay_member", "Lay member"
    VIEWER = "viewer", "Viewer"
    # Reads only what the partnership shares with it, between the scrutiny plan's dates.
    SCRUTINEER = "scrutineer", "Independent scrutineer"

    @classmethod
    def board_roles(cls) -> list[Role]:
        return [r for r in cls if r is not cls.REGIONAL_ADMIN]


# Roles whose holders must use a second factor (TOTP) to sign in.
# The independent scrutineer reads case-level evidence across the partnership, so it too.
TWO_FACTOR_ROLES = frozenset(
    {Role.REGIONAL_ADMIN, Role.CHAIR, Role.BUSINESS_MANAGER, Role.SCRUTINEER}
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)  # None gives an unusable password: the invitee sets one
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin site")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def requires_two_factor(self) -> bool:
        return self.role_assignments.filter(role__in=TWO_FACTOR_ROLES).exists()

    def audit_scope(self) -> tuple[int | None, list[int]]:
        grants = list(self.role_assignments.values_list("region_id", "board_id"))
        region_ids = {region for region, _ in grants if region}
        board_ids = sorted({board for _, board in grants if board})
        return (min(region_ids) if region_ids else None), board_ids


class RoleAssignment(models.Model):
    """One role held by one person in one scope.

    Regional admins hold their role for a region (and so for every board in it). Everyone
    else holds a role on one board; agency leads also name the agency they answer for.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="role_assignments")
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            # A role is held once per scope (an agency lead leads one agency, so the board is
            # enough). Two partial constraints, because SQLite ignores NULLS NOT DISTINCT.
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=models.Q(board__isnull=True),
                name="region_role_held_once",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "board"],
                condition=models.Q(board__isnull=False),
                name="board_role_held_once",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role="regional_admin", board__isnull=True, agency__isnull=True)
                    | models.Q(role="agency_lead", board__isnull=False, agency__isnull=False)
                    | (
                        ~models.Q(role__in=["regional_admin", "agency_lead"])
                        & models.Q(board__isnull=False, agency__isnull=True)
                    )
                ),
                name="role_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.scope_label}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.region_id and self.board is not None:
            self.region_id = self.board.region_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def scope_label(self) -> str:
        if self.role == Role.REGIONAL_ADMIN:
            return f"{self.get_role_display()}, {self.region}"
        if self.role == Role.AGENCY_LEAD:
            return f"{self.get_role_display()} for {self.agency}, {self.board}"
        return f"{self.get_role_display()}, {self.board}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.region_id and self.board is not None:
            self.region_id = self.board.region_id
        if self.role == Role.REGIONAL_ADMIN:
            if self.board_id or self.agency_id:
                errors["board"] = "A regional admin holds the role for the whole region."
        elif not self.board_id:
            errors["board"] = "Choose the board this role is held on."
        if self.role == Role.AGENCY_LEAD:
            if not self.agency_id:
                errors["agency"] = "Choose the agency this lead answers for."
            elif (
                self.board is not None
                and not self.board.memberships.filter(agency_id=self.agency_id).exists()
            ):
                errors["agency"] = f"{self.agency} does not serve {self.board}."
            elif self.user_id:
                other = (
                    RoleAssignment.objects.filter(user_id=self.user_id, role=Role.AGENCY_LEAD)
                    .exclude(agency_id=self.agency_id)
                    .exclude(pk=self.pk)
                    .select_related("agency")
                    .first()
                )
                if other:
                    errors["agency"] = (
                        f"This person is already the lead for {other.agency}; "
                        "an agency lead answers for one agency."
                    )
        elif self.agency_id:
            errors["agency"] = "Only agency leads are tied to an agency."
        if self.board is not None and self.region_id and self.board.region_id != self.region_id:
            errors["board"] = "The board is not in this region."
        if errors:
            raise ValidationError(errors)

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.region_id, [self.board_id] if self.board_id else []
