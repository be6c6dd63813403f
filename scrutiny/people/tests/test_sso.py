"""Single sign-on against a real OpenID Connect provider on a local port (oidc_provider.py):
the browser's trip to the provider and back is made over HTTP, and Scrutiny's server calls
the provider's discovery, JWKS and token endpoints over HTTP too."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from scrutiny.people.models import Role
from scrutiny.people.oidc_config import parse_oidc_providers

from .oidc_provider import TestProvider


@pytest.fixture(scope="module")
def running_provider():
    with TestProvider() as running:
        yield running


@pytest.fixture
def provider(running_provider):
    """The module's provider (its key pair is slow to make), with nothing spoilt."""
    running_provider.identity, running_provider.token_claims = {}, {}
    running_provider.forge_signature, running_provider.token_requests = False, 0
    return running_provider


@pytest.fixture
def configure(settings, provider, region):
    """Configure Scrutiny with the test provider for `region` (changes: more keys)."""

    def apply(**changes):
        entry = provider.settings_entry(regions=[region.slug], **changes)
        settings.SCRUTINY_OIDC_PROVIDERS = parse_oidc_providers(json.dumps([entry]), {})

    apply()
    return apply


def sign_in(client: Client, provider: TestProvider, next_url: str = ""):
    """Sign-in button → the provider (a real HTTP request) → back to Scrutiny's callback."""
    start = reverse("sso_start", args=["test-id"]) + (f"?next={next_url}" if next_url else "")
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    assert to_provider["Location"].startswith(f"{provider.issuer}/authorize?")
    asked = parse_qs(urlsplit(to_provider["Location"]).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["nonce"] and asked["state"]
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    assert callback.path == reverse("sso_callback")
    return client.get(f"{callback.path}?{callback.query}")


def signed_in_as(client: Client):
    return client.session.get(SESSION_KEY)


def refusal(response) -> str:
    assert response.status_code == 302 and response["Location"] == reverse("login")
    return response.client.get(reverse("login")).content.decode()


@pytest.fixture
def lead(make_user, board, agency):
    return make_user(Role.AGENCY_LEAD, board=board, agency=agency, email="Lead@Police.example")


def test_the_sign_in_page_offers_the_provider_only_when_configured(client, settings, configure):
    assert b"Sign in with Test Council ID" in client.get(reverse("login")).content
    settings.SCRUTINY_OIDC_PROVIDERS = []
    page = client.get(reverse("login")).content
    assert b"Sign in with" not in page
    assert client.get(reverse("sso_start", args=["test-id"])).status_code == 404


def test_an_invited_person_signs_in_and_it_is_logged(client, provider, configure, lead):
    provider.identity = {"email": "lead@police.example", "email_verified": True}
    response = sign_in(client, provider, next_url="/account/")
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert signed_in_as(client) == str(lead.pk)
    assert client.get("/account/").status_code == 200
    assert provider.token_requests == 1
    # Logged like a password sign-in, in django-axes' access log.
    assert AccessLog.objects.filter(username=lead.email).count() == 1


def test_an_unknown_person_is_refused_with_a_clear_message(client, provider, configure, lead):
    provider.identity = {"email": "stranger@police.example", "email_verified": True}
    response = sign_in(client, provider)
    assert signed_in_as(client) is None
    assert "Nobody with the email address Test Council ID gave is invited" in refusal(response)
    assert AccessAttempt.objects.count() == 1  # a failed sign-in, as for a wrong password


def test_a_person_invited_only_in_another_region_is_refused(
    client, provider, configure, make_user, far_board
):
    make_user(Role.BUSINESS_MANAGER, board=far_board, email="far@council.example")
    provider.identity = {"email": "far@council.example", "email_verified": True}
    response = sign_in(client, provider)
    assert signed_in_as(client) is None
    assert "is invited to Scrutiny in the regions that sign in through it" in refusal(response)


def test_an_unverified_email_is_not_matched(client, provider, configure, lead):
    provider.identity = {"email": "lead@police.example", "email_verified": False}
    response = sign_in(client, provider)
    assert signed_in_as(client) is None
    assert "has not verified your email address" in refusal(response)


def test_a_deactivated_person_is_refused(client, provider, configure, lead):
    lead.is_active = False
    lead.save()
    provider.identity = {"email": "lead@police.example", "email_verified": True}
    sign_in(client, provider)
    assert signed_in_as(client) is None


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ({"token_claims": {"aud": "another-application"}}, "issued for another application"),
        ({"token_claims": {"iss": "https://impostor.example"}}, "issued by someone else"),
        ({"token_claims": {"exp": 1_000_000_000}}, "the ID token has expired"),
        ({"forge_signature": True}, "signature does not verify"),
        ({"token_claims": {"nonce": "replayed"}}, "Nonce verification failed"),
    ],
    ids=["wrong-audience", "wrong-issuer", "expired", "bad-signature", "wrong-nonce"],
)
def test_a_token_that_does_not_verify_signs_nobody_in(
    client, provider, configure, lead, spoil, message
):
    provider.identity = {"email": "lead@police.example", "email_verified": True}
    for name, value in spoil.items():
        setattr(provider, name, value)
    response = sign_in(client, provider)
    assert signed_in_as(client) is None
    page = refusal(response)
    assert "You were not signed in." in page and message in page


