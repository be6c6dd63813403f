from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from scrutiny.access.permissions import grants_for
from scrutiny.people.models import TWO_FACTOR_ROLES
from scrutiny.people.sso import second_factor_passed

# Pages a signed-in person may reach before completing the second factor.
_OPEN_URL_NAMES = ("people:two_factor_setup", "people:two_factor_verify", "logout")


class TwoFactorRequiredMiddleware:
    """Chairs, business managers and regional admins must pass TOTP before anything else (or
    have signed in through a provider that asserted a second factor their region accepts)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not second_factor_passed(request)
            and any(g.role in TWO_FACTOR_ROLES for g in grants_for(user))
        ):
            open_paths = {reverse(name) for name in _OPEN_URL_NAMES}
            if request.path not in open_paths and not request.path.startswith("/static/"):
                has_device = user.totpdevice_set.filter(confirmed=True).exists()  # type: ignore[attr-defined]
                target = "people:two_factor_verify" if has_device else "people:two_factor_setup"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
