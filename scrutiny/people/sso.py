"""Single sign-on through OpenID Connect (mozilla-django-oidc), one provider per set of regions.

Sign-in: `/login/sso/<slug>/` sends the person to the provider with a state, a nonce and a
PKCE challenge kept in their session; the provider sends them back to `/login/sso/callback/`
with a code, which `OIDCBackend` exchanges for an ID token. The token must be signed by a key
in the provider's JWKS, issued by the provider (`iss`) for Scrutiny (`aud`), unexpired, and
carry the nonce. Only someone already invited gets in: an active person holding a role in one
of the provider's regions, whose email the token gives and marks verified. Nobody is created.

The second factor: people whose role needs one are still asked for their authenticator code,
unless the token's `amr` lists a method the provider's configuration accepts (`mfa_amr`); then
the session records that the provider checked it. Successful sign-ins are logged like password
ones (django-axes' access log, through Django's `user_logged_in`); refusals are logged as
failed sign-ins (`user_login_failed`) and to `scrutiny.sso`, with the reason but no email.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import (
    absolutify,
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
)

logger = logging.getLogger("scrutiny.sso")

BACKEND = "scrutiny.people.sso.OIDCBackend"
# Set in the session when the provider asserted a second factor the region accepts.
MFA_SESSION_KEY = "scrutiny_sso_mfa"
SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"]
CLOCK_SKEW_SECONDS = 60
DISCOVERY_SECONDS = 60 * 60


class SignInRefused(Exception):
    """Why a provider's answer does not sign anyone in; the message is shown to the person."""


@dataclass(frozen=True)
class Provider:
    slug: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    regions: tuple[str, ...]
    mfa_amr: frozenset[str]
    email_verified_claim: str
    scopes: str
    configured_endpoints: dict[str, str]

    def endpoints(self) -> dict[str, str]:
        """authorization_endpoint, token_endpoint and jwks_uri: as configured, or from the
        provider's discovery document (kept an hour in the shared cache)."""
        if self.configured_endpoints:
            return self.configured_endpoints
        key = f"scrutiny:oidc-discovery:{self.issuer}"
        found = cache.get(key)
        if found is None:
            response = requests.get(
                f"{self.issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
            )
            response.raise_for_status()
            document = response.json()
            if document.get("issuer", "").rstrip("/") != self.issuer:
                raise SignInRefused(f"{self.name}'s discovery document names another issuer.")
            found = {k: document[k] for k in ("authorization_endpoint", "token_endpoint")}
            found["jwks_uri"] = document["jwks_uri"]
            cache.set(key, found, DISCOVERY_SECONDS)
        return found


def providers() -> list[Provider]:
    return [
        Provider(
            slug=p["slug"],
            name=p["name"],
            issuer=p["issuer"],
            client_id=p["client_id"],
            client_secret=p["client_secret"],
            regions=tuple(p["regions"]),
            mfa_amr=frozenset(p["mfa_amr"]),
            email_verified_claim=p["email_verified_claim"],
            scopes=p["scopes"],
            configured_endpoints={
                k: p[k] for k in ("authorization_endpoint", "token_endpoint", "jwks_uri") if k in p
            },
        )
        for p in settings.SCRUTINY_OIDC_PROVIDERS
    ]


def provider_named(slug: str) -> Provider | None:
    return next((p for p in providers() if p.slug == slug), None)


def second_factor_passed(request: HttpRequest) -> bool:
    """An authenticator code was checked this session, or the provider the person signed in
    through asserted a second factor its configuration accepts."""
    return request.user.is_verified() or bool(request.session.get(MFA_SESSION_KEY))  # type: ignore[union-attr]