def test_a_state_is_used_once(client, provider, configure, lead):
    provider.identity = {"email": "lead@police.example", "email_verified": True}
    to_provider = client.get(reverse("sso_start", args=["test-id"]))
    back = urlsplit(
        requests.get(to_provider["Location"], allow_redirects=False, timeout=10).headers["Location"]
    )
    client.get(f"{back.path}?{back.query}")
    assert signed_in_as(client) == str(lead.pk)
    other = Client()
    response = other.get(f"{back.path}?{back.query}")  # replayed in another browser
    assert other.session.get(SESSION_KEY) is None
    assert "expired or was already used" in refusal(response)


@pytest.fixture
def manager(make_user, board):
    """A business manager: the role needs a second factor."""
    return make_user(Role.BUSINESS_MANAGER, board=board, email="manager@council.example")


@pytest.mark.parametrize(
    ("accepted", "amr", "asked"),
    [
        (["mfa"], ["pwd", "mfa"], False),  # the region accepts the provider's MFA
        ([], ["pwd", "mfa"], True),  # the region does not: TOTP still asked
        (["mfa"], ["pwd"], True),  # the provider did not assert MFA
        (["mfa"], None, True),  # no amr at all
    ],
    ids=["mfa-accepted", "mfa-not-accepted-by-region", "no-mfa-asserted", "no-amr"],
)
def test_the_second_factor_is_asked_unless_the_provider_asserted_one_the_region_accepts(
    client, provider, configure, manager, board, accepted, amr, asked
):
    configure(mfa_amr=accepted)
    provider.identity = {"email": "manager@council.example", "email_verified": True}
    if amr is not None:
        provider.identity["amr"] = amr
    sign_in(client, provider)
    assert signed_in_as(client) == str(manager.pk)
    page = client.get(reverse("core:board_home", args=[board.slug]))
    if asked:
        assert page.status_code == 302
        assert page["Location"].startswith(reverse("people:two_factor_setup"))
    else:
        assert page.status_code == 200


def test_a_password_sign_in_is_untouched_by_single_sign_on(client, configure, lead):
    response = client.post(
        reverse("login"),
        {"username": lead.email, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert signed_in_as(client) == str(lead.pk)


def test_an_unreachable_provider_gives_a_clear_message(client, settings, region):
    settings.SCRUTINY_OIDC_PROVIDERS = parse_oidc_providers(
        '[{"slug": "gone", "name": "Gone ID", "issuer": "http://127.0.0.1:9", '
        '"client_id": "c", "client_secret": "s", "regions": ["test-region"]}]',
        {},
    )
    response = client.get(reverse("sso_start", args=["gone"]))
    assert "Gone ID could not be reached" in refusal(response)


@pytest.mark.parametrize(
    ("raw", "environ", "message"),
    [
        ("{}", {}, "must be a JSON list"),
        ("[{", {}, "not valid JSON"),
        ('[{"slug": "x"}]', {}, "needs 'name'"),
        (
            '[{"slug": "x", "name": "X", "issuer": "https://i", "client_id": "c", '
            '"client_secret_env": "X_SECRET", "regions": ["r"]}]',
            {},
            "X_SECRET is not set",
        ),
        (
            '[{"slug": "x", "name": "X", "issuer": "https://i", "client_id": "c", '
            '"client_secret": "s", "regions": []}]',
            {},
            "regions must name at least one",
        ),
        (
            '[{"slug": "x", "name": "X", "issuer": "https://i", "client_id": "c", '
            '"client_secret": "s", "regions": ["r"], "token_endpoint": "https://t"}]',
            {},
            "or none (discovery)",
        ),
        ('[{"slug": "x", "colour": "red"}]', {}, "unknown keys: colour"),
    ],
)
def test_provider_settings_are_parsed_strictly(raw, environ, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        parse_oidc_providers(raw, environ)


def test_a_secret_may_come_from_its_own_variable():
    [parsed] = parse_oidc_providers(
        '[{"slug": "north", "name": "North", "issuer": "https://login.example/t/v2.0/", '
        '"client_id": "c", "client_secret_env": "NORTH_SECRET", "regions": ["north"], '
        '"mfa_amr": ["mfa"]}]',
        {"NORTH_SECRET": "from-the-environment"},
    )
    assert parsed["client_secret"] == "from-the-environment"
    assert parsed["issuer"] == "https://login.example/t/v2.0"
    assert parsed["mfa_amr"] == ["mfa"] and parsed["regions"] == ["north"]


def test_a_token_answer_without_an_id_token_is_refused(client, provider, configure, lead):
    provider.identity = {"email": "lead@police.example", "email_verified": True}
    original = provider.token

    def without_id_token(form):
        status, body = original(form)
        body.pop("id_token", None)
        return status, body

    provider.token = without_id_token
    try:
        response = sign_in(client, provider)
    finally:
        del provider.token  # back to the class's method
    assert signed_in_as(client) is None
    assert "gave an answer Scrutiny could not read" in refusal(response)
