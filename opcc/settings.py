"""One settings module, configured from the environment.

Development defaults (DEBUG on, SQLite, an embedded filesystem Celery broker) make the run command
work with no servers. With DEBUG off the service refuses to start unless SECRET_KEY and
ALLOWED_HOSTS are set, and the deployment hardening below switches on.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A git-ignored .env (written by scripts/run on a development machine) fills in what the
# environment does not set; ENV_FILE="" turns it off (the settings tests do).
ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE, overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-not-for-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode (DEBUG off) needs a long random SECRET_KEY "
            "in the environment; set DEBUG=true for local development."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Production mode (DEBUG off) needs the host names the "
            "service answers to, comma-separated; set DEBUG=true for local development."
        )

INSTALLED_APPS = [
    "opcc.core.admin_apps.OPCCAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # opclass indexes and trigram search (grants migration 0005)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "simple_history",
    "django_filters",
    "django_tables2",
    "crispy_forms",
    "crispy_forms_gds",
    "import_export",
    "django_htmx",
    "django_celery_results",
    "django_celery_beat",
    "opcc.core",
    "opcc.accounts",
    "opcc.audit",
    "opcc.reports",
    "opcc.exports",
    "opcc.privacy",
    "grants",
    "complaints",
    "volunteers",
    "engagement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "opcc.accounts.middleware.SessionSecurityMiddleware",
    "opcc.accounts.middleware.SecondFactorRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opcc.urls"
WSGI_APPLICATION = "opcc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opcc.core.context_processors.service",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default for the run command only; PostgreSQL everywhere else.
SQLITE_PATH = VAR_DIR / "db.sqlite3"
# An empty DATABASE_URL counts as unset.
DATABASES = {"default": env.db_url_config(os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker write to the same file: take the write lock up front.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling: lock a username + address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Sessions (opcc.accounts.sessions): an idle timeout with a warning before it ends, and an
# absolute lifetime from sign-in; the cookie lasts no longer than the absolute lifetime.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_IDLE_WARNING = env.int("SESSION_WARNING_MINUTES", default=5) * 60
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_HOURS", default=10) * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Multi-factor sign-in (ADR 0007): passkeys (WebAuthn) preferred, TOTP as the fallback,
# single-use recovery codes. django-otp throttles each factor after a failure; more than
# MFA_FAILURE_LIMIT wrong codes in a row sign the session out.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="OPCC Case and Grant Management")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
MFA_FAILURE_LIMIT = env.int("MFA_FAILURE_LIMIT", default=5)
MFA_RECOVERY_CODES = 10
# The access review flags active accounts not signed in to for this many days.
ACCESS_REVIEW_STALE_DAYS = env.int("ACCESS_REVIEW_STALE_DAYS", default=90)
# The access audit trail (opcc.audit) keeps events this long (six years and the leap days), then
# a daily Celery beat task deletes older ones.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=6 * 365 + 2)
# A per-address limit on failed sign-ins (password or second factor), whatever the username:
# password spraying from one address is stopped after this many failures in the window.
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=20)
SIGN_IN_ADDRESS_WINDOW = env.int("SIGN_IN_ADDRESS_WINDOW_MINUTES", default=15) * 60
OTP_WEBAUTHN_RP_NAME = "OPCC Case and Grant Management"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "opcc.accounts.webauthn.Helper"
OTP_WEBAUTHN_RP_ID_CALLABLE = "opcc.accounts.webauthn.rp_id"
# Origins a passkey ceremony may come from; in development the request's own origin is added
# (opcc.accounts.webauthn.Helper), so the run command and the browser tests work on any port.
# Decided at start-up (the test runner switches DEBUG off later): any local port in development.
WEBAUTHN_LOCAL_ORIGINS = DEBUG
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "WEBAUTHN_ORIGINS",
    default=(["http://localhost:8000"] if DEBUG else env.list("CSRF_TRUSTED_ORIGINS", default=[])),
)

# --- Internationalisation: England & Wales ---------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["opcc.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
USE_THOUSAND_SEPARATOR = False

# --- Static files and media ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env.bool("PLAIN_STATIC", default=False)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Documents (opcc.core.documents, ADR 0014): the largest file a person may attach. Uploads above
# 2.5 MB go to a temporary file rather than memory; form fields other than files stay at 2.5 MB.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The sender's block at the top of every letter (opcc.core.documents.letters); address lines are
# comma-separated in the environment.
OFFICE_NAME = env.str("OFFICE_NAME", default="Office of the West Midlands Police and Crime Commissioner")
OFFICE_ADDRESS = env.list(
    "OFFICE_ADDRESS", default=["Lloyd House", "Colmore Circus Queensway", "Birmingham", "B4 6NQ"]
)

# --- Forms and tables -----------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
DJANGO_TABLES2_TEMPLATE = "includes/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "govuk-table"}

# --- Celery ---------------------------------------------------------------------------------
# Redis in CI and production; the run command uses kombu's filesystem transport (ADR 0003).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    BROKER_DIR = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    for _sub in ("queue", "processed", "control"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Service -------------------------------------------------------------------------------
SERVICE_NAME = "OPCC Case and Grant Management"
SERVICE_PHASE = env.str("SERVICE_PHASE", default="beta")
# The modules and what each declares to core (navigation, report sections, exports, demo data).
from opcc.settings_modules import *  # noqa: E402, F403

# An export of at most this many rows streams in the request; a larger one is a worker job
# (XLSX and 360Giving JSON, slower to write, use the second limit).
EXPORT_STREAM_LIMIT = env.int("EXPORT_STREAM_LIMIT", default=50_000)
EXPORT_XLSX_STREAM_LIMIT = env.int("EXPORT_XLSX_STREAM_LIMIT", default=10_000)
# Export jobs (and their files) are deleted this many days after they finish, by a daily Celery
# beat task (opcc.exports migration 0003 schedules it).
EXPORT_JOB_KEEP_DAYS = env.int("EXPORT_JOB_KEEP_DAYS", default=7)

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content Security Policy (ADR 0008): our own scripts, styles, images and fonts only; nothing
# inline, no eval, no plugins, no framing. Violations are reported to opcc.core.csp, which logs them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": "/csp-report/",
    },
}
# Permissions-Policy: no powerful browser feature but passkeys (WebAuthn), and those only here.
# Only features Chromium recognises (it logs an error for any other on every page).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    **{
        feature: []
        for feature in (
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "camera",
            "clipboard-read",
            "display-capture",
            "encrypted-media",
            "gamepad",
            "geolocation",
            "gyroscope",
            "hid",
            "identity-credentials-get",
            "idle-detection",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "otp-credentials",
            "payment",
            "picture-in-picture",
            "screen-wake-lock",
            "serial",
            "storage-access",
            "usb",
            "window-management",
            "xr-spatial-tracking",
        )
    },
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Email (the daily reminder digest, opcc.privacy.reminders) -------------------------------
# The run command prints emails to the console; production sends through SMTP with the server and
# account from the environment (no secret has a default). Tests use Django's in-memory outbox.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="reminders@localhost")
# The service's address as people open it, for links in emails (no request to take it from);
# by default the first trusted origin in production.
_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000" if DEBUG else next(iter(_ORIGINS), ""))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "matplotlib": {"level": "WARNING"},
    },
}

# 360Giving publisher prefix for grant and organisation identifiers (360G-<prefix>-...).
THREESIXTYGIVING_PREFIX = env.str("THREESIXTYGIVING_PREFIX", default="opcc-wm")
FUNDER_NAME = env.str("FUNDER_NAME", default="West Midlands Police and Crime Commissioner")
# The force whose complaints the office reviews (named in review letters).
FORCE_NAME = env.str("FORCE_NAME", default="West Midlands Police")
# The office's own org-id (org-id.guide); until confirmed, an identifier under our 360G prefix.
FUNDER_IDENTIFIER = env.str("FUNDER_IDENTIFIER", default=f"360G-{THREESIXTYGIVING_PREFIX}")
