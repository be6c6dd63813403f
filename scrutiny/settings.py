"""Settings, read strictly from the environment (prefix SCRUTINY_, plus DATABASE_URL).

A missing secret in production fails loudly rather than falling back to a default.
"""

import os
import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from scrutiny.people.oidc_config import parse_oidc_providers

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

env = environ.Env()

DEBUG = env.bool("SCRUTINY_DEBUG", default=False)
SECRET_KEY = env.str("SCRUTINY_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SCRUTINY_SECRET_KEY (or SCRUTINY_DEBUG=true for development)."
        )
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env.list("SCRUTINY_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("SCRUTINY_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SCRUTINY_SITE_URL", default="http://127.0.0.1:8000")

VAR_DIR = Path(env.str("SCRUTINY_VAR_DIR", default=str(PROJECT_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file, outgoing mail and uploads live here

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "auditlog",
    "scrutiny.core",
    "scrutiny.tenancy",
    "scrutiny.people",
    "scrutiny.access",
    "scrutiny.audit",
    "scrutiny.pages",
    "huey.contrib.djhuey",
    "scrutiny.jobs",
    "scrutiny.library",
    "scrutiny.questionnaires",
    "scrutiny.actions",
    "scrutiny.returns",
    "scrutiny.plan",
    "scrutiny.challenges",
    "scrutiny.governance",
    "scrutiny.dataset",
    "scrutiny.findings",
    "scrutiny.audits",
    "scrutiny.reviews",
    "scrutiny.incidents",
    "scrutiny.training",
    "scrutiny.voice",
    "scrutiny.scrutineer",
    "scrutiny.inspections",
    "scrutiny.partnership",
    "scrutiny.reports",
    "scrutiny.selfassessment",
    "scrutiny.peerreview",
    "scrutiny.regional",
    "scrutiny.operations",
]

MIDDLEWARE = [
    "scrutiny.operations.request_log.RequestLogMiddleware",  # first, so it times everything
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "scrutiny.people.middleware.OTPMiddleware",  # django-otp's, the device read in SQL
    "scrutiny.pages.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    "scrutiny.core.concurrency.EditConflictMiddleware",
    # Last: it calls the view itself inside a transaction for requests that change data.
    "scrutiny.core.middleware.AtomicWritesMiddleware",
]

ROOT_URLCONF = "scrutiny.urls"
WSGI_APPLICATION = "scrutiny.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scrutiny.pages.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'scrutiny.sqlite3'}")
}
# No ATOMIC_REQUESTS: reading pages run without a transaction and requests that change data
# are made atomic by core.middleware.AtomicWritesMiddleware, except views marked with
# @transaction.non_atomic_requests, which parse and check an upload first and then write
# the checked rows in a short transaction of their own.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A writer takes the lock when its transaction begins (a deferred one that reads first
    # fails at once with "database is locked" when it tries to write); others wait up to
    # 20 seconds for it instead of failing; WAL lets pages be read while someone writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
else:
    # A server process keeps its connection between requests: opening a PostgreSQL connection
    # costs more than most pages' queries. Checked before reuse, so a restarted database
    # costs one failed check, not an error page. (SQLite opens a file: nothing to keep.)
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("SCRUTINY_DB_CONN_MAX_AGE", default=300)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on: answers only the sign-in callback of a configured provider.
    "scrutiny.people.sso.OIDCBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # an invitation link lasts three days

# Login throttling: five failures for one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("SCRUTINY_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "people/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Scrutiny"

# Single sign-on through OpenID Connect (mozilla-django-oidc): a JSON list of providers, each
# for some regions; see scrutiny/people/oidc_config.py. None by default.
SCRUTINY_OIDC_PROVIDERS = parse_oidc_providers(
    env.str("SCRUTINY_OIDC_PROVIDERS", default=""), os.environ
)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
OIDC_CREATE_USER = False  # only people already invited
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env.int("SCRUTINY_OIDC_TIMEOUT", default=10)  # seconds for each call to a provider

# Every change to a domain object goes to the audit log, scoped to boards for viewing.
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
AUDITLOG_INCLUDE_ALL_MODELS = False
# django-auditlog's early migrations create its own log table even when the model is swapped;
# an unused table with a foreign key to users would only block flushing test databases.
MIGRATION_MODULES = {"auditlog": None}
AUDITLOG_DISABLE_REMOTE_ADDR = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SCRUTINY_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 60 * 60 * 8
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS only in production: redirect plain http and tell browsers to remember (HSTS). Off with
# DEBUG, so ./bin/serve works over http. Behind a proxy that terminates TLS, set
# SCRUTINY_BEHIND_TLS_PROXY=true so the proxy's X-Forwarded-Proto marks requests secure (the
# proxy must set that header itself and strip it from clients).
SECURE_SSL_REDIRECT = env.bool("SCRUTINY_SSL_REDIRECT", default=not DEBUG)
# A load balancer asks for /health/ over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SCRUTINY_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SCRUTINY_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The header only allows a submission to browsers' preload list; nothing is submitted.
SECURE_HSTS_PRELOAD = env.bool("SCRUTINY_HSTS_PRELOAD", default=True)
if env.bool("SCRUTINY_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"  # filled by collectstatic in production
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"  # uploads; never served directly, only through permission checks
# Uploaded files (evidence, papers, library documents, published reports) go through Django's
# storage API only: the folder above by default, or an S3-compatible bucket that several
# application servers share. Files are private (no public URLs): every download is a view
# that checks permissions and streams the file from the store. The one exception is a board's
# logo (`tenancy:board_logo`, for its public forms), served by a view that serves nothing else.
FILE_STORAGE = env.str("SCRUTINY_FILE_STORAGE", default="local")
if FILE_STORAGE == "s3":
    S3_BUCKET = env.str("SCRUTINY_S3_BUCKET", default="")
    if not S3_BUCKET:
        raise ImproperlyConfigured("SCRUTINY_FILE_STORAGE=s3 needs SCRUTINY_S3_BUCKET.")
    S3_ACCESS_KEY_ID = env.str("SCRUTINY_S3_ACCESS_KEY_ID", default="")
    S3_SECRET_ACCESS_KEY = env.str("SCRUTINY_S3_SECRET_ACCESS_KEY", default="")
    if bool(S3_ACCESS_KEY_ID) != bool(S3_SECRET_ACCESS_KEY):
        raise ImproperlyConfigured(
            "Set both SCRUTINY_S3_ACCESS_KEY_ID and SCRUTINY_S3_SECRET_ACCESS_KEY, or neither "
            "(then boto3 finds credentials itself, e.g. from an instance role)."
        )
    S3_ADDRESSING_STYLE = env.str("SCRUTINY_S3_ADDRESSING_STYLE", default="auto")
    if S3_ADDRESSING_STYLE not in {"auto", "path", "virtual"}:
        raise ImproperlyConfigured("SCRUTINY_S3_ADDRESSING_STYLE is auto, path or virtual.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "location": env.str("SCRUTINY_S3_PREFIX", default="").strip("/"),
            "endpoint_url": env.str("SCRUTINY_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("SCRUTINY_S3_REGION", default="") or None,
            "access_key": S3_ACCESS_KEY_ID or None,
            "secret_key": S3_SECRET_ACCESS_KEY or None,
            "addressing_style": None if S3_ADDRESSING_STYLE == "auto" else S3_ADDRESSING_STYLE,
            # Never write over a stored file: a clashing name gets a suffix, as on disk.
            "file_overwrite": False,
            # No ACL is sent: the bucket's own policy applies (keep it private; buckets
            # with ACLs disabled refuse uploads that name one).
            "default_acl": None,
        },
    }
elif FILE_STORAGE != "local":
    raise ImproperlyConfigured("SCRUTINY_FILE_STORAGE is local (the default) or s3.")
# A cache every worker process shares: the public forms' rate limit counts in it. Files under
# var/ by default; a Redis URL (rediscache://...) for several machines.
CACHES = {
    "default": env.cache_url("SCRUTINY_CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")
}
SCRUTINY_MAX_EVIDENCE_MB = env.int("SCRUTINY_MAX_EVIDENCE_MB", default=10)
# Data-set imports (CSV/XLSX) and statutory returns (CIN census XML, SSDA903 CSV/XML).
SCRUTINY_MAX_IMPORT_MB = env.int("SCRUTINY_MAX_IMPORT_MB", default=5)
SCRUTINY_MAX_STATUTORY_MB = env.int("SCRUTINY_MAX_STATUTORY_MB", default=50)
# An import's checked rows wait this long for the uploader to confirm the preview.
SCRUTINY_PENDING_IMPORT_HOURS = env.int("SCRUTINY_PENDING_IMPORT_HOURS", default=24)
# A board's value resting on fewer children than this (the denominator; the numerator for a
# count) is flagged as small numbers and left out of the region's rank, best and worst.
SCRUTINY_SMALL_NUMBER_THRESHOLD = env.int("SCRUTINY_SMALL_NUMBER_THRESHOLD", default=10)
# The yearly report's chart of a red indicator's history shows this many years up to the
# year reported on (its table gives the latest value; the data-set page the whole history).
SCRUTINY_REPORT_CHART_YEARS = env.int("SCRUTINY_REPORT_CHART_YEARS", default=5)
# A draft annual report's gathered figures are kept this long at most (seconds); any change
# recorded in the region's audit log gathers them afresh sooner.
SCRUTINY_REPORT_FIGURES_CACHE_SECONDS = env.int(
    "SCRUTINY_REPORT_FIGURES_CACHE_SECONDS", default=3600
)
# The board home's panel counts are kept this long at most (seconds); any change recorded in
# the region's audit log counts them afresh sooner.
SCRUTINY_HOME_COUNTS_CACHE_SECONDS = env.int("SCRUTINY_HOME_COUNTS_CACHE_SECONDS", default=300)
# A board page's lists and figures (audit.versions.kept_on_board) are kept this long at most
# (seconds); any change recorded in the region's audit log works them out afresh sooner.
SCRUTINY_KEPT_PAGE_SECONDS = env.int("SCRUTINY_KEPT_PAGE_SECONDS", default=300)
# Disproportionality breakdowns: a group's count below this is shown as "fewer than N" (and
# its rate and ratio withheld), on pages, charts and exports alike; never the number.
SCRUTINY_DISCLOSURE_THRESHOLD = env.int("SCRUTINY_DISCLOSURE_THRESHOLD", default=5)
# Zip-based files (XLSX, DOCX, PPTX) are checked before parsing: members, unpacked size, ratio.
SCRUTINY_MAX_ARCHIVE_MEMBERS = env.int("SCRUTINY_MAX_ARCHIVE_MEMBERS", default=1000)
SCRUTINY_MAX_ARCHIVE_UNCOMPRESSED_MB = env.int("SCRUTINY_MAX_ARCHIVE_UNCOMPRESSED_MB", default=50)
SCRUTINY_MAX_ARCHIVE_RATIO = env.int("SCRUTINY_MAX_ARCHIVE_RATIO", default=100)
# Django's own limits: a request body (other than files) and when uploads spool to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("SCRUTINY_MAX_FORM_BYTES", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A request with files is refused from its Content-Length above this, before it is streamed
# anywhere; each upload path then applies its own limit above.
SCRUTINY_MAX_REQUEST_MB = env.int(
    "SCRUTINY_MAX_REQUEST_MB",
    default=max(SCRUTINY_MAX_EVIDENCE_MB, SCRUTINY_MAX_IMPORT_MB, SCRUTINY_MAX_STATUTORY_MB) + 1,
)
FILE_UPLOAD_HANDLERS = [
    "scrutiny.core.errors.RequestSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Library YAML templates uploaded by a board (a shipped template is under 10 KB).
SCRUTINY_MAX_TEMPLATE_KB = env.int("SCRUTINY_MAX_TEMPLATE_KB", default=1024)
FILE_UPLOAD_PERMISSIONS = 0o640
# Impact of actions: a share (% of audited cases, of evaluations or of feedback answers)
# that moved by fewer points than this between before the action and now is "no change".
# Indicators use their own trend minimum instead (half a point, one for counts).
SCRUTINY_IMPACT_NO_CHANGE_POINTS = env.int("SCRUTINY_IMPACT_NO_CHANGE_POINTS", default=5)
# Reminders for returns: this many days before the due date, then weekly once overdue.
RETURN_REMINDER_DAYS_BEFORE = env.int("SCRUTINY_RETURN_REMINDER_DAYS_BEFORE", default=7)

EMAIL_BACKEND = env.str(
    "SCRUTINY_EMAIL_BACKEND",
    default="django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "outbox"
EMAIL_HOST = env.str("SCRUTINY_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("SCRUTINY_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("SCRUTINY_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("SCRUTINY_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("SCRUTINY_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("SCRUTINY_FROM_EMAIL", default="Scrutiny <no-reply@scrutiny.local>")

# The framework library files loaded on first run and by `load_library`.
LIBRARY_DIRS = [BASE_DIR / "library" / "frameworks"] + [
    Path(p) for p in env.list("SCRUTINY_EXTRA_LIBRARY_DIRS", default=[])
]

# Serious incidents, rapid reviews and local reviews: the statutory clocks (library YAML, with
# the guidance they come from), how near a deadline turns amber, and how many working days
# before a deadline the reminder email goes out (`python -m scrutiny send_clock_reminders`).
SCRUTINY_STATUTORY_CLOCKS_FILE = Path(
    env.str(
        "SCRUTINY_STATUTORY_CLOCKS_FILE",
        default=str(BASE_DIR / "library" / "statutory" / "clocks.yaml"),
    )
)
SCRUTINY_CLOCK_AMBER_WORKING_DAYS = env.int("SCRUTINY_CLOCK_AMBER_WORKING_DAYS", default=3)
SCRUTINY_CLOCK_REMINDER_WORKING_DAYS = env.int("SCRUTINY_CLOCK_REMINDER_WORKING_DAYS", default=2)
# Inspections of the board or partnership: types, judgements and the clocks a report sets
# (publication; the written statement of action), as library data.
SCRUTINY_INSPECTIONS_FILE = Path(
    env.str(
        "SCRUTINY_INSPECTIONS_FILE",
        default=str(BASE_DIR / "library" / "statutory" / "inspections.yaml"),
    )
)

# --- Running for real (issue 16): demo, production server, sessions, mail, logs ---------
# The demo region (`python -m scrutiny demo`) is installed only when asked for; the
# development server (./bin/serve, DEBUG on) asks for it.
SCRUTINY_DEMO = env.bool("SCRUTINY_DEMO", default=DEBUG)
if SCRUTINY_DEMO:
    INSTALLED_APPS.append("scrutiny.demo")

# `python -m scrutiny serve` (gunicorn). Sync workers: each request is short or CPU-bound
# (PDF and Word files), so processes rather than threads; the timeout covers a large PDF.
SERVER_BIND = env.list("SCRUTINY_SERVER_BIND", default=["127.0.0.1:8000"])
SERVER_WORKERS = env.int("SCRUTINY_SERVER_WORKERS", default=3)
SERVER_TIMEOUT = env.int("SCRUTINY_SERVER_TIMEOUT", default=120)
SERVER_MAX_REQUESTS = env.int("SCRUTINY_SERVER_MAX_REQUESTS", default=1000)

# With Redis as the cache, sessions live there too, so any server answers any request.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

# --- Background jobs (huey): the runner is `python -m scrutiny run_huey` ------------------
# Where the queue lives: Redis in production (redis://127.0.0.1:6379/2), a SQLite file under
# var/ for the demo (./bin/serve starts a worker beside the development server), or
# `immediate` to run each job inside the request that starts it (no worker at all).
SCRUTINY_JOBS_URL = env.str("SCRUTINY_JOBS_URL", default=f"sqlite:///{VAR_DIR / 'jobs.sqlite3'}")
SCRUTINY_JOB_WORKERS = env.int("SCRUTINY_JOB_WORKERS", default=2)
if SCRUTINY_JOBS_URL.startswith(("redis://", "rediss://", "unix://")):
    HUEY: dict = {"huey_class": "huey.RedisHuey", "url": SCRUTINY_JOBS_URL}
elif SCRUTINY_JOBS_URL.startswith("sqlite:///"):
    HUEY = {"huey_class": "huey.SqliteHuey", "filename": SCRUTINY_JOBS_URL[len("sqlite:///") :]}
elif SCRUTINY_JOBS_URL == "immediate":
    HUEY = {"huey_class": "huey.MemoryHuey", "immediate": True}
else:
    raise ImproperlyConfigured(
        "SCRUTINY_JOBS_URL must be redis://..., sqlite:///... or immediate, "
        f"not {SCRUTINY_JOBS_URL}"
    )
HUEY.setdefault("immediate", False)  # never huey's default of "immediate when DEBUG"
HUEY.update(
    {
        "name": "scrutiny",
        "utc": False,  # the schedule's times are local (TIME_ZONE)
        "consumer": {"workers": SCRUTINY_JOB_WORKERS, "worker_type": "thread"},
    }
)
# The daily jobs (reminders, escalations, follow-ups, monitoring requests) start at this
# local time every day.
_daily = env.str("SCRUTINY_DAILY_JOBS_AT", default="06:30")
_daily_match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", _daily)
if _daily_match is None:
    raise ImproperlyConfigured(f"SCRUTINY_DAILY_JOBS_AT must be HH:MM, not {_daily}")
SCRUTINY_DAILY_JOBS_AT = (int(_daily_match[1]), int(_daily_match[2]))
# A job page asks for progress this often; its starter is emailed when the job finishes and
# the page has not asked for longer than SCRUTINY_JOB_EMAIL_AFTER_SECONDS (they left).
SCRUTINY_JOB_POLL_SECONDS = env.int("SCRUTINY_JOB_POLL_SECONDS", default=2)
SCRUTINY_JOB_EMAIL_AFTER_SECONDS = env.int("SCRUTINY_JOB_EMAIL_AFTER_SECONDS", default=15)
# The same person asking for the same file again within this many seconds (a double click, a
# second download) gets the job already started or done instead of a new build.
SCRUTINY_JOB_REUSE_SECONDS = env.int("SCRUTINY_JOB_REUSE_SECONDS", default=300)
# Files uploaded for a job that failed are kept this long for a retry, then deleted.
SCRUTINY_JOB_UPLOAD_HOURS = env.int("SCRUTINY_JOB_UPLOAD_HOURS", default=24)
# A job still running this long after it started lost its worker: recorded as failed.
SCRUTINY_JOB_STALE_HOURS = env.int("SCRUTINY_JOB_STALE_HOURS", default=6)

# Production refuses the file email backend unless someone chose it (operations.E001).
SCRUTINY_EMAIL_BACKEND_CHOSEN = bool(env.str("SCRUTINY_EMAIL_BACKEND", default="")) or env.bool(
    "SCRUTINY_ALLOW_FILE_EMAIL", default=False
)

# Logs go to standard error (journald under systemd): one JSON object a line in
# production, plain text in development. `scrutiny.requests` logs every request.
LOG_FORMAT = env.str("SCRUTINY_LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env.str("SCRUTINY_LOG_LEVEL", default="WARNING")},
    "loggers": {
        "scrutiny.requests": {
            "level": env.str("SCRUTINY_REQUEST_LOG_LEVEL", default="INFO"),
        },
    },
}

# The words a board's pages use for it, by how it is constituted (`tenancy.Board.words`,
# in every template as `words`): a safeguarding children partnership led by the three lead
# safeguarding partners (Working Together to Safeguard Children 2023, chapter 2), or a Local
# Safeguarding Children Board led by its chair (the 2013-15 model).
SCRUTINY_ARRANGEMENT_WORDS = {
    "partnership": {
        "body": "partnership",
        "Body": "Partnership",
        "full": "safeguarding children partnership",
        "Full": "Safeguarding children partnership",
        "leaders": "lead safeguarding partners",
        "Leaders": "Lead safeguarding partners",
        "sign_off": "Each lead safeguarding partner approves the version before it is published.",
    },
    "lscb": {
        "body": "board",
        "Body": "Board",
        "full": "Local Safeguarding Children Board",
        "Full": "Local Safeguarding Children Board",
        "leaders": "chair",
        "Leaders": "Chair",
        "sign_off": "The chair approves the version before it is published.",
    },
}

# The yearly report (Working Together to Safeguard Children 2023, chapter 2): defaults for a
# board's deadlines and recipients, each changeable on the board's report settings page.
SCRUTINY_REPORT_PUBLISH_BY_MONTHS = env.int("SCRUTINY_REPORT_PUBLISH_BY_MONTHS", default=6)
SCRUTINY_REPORT_SEND_WITHIN_DAYS = env.int("SCRUTINY_REPORT_SEND_WITHIN_DAYS", default=7)
SCRUTINY_REPORT_REMIND_DAYS_BEFORE = env.int("SCRUTINY_REPORT_REMIND_DAYS_BEFORE", default=14)
SCRUTINY_REPORT_RECIPIENTS = env.list(
    "SCRUTINY_REPORT_RECIPIENTS",
    default=["Child Safeguarding Practice Review Panel", "Department for Education"],
)
