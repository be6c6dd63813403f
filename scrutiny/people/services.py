"""Workflows that touch people and roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from scrutiny.tenancy.models import Agency, Board

from .models import Role, RoleAssignment, User


def set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("people:password_reset_confirm", args=[uid, token])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def send_invitation(user: User, assignment: RoleAssignment, invited_by: User) -> None:
    context = {
        "user": user,
        "assignment": assignment,
        "invited_by": invited_by,
        "link": set_password_link(user),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    send_mail(
        subject=f"You have been invited to Scrutiny for {assignment.board}",
        message=render_to_string("people/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def grant_board_role(
    *,
    board: Board,
    email: str,
    full_name: str,
    role: Role,
    agency: Agency | None,
    granted_by: User,
) -> tuple[RoleAssignment, bool]:
    """Give a person a role on a board; create and invite them if they are new.

    Returns the role and whether an invitation was sent. Raises ValidationError naming
    the field at fault, and then nothing is saved.
    """
    user = User.objects.filter(email__iexact=email).first()
    invited = user is None
    if user is None:
        if not full_name.strip():
            raise ValidationError({"full_name": "Enter their full name: they are new to Scrutiny"})
        user = User.objects.create_user(email=email, full_name=full_name.strip())
    assignment = RoleAssignment(
        user=user, role=role, region=board.region, board=board, agency=agency
    )
    if RoleAssignment.objects.filter(user=user, role=role, board=board, agency=agency).exists():
        raise ValidationError({"role": f"{user} already has this role on {board}"})
    assignment.full_clean()
    assignment.save()
    if invited:
        transaction.on_commit(lambda: send_invitation(user, assignment, granted_by))
    return assignment, invited
