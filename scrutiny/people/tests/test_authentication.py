"""Sign-in: argon2 hashes, throttling after repeated failures, TOTP for senior roles."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutiny import settings as production_settings
from scrutiny.people.models import Role

PASSWORD = "correct horse battery staple"


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_passwords_are_hashed_with_argon2(make_user):
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        user = make_user()
        user.set_password("a long enough passphrase")
        assert identify_hasher(user.password).algorithm == "argon2"


def test_viewer_signs_in_with_a_password_alone(client, make_user, board):
    viewer = make_user(Role.VIEWER, board=board)
    response = sign_in(client, viewer.email)
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200
    assert client.get(reverse("core:board_home", args=[board.slug])).status_code == 200


def test_wrong_password_gets_a_clear_message(client, make_user, board):
    viewer = make_user(Role.VIEWER, board=board)
    response = sign_in(client, viewer.email, "wrong")
    assert response.status_code == 200
    assert b"Enter a correct email address and password" in response.content


def test_repeated_failures_lock_the_account_out(client, make_user, board, settings):
    viewer = make_user(Role.VIEWER, board=board)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, viewer.email, "wrong").status_code == 200
    locked = sign_in(client, viewer.email, "wrong")
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content
    # even the right password is refused while locked
    assert sign_in(client, viewer.email).status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", [Role.REGIONAL_ADMIN, Role.CHAIR, Role.BUSINESS_MANAGER])
def test_senior_roles_must_set_up_two_factor_before_anything_else(client, make_user, board, role):
    user = make_user(role, board=board, region=board.region)
    sign_in(client, user.email)
    response = client.get(reverse("core:board_home", args=[board.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:two_factor_setup"))

    page = client.get(response["Location"])
    assert b"<svg" in page.content  # the QR code
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        reverse("people:two_factor_setup"),
        {"token": "000000" if current_code(device) != "000000" else "111111"},
    )
    assert b"That code is not right" in wrong.content
    device.refresh_from_db()
    device.throttle_reset()  # as if the person waited before trying again
    done = client.post(
        reverse("people:two_factor_setup") + f"?next=/b/{board.slug}/",
        {"token": current_code(device)},
    )
    assert done.status_code == 302 and done["Location"] == f"/b/{board.slug}/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:board_home", args=[board.slug])).status_code == 200


def test_enrolled_user_is_asked_for_a_code_at_each_sign_in(client, make_user, board):
    chair = make_user(Role.CHAIR, board=board)
    device = TOTPDevice.objects.create(user=chair, name="app", confirmed=True)
    sign_in(client, chair.email)
    response = client.get(reverse("core:board_home", args=[board.slug]))
    assert response["Location"].startswith(reverse("people:two_factor_verify"))
    assert client.post(reverse("people:two_factor_verify"), {"token": "12345"}).status_code == 200
    ok = client.post(reverse("people:two_factor_verify"), {"token": current_code(device)})
    assert ok.status_code == 302
    assert client.get(reverse("core:board_home", args=[board.slug])).status_code == 200


def test_wrong_codes_are_throttled(client, make_user, board):
    chair = make_user(Role.CHAIR, board=board)
    device = TOTPDevice.objects.create(user=chair, name="app", confirmed=True)
    sign_in(client, chair.email)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    client.post(reverse("people:two_factor_verify"), {"token": wrong})
    # the device now makes the person wait before the next try, even with the right code
    response = client.post(reverse("people:two_factor_verify"), {"token": current_code(device)})
    assert b"Too many wrong codes" in response.content
    assert client.get(reverse("core:board_home", args=[board.slug])).status_code == 302


def test_other_roles_are_not_asked_for_a_second_factor(client, make_user, board, agency):
    for role in [Role.QA_MEMBER, Role.LAY_MEMBER, Role.VIEWER]:
        client.logout()
        sign_in(client, make_user(role, board=board).email)
        assert client.get(reverse("core:board_home", args=[board.slug])).status_code == 200
    client.logout()
    sign_in(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency).email)
    assert client.get(reverse("core:board_home", args=[board.slug])).status_code == 200


def test_sign_out_needs_post(client, login, make_user, board):
    login(client, make_user(Role.VIEWER, board=board))
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("core:board_home", args=[board.slug])).status_code == 302


def test_next_parameter_cannot_send_people_off_site(client, make_user, board):
    chair = make_user(Role.CHAIR, board=board)
    device = TOTPDevice.objects.create(user=chair, name="app", confirmed=True)
    sign_in(client, chair.email)
    response = client.post(
        reverse("people:two_factor_verify") + "?next=https://evil.example/",
        {"token": current_code(device)},
    )
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("role", [Role.QA_MEMBER, Role.LAY_MEMBER, Role.VIEWER, Role.AGENCY_LEAD])
def test_setting_up_two_factor_tells_a_role_that_needs_none_so(
    client, login, make_user, board, agency, role
):
    from conftest import user_for_role

    user = user_for_role(make_user, role, board, agency)
    login(client, user)
    response = client.get(reverse("people:two_factor_setup"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("people:account"), 302)]
    assert "Your roles do not need two-factor authentication." in response.content.decode()
    assert not user.totpdevice_set.exists()


@pytest.mark.parametrize("change", ["deleted", "unconfirmed", "given to someone else"])
def test_a_verified_session_loses_its_second_factor_when_the_device_does(
    client, make_user, board, change
):
    """The device named in the session is read afresh on each request
    (`people.middleware.OTPMiddleware`): an admin resetting it ends the verified state."""
    from django_otp import DEVICE_ID_SESSION_KEY

    chair = make_user(Role.CHAIR, board=board)
    device = TOTPDevice.objects.create(user=chair, name="app", confirmed=True)
    sign_in(client, chair.email)
    client.post(reverse("people:two_factor_verify"), {"token": current_code(device)})
    home = reverse("core:board_home", args=[board.slug])
    assert client.get(home).status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    if change == "deleted":
        device.delete()
    elif change == "unconfirmed":
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    else:
        TOTPDevice.objects.filter(pk=device.pk).update(user=make_user())
    response = client.get(home)
    # No confirmed device of theirs is left, so they are sent to set one up again.
    assert response["Location"].startswith(reverse("people:two_factor_setup"))
    assert DEVICE_ID_SESSION_KEY not in client.session
