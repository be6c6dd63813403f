"""Single sign-on providers, read strictly from SCRUTINY_OIDC_PROVIDERS (imported by settings,
so it uses no models).

The variable holds a JSON list, one object per OpenID Connect provider:

    [{"slug": "north-entra",
      "name": "North Council (Microsoft Entra ID)",
      "issuer": "https://login.microsoftonline.com/<tenant id>/v2.0",
      "client_id": "…", "client_secret_env": "SCRUTINY_OIDC_NORTH_SECRET",
      "regions": ["north"],
      "email_verified_claim": "xms_edov"}]

- `slug`: in the sign-in address (/login/sso/<slug>/); `name`: on the button
  ("Sign in with <name>").
- `issuer`: the provider's issuer; its endpoints are read from
  `<issuer>/.well-known/openid-configuration` unless `authorization_endpoint`,
  `token_endpoint` and `jwks_uri` are all given.
- `client_id`, and `client_secret` or `client_secret_env` (the name of another environment
  variable holding it, so the secret stays out of the JSON).
- `regions`: slugs of the regions whose invited people may sign in through it. Only a person
  already holding a role in one of them, matched by a verified email address, gets in.
- `mfa_amr` (default none): `amr` values that count as the second factor. A person whose role
  needs two-factor authentication is still asked for their authenticator code unless the
  provider's ID token lists one of these in `amr`.
- `email_verified_claim` (default `email_verified`): the claim that must be `true` for the
  email address to be trusted; `scopes` (default `openid email profile`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")
KNOWN = {
    "slug",
    "name",
    "issuer",
    "client_id",
    "client_secret",
    "client_secret_env",
    "regions",
    "mfa_amr",
    "email_verified_claim",
    "scopes",
    *ENDPOINTS,
}


def _fail(message: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"SCRUTINY_OIDC_PROVIDERS: {message}")


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{where} needs {key!r} (text).")
    return value.strip()


def _url(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = _text(entry, key, where)
    if not value.startswith(("https://", "http://")):
        raise _fail(f"{where}: {key} must be an http(s) address.")
    return value.rstrip("/") if key == "issuer" else value


def _list(entry: Mapping[str, Any], key: str, where: str, *, required: bool) -> list[str]:
    value = entry.get(key, [] if not required else None)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(f"{where}: {key} must be a list of text.")
    if required and not value:
        raise _fail(f"{where}: {key} must name at least one.")
    return value


def parse_oidc_providers(raw: str, environ: Mapping[str, str]) -> list[dict[str, Any]]:
    """The providers as plain dicts with every key filled; ImproperlyConfigured if anything
    is missing, unknown or malformed. An empty value means no single sign-on."""
    if not raw.strip():
        return []
    try:
        entries = json.loads(raw)
    except ValueError as error:
        raise _fail(f"not valid JSON ({error}).") from None
    if not isinstance(entries, list):
        raise _fail("must be a JSON list of providers.")
    providers: list[dict[str, Any]] = []
    for number, entry in enumerate(entries, start=1):
        where = f"provider {number}"
        if not isinstance(entry, dict):
            raise _fail(f"{where} must be a JSON object.")
        unknown = sorted(set(entry) - KNOWN)
        if unknown:
            raise _fail(f"{where} has unknown keys: {', '.join(unknown)}.")
        slug = _text(entry, "slug", where)
        if not SLUG.match(slug):
            raise _fail(f"{where}: slug {slug!r} must be lower-case letters, digits and -.")
        where = f"provider {slug!r}"
        name = _text(entry, "name", where)
        issuer = _url(entry, "issuer", where)
        client_id = _text(entry, "client_id", where)
        if "client_secret" in entry and "client_secret_env" in entry:
            raise _fail(f"{where}: give client_secret or client_secret_env, not both.")
        if "client_secret_env" in entry:
            variable = _text(entry, "client_secret_env", where)
            secret = environ.get(variable, "")
            if not secret:
                raise _fail(f"{where}: the environment variable {variable} is not set.")
        else:
            secret = _text(entry, "client_secret", where)
        given = [key for key in ENDPOINTS if key in entry]
        if given and len(given) != len(ENDPOINTS):
            raise _fail(f"{where}: give all of {', '.join(ENDPOINTS)} or none (discovery).")
        providers.append(
            {
                "slug": slug,
                "name": name,
                "issuer": issuer,
                "client_id": client_id,
                "client_secret": secret,
                "regions": _list(entry, "regions", where, required=True),
                "mfa_amr": _list(entry, "mfa_amr", where, required=False),
                "email_verified_claim": entry.get("email_verified_claim", "email_verified"),
                "scopes": entry.get("scopes", "openid email profile"),
                **{key: _url(entry, key, where) for key in given},
            }
        )
    slugs = [p["slug"] for p in providers]
    if len(set(slugs)) != len(slugs):
        raise _fail("two providers have the same slug.")
    return providers