@dataclass(frozen=True)
class SignIn:
    provider: Provider
    mfa: bool


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with the provider's settings chosen per sign-in, the
    ID token's audience and issuer checked, and no one created."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The library reads one provider from settings here; each sign-in names its own.
        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any):  # type: ignore[override]
        provider: Provider | None = kwargs.pop("oidc_provider", None)
        if provider is None or request is None:
            return None  # a password sign-in: not ours
        try:
            endpoints = provider.endpoints()
            self.provider = provider
            self.OIDC_OP_TOKEN_ENDPOINT = endpoints["token_endpoint"]
            self.OIDC_OP_JWKS_ENDPOINT = endpoints["jwks_uri"]
            self.OIDC_OP_USER_ENDPOINT = None
            self.OIDC_RP_CLIENT_ID = provider.client_id
            self.OIDC_RP_CLIENT_SECRET = provider.client_secret
            self.OIDC_RP_IDP_SIGN_KEY = None
            self.OIDC_RP_SIGN_ALGO = "RS256"  # until verify_token reads the token's own
            return super().authenticate(
                request, nonce=kwargs.get("nonce"), code_verifier=kwargs.get("code_verifier")
            )
        except SignInRefused as refused:
            request.sso_refusal = str(refused)  # type: ignore[attr-defined]
        except SuspiciousOperation as suspicious:
            request.sso_refusal = f"{provider.name}'s answer was refused: {suspicious}"  # type: ignore[attr-defined]
        except (requests.RequestException, KeyError, ValueError, jwt.PyJWTError) as error:
            # Unreachable, an error from the token endpoint, or no readable ID token at all.
            logger.warning("sso provider unreachable", extra={"provider": provider.slug})
            request.sso_refusal = (  # type: ignore[attr-defined]
                f"{provider.name} could not be reached or gave an answer Scrutiny could not "
                f"read ({type(error).__name__}). Try again, or sign in with your password."
            )
        return None

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """The signature, by a key from the provider's JWKS and an asymmetric algorithm, and
        the claims: issued by this provider, for Scrutiny, not expired."""
        header = jwt.get_unverified_header(payload)
        algorithm = header.get("alg")
        if algorithm not in SIGNING_ALGORITHMS:
            raise SuspiciousOperation(f"the ID token is signed with {algorithm!r}")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[algorithm],
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidAudienceError:
            raise SuspiciousOperation("the ID token was issued for another application") from None
        except jwt.InvalidIssuerError:
            raise SuspiciousOperation("the ID token was issued by someone else") from None
        except jwt.ExpiredSignatureError:
            raise SuspiciousOperation("the ID token has expired") from None
        except jwt.InvalidSignatureError:
            raise SuspiciousOperation("the ID token's signature does not verify") from None
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"the ID token is not valid ({error})") from None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        # The signing algorithm is the token's own (checked against the allowed list above);
        # the library compares it with this attribute before looking the key up.
        self.OIDC_RP_SIGN_ALGO = str(jwt.get_unverified_header(token).get("alg", ""))
        return super().verify_token(token, **kwargs)

    def get_userinfo(self, access_token: str, id_token: str, payload: dict) -> dict:
        """The verified ID token's claims: the email, its verification and `amr` are there."""
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict):
        provider = self.provider
        email = payload.get("email")
        if not isinstance(email, str) or "@" not in email:
            raise SignInRefused(f"{provider.name} did not give Scrutiny your email address.")
        if payload.get(provider.email_verified_claim) not in (True, "true", "True"):
            raise SignInRefused(
                f"{provider.name} has not verified your email address, so Scrutiny cannot "
                "match it to an invitation."
            )
        users = list(
            self.UserModel.objects.filter(
                email__iexact=email.strip(),
                is_active=True,
                role_assignments__region__slug__in=provider.regions,
            ).distinct()
        )
        if len(users) != 1:
            raise SignInRefused(
                f"Nobody with the email address {provider.name} gave is invited to Scrutiny "
                "in the regions that sign in through it. Ask your board's business manager "
                "to invite you."
            )
        amr = payload.get("amr") or []
        mfa = isinstance(amr, list) and bool(provider.mfa_amr.intersection(map(str, amr)))
        self.request.sso_sign_in = SignIn(provider, mfa)  # type: ignore[attr-defined]
        return users[0]

    def filter_users_by_claims(self, claims: dict):  # pragma: no cover - not used
        raise NotImplementedError("get_or_create_user matches invited people itself")

    def get_user(self, user_id: int):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


def _refuse(request: HttpRequest, reason: str, provider: Provider | None) -> HttpResponse:
    logger.warning(
        "sso sign-in refused",
        extra={"provider": provider.slug if provider else None, "reason": reason},
    )
    messages.error(request, f"You were not signed in. {reason}")
    return redirect("login")


@require_GET
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the person to the provider's sign-in, remembering the state, nonce and PKCE
    verifier (and where to go afterwards) in their session."""
    provider = provider_named(slug)
    if provider is None:
        raise Http404("No such sign-in provider")
    try:
        endpoints = provider.endpoints()
    except (requests.RequestException, KeyError, ValueError, SignInRefused):
        return _refuse(
            request,
            f"{provider.name} could not be reached. Try again, or sign in with your password.",
            provider,
        )
    state, nonce = get_random_string(32), get_random_string(32)
    verifier = get_random_string(64)
    params = {
        "response_type": "code",
        "scope": provider.scopes,
        "client_id": provider.client_id,
        "redirect_uri": absolutify(request, reverse("sso_callback")),
        "state": state,
        "nonce": nonce,
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    }
    add_state_and_verifier_and_nonce_to_session(request, state, params, verifier)
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    request.session["oidc_states"][state].update(
        {"provider": provider.slug, "next": target if safe else ""}
    )
    request.session.modified = True
    return HttpResponseRedirect(f"{endpoints['authorization_endpoint']}?{urlencode(params)}")


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer: a code to exchange (or an error). Each state is used once."""
    states = request.session.get("oidc_states") or {}
    entry = states.pop(request.GET.get("state", ""), None)
    request.session["oidc_states"] = states
    provider = provider_named(entry["provider"]) if entry else None
    if entry is None or provider is None:
        return _refuse(
            request,
            "The sign-in had expired or was already used. Start again from this page.",
            None,
        )
    if time.time() - entry.get("added_on", 0) > 15 * 60:
        return _refuse(request, "The sign-in took too long. Start again from this page.", provider)
    if "error" in request.GET or "code" not in request.GET:
        said = request.GET.get("error_description") or request.GET.get("error") or "no code"
        return _refuse(request, f"{provider.name} did not sign you in ({said[:200]}).", provider)
    user = auth.authenticate(
        request,
        oidc_provider=provider,
        nonce=entry["nonce"],
        code_verifier=entry.get("code_verifier"),
    )
    sign_in: SignIn | None = getattr(request, "sso_sign_in", None)
    if user is None or sign_in is None:
        reason = getattr(request, "sso_refusal", None) or (
            f"{provider.name} signed you in, but Scrutiny could not. Try again later."
        )
        return _refuse(request, reason, provider)
    auth.login(request, user, backend=BACKEND)
    if sign_in.mfa:
        request.session[MFA_SESSION_KEY] = provider.slug
    logger.info(
        "sso sign-in",
        extra={"provider": provider.slug, "user_id": user.pk, "provider_mfa": sign_in.mfa},
    )
    return redirect(entry.get("next") or settings.LOGIN_REDIRECT_URL)
