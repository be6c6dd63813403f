"""Production settings pass Django's deployment checks, and development still runs over http.

Settings are read from the environment when Django starts, so each case starts a fresh
process with the environment a deployment (or ./bin/serve) would give it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "SCRUTINY_SECRET_KEY": "k3y-" + "x7Qp2Lr9Vz" * 6,  # long and varied, as W009 asks
    "SCRUTINY_ALLOWED_HOSTS": "scrutiny.example.org",
    # Production refuses mail written to files unless chosen (operations.E001).
    "SCRUTINY_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def scrutiny(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SCRUTINY_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean |= {
        "SCRUTINY_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "scrutiny.settings",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "scrutiny", *args],
        env=clean | env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = scrutiny(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def https_settings(env: dict[str, str], tmp_path: Path) -> dict:
    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER]))"
    )
    result = scrutiny(["shell", "--no-imports", "-c", code], env, tmp_path)
    assert result.returncode == 0, result.stderr
    redirect, hsts, proxy_header = json.loads(result.stdout.strip().splitlines()[-1])
    return {"redirect": redirect, "hsts": hsts, "proxy_header": proxy_header}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (PRODUCTION, {"redirect": True, "hsts": 365 * 24 * 3600, "proxy_header": None}),
        # ./bin/serve: the development server over plain http
        ({"SCRUTINY_DEBUG": "true"}, {"redirect": False, "hsts": 0, "proxy_header": None}),
        (
            PRODUCTION | {"SCRUTINY_BEHIND_TLS_PROXY": "true"},
            {
                "redirect": True,
                "hsts": 365 * 24 * 3600,
                "proxy_header": ["HTTP_X_FORWARDED_PROTO", "https"],
            },
        ),
    ],
    ids=["production", "development", "behind-tls-proxy"],
)
def test_https_is_enforced_unless_in_development(env, expected, tmp_path):
    assert https_settings(env, tmp_path) == expected
