from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.versions import kept_drawing
from scrutiny.people import forms, sso
from scrutiny.people.models import Role, RoleAssignment, User
from scrutiny.people.services import grant_board_role

from .people_rows import people_rows


class LoginView(auth_views.LoginView):
    form_class = forms.LoginForm
    template_name = "people/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict:
        context = super().get_context_data(**kwargs)
        context["sso_providers"] = sso.providers()
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.GovukPasswordChangeForm
    template_name = "people/password_change.html"
    success_url = reverse_lazy("people:account")

    def form_valid(self, form: forms.GovukPasswordChangeForm) -> HttpResponse:
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm
    template_name = "people/password_reset.html"
    email_template_name = "people/email/password_reset.txt"
    subject_template_name = "people/email/password_reset_subject.txt"
    success_url = reverse_lazy("people:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.GovukSetPasswordForm
    template_name = "people/password_set.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form: forms.GovukSetPasswordForm) -> HttpResponse:
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return super().form_valid(form)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _check_code(form: forms.TokenForm, devices: list[TOTPDevice]) -> TOTPDevice | None:
    """The device the code matches, or None with the reason added to the form.

    Each wrong code makes the device wait longer before the next try (django-otp throttling).
    """
    throttled = True
    for device in devices:
        if device.verify_is_allowed()[0]:
            throttled = False
            if device.verify_token(form.cleaned_data["token"]):
                return device
    if throttled:
        form.add_error("token", "Too many wrong codes. Wait a minute, then try again")
    else:
        form.add_error("token", "That code is not right. Enter the newest code from your app")
    return None


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not user.requires_two_factor():
        # Sign-in asks a second factor only of the roles that need one; a device set up here
        # would never be asked for, so none is offered.
        messages.info(request, "Your roles do not need two-factor authentication.")
        return redirect("people:account")
    if user.totpdevice_set.filter(confirmed=True).exists():
        return redirect(f"{reverse('people:two_factor_verify')}?next={_next_url(request)}")
    device = user.totpdevice_set.filter(confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(form, [device]):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, "Two-factor authentication is set up.")
        return redirect(_next_url(request))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR code to scan")
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "people/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "next": _next_url(request),
        },
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(f"{reverse('people:two_factor_setup')}?next={_next_url(request)}")
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _check_code(form, devices)
        if device:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(
        request, "people/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    roles = user.role_assignments.select_related("region", "board", "agency")
    return render(
        request,
        "people/account.html",
        {"roles": roles, "two_factor": user.totpdevice_set.filter(confirmed=True).exists()},
    )


@board_view(Permission.PEOPLE_VIEW)
def board_people(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    can_manage = has_permission(request.user, Permission.PEOPLE_MANAGE, board=board)
    # A manager is offered Remove for every role but their own, so their drawing is theirs.
    viewer_id = request.user.pk if can_manage else None

    def content() -> dict:
        people = (
            User.objects.filter(role_assignments__board=board)
            .distinct()
            .prefetch_related(
                Prefetch(
                    "role_assignments",
                    queryset=RoleAssignment.objects.filter(board=board).select_related("agency"),
                    to_attr="board_roles",
                )
            )
        )
        regional_admins = User.objects.filter(
            role_assignments__role=Role.REGIONAL_ADMIN,
            role_assignments__region_id=board.region_id,
        ).distinct()
        return {
            "people_rows": people_rows(board, people, can_manage, viewer_id),
            "regional_admins": regional_admins,
            "can_manage": can_manage,
        }

    # The people and their roles, drawn and kept until anything in the region changes (a
    # role granted or removed, a name changed); the Remove forms' tokens are put in at showing.
    body = kept_drawing(
        request,
        f"people:board_people:{PEOPLE_PAGE_FORMAT}",
        "people/_board_people_body.html",
        content,
        vary=[viewer_id],
    )
    return render(request, "people/board_people.html", {"board": board, "body": body})


# Part of the kept people page's key: change it when its drawing changes.
PEOPLE_PAGE_FORMAT = "1"


@board_view(Permission.PEOPLE_MANAGE)
def add_person(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = forms.AddPersonForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment, invited = grant_board_role(
                board=board,
                email=data["email"],
                full_name=data["full_name"],
                role=Role(data["role"]),
                agency=data["agency"],
                granted_by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            note = " An invitation email has been sent." if invited else ""
            messages.success(request, f"{assignment.user} is now {assignment.scope_label}.{note}")
            return redirect("people:board_people", board.slug)
    return render(request, "people/add_person.html", {"board": board, "form": form})


@board_view(Permission.PEOPLE_MANAGE)
@require_POST
def remove_role(request: HttpRequest, assignment_id: int) -> HttpResponse:
    board = current_board(request)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user"), pk=assignment_id, board=board
    )
    if assignment.user_id == request.user.pk:
        messages.error(request, "You cannot remove your own role. Ask another business manager.")
    else:
        label = f"{assignment.user} is no longer {assignment.scope_label}."
        assignment.delete()
        messages.success(request, label)
    return redirect("people:board_people", board.slug)
