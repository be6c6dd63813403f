"""Settings for the test suite: the real settings, with a throwaway secret and fast hashing."""

import os

os.environ.setdefault("SCRUTINY_SECRET_KEY", "test-suite-only")

from scrutiny.settings import *  # noqa: E402, F403

# Argon2 stays the hasher of record; tests hash with MD5 only to keep the suite fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test thread's connection closes with its request, so the test database can be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False  # the test client speaks plain http
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tests build the demo region and call its commands whatever SCRUTINY_DEMO says.
if "scrutiny.demo" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.append("scrutiny.demo")  # noqa: F405
# Jobs run inside the request that starts them (huey's immediate mode, in memory), so view
# tests see their outcome at once. The tests of the runner itself switch immediate mode off
# and run a real consumer against Redis database 5 (scrutiny/jobs/tests/test_worker.py); each
# pytest-xdist worker has a queue of its own name there, so two workers never share one.
HUEY = {  # noqa: F405
    "huey_class": "huey.RedisHuey",
    "name": "scrutiny-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main"),
    "url": os.environ.get("SCRUTINY_TEST_JOBS_URL", "redis://127.0.0.1:6379/5"),
    "immediate": True,
    "utc": False,
}
