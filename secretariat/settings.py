"""Settings for the Secretariat project: one file, read from the environment.

Every value a deployment may change comes from an environment variable through the small
typed helpers below; the defaults give a working embedded SQLite setup for development.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def envpath(name: str, default: Path) -> Path:
    return Path(os.getenv(name, str(default)))


DEBUG = envbool("DEBUG", "True")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# The public address of the site: printed in e-mails, calendar feeds and (for ever) in the QR code
# of signed PDFs, so production must say it.
SITE_URL = os.getenv("SITE_URL", "" if not DEBUG else "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL:
    raise RuntimeError("SITE_URL must be set when DEBUG is off, e.g. https://secretariat.example.org")

INSTALLED_APPS = [
    "secretariat.apps.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    # Before django_tasks_db: its db_worker command is the project's own (with a lease).
    "secretariat",
    "django_tasks",
    "django_tasks_db",
    "committees",
    "resolutions",
    "meetings",
    "api",
    "archive",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "secretariat.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "secretariat.middleware.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "secretariat.middleware.BusyDatabaseMiddleware",
    "api.middleware.ConditionalApiMiddleware",
    "secretariat.site.DevelopmentSiteUrlMiddleware",
]

ROOT_URLCONF = "secretariat.urls"
# The standard widgets drawn in Python: a long editor's thousand fields took seconds in templates.
FORM_RENDERER = "secretariat.form_renderer.QuickWidgetRenderer"
WSGI_APPLICATION = "secretariat.wsgi.application"

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
                "django.template.context_processors.i18n",
                "secretariat.context_processors.account",
            ],
            "builtins": ["secretariat.templatetags.persian"],
        },
    },
]

# In production a connection is kept for a minute and checked before reuse: opening one per
# request costs more than most pages (see benchmarks/README.md). The development server starts a
# thread per request, so it closes them.
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0" if DEBUG else "60"),
        conn_health_checks=True,
    )
}
# The embedded SQLite database takes concurrent requests: readers never wait for a writer (WAL),
# a transaction takes the write lock when it starts (so two never deadlock upgrading their
# locks), and a writer waits up to 20 s for another before giving up ("busy" page, 503).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Backups keep datetimes to the microsecond (Django's JSON format keeps milliseconds).
SERIALIZATION_MODULES = {"exact_json": "secretariat.exact_json"}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password guessing: after AXES_FAILURE_LIMIT wrong passwords for one username from one address,
# logins are refused for AXES_COOLOFF_MINUTES. The attempts are kept in the database, so every
# app server sees them.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "30") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a proxy, set AXES_PROXY_COUNT to the number of proxies in front of the app, so that the
# client's address is read from X-Forwarded-For (the proxies' part of it, not the client's).
PROXY_COUNT = envint("AXES_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "secretariat.access.client_address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "secretariat.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = envpath("STATIC_ROOT", BASE_DIR / "staticfiles")
# Uploaded attachments, scanned signatures and signed PDFs. They are never served from a public
# URL: every download goes through a view that checks who asks. Keep MEDIA_ROOT out of the
# web server's document root.
MEDIA_URL = "/media/"
MEDIA_ROOT = envpath("MEDIA_ROOT", BASE_DIR / "media")
# Behind nginx (``X-Accel-Redirect``) or Apache (``X-Sendfile``), stored files the site has checked
# who may read are handed to the web server to send, from SENDFILE_PREFIX (an internal location
# aliased to MEDIA_ROOT, see the README); without it the WSGI server streams them.
SENDFILE_HEADER = os.getenv("SENDFILE_HEADER", "")
SENDFILE_PREFIX = os.getenv("SENDFILE_PREFIX", "/protected-media/")
# Calls to the API per token (``api.auth.TokenRateThrottle``): "<number>/<s|min|hour|day>".
API_RATE = os.getenv("API_RATE", "600/min")
DEADLINE_REMINDER_DAYS = envint("DEADLINE_REMINDER_DAYS", "7")
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The minutes editor posts every row of a session in one form: about 15 fields per resolution
# plus one per collaborator, so a long session (60 resolutions with 14 collaborators each, about
# 2,000 fields) is far above Django's default of 1,000. The limit stays, to refuse floods.
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("DATA_UPLOAD_MAX_NUMBER_FIELDS", "10000")

# Files on local disk by default; on an S3-compatible store when AWS_STORAGE_BUCKET_NAME is set,
# so that several app servers share them.
if os.getenv("AWS_STORAGE_BUCKET_NAME"):
    DEFAULT_FILE_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.getenv("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": os.getenv("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.getenv("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_FILE_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Background tasks (laying out PDFs, sealing signed minutes) use Django's tasks API (the
# django-tasks backport). In development they run at once, in the request that asks for them
# ("immediate"); in production they are queued in the database and run by a worker process,
# `manage.py db_worker` ("database"), so that a request never waits for WeasyPrint.
TASKS_BACKEND = os.getenv("TASKS_BACKEND", "immediate" if DEBUG else "database")
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise RuntimeError(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# The immediate backend runs a task once the transaction that asked for it commits, never inside
# it (a render would hold SQLite's write lock); see secretariat.tasks.queue.
TASKS_RUN_AFTER_COMMIT = True
# A worker that has not been heard of for this long is taken for dead: another takes up its tasks.
TASK_LEASE_SECONDS = envint("TASK_LEASE_SECONDS", "30")

# Sessions live in the database; the cache is Redis when REDIS_URL is set (several app servers),
# the database otherwise. Nothing a second server needs is kept in one process's memory.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
if os.getenv("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.getenv("REDIS_URL"),
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_table"}
    }

EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
# Seconds to wait for the mail server on every connection: one that accepts and never answers
# must not hold up the worker (mail is sent in the background, see secretariat.mail).
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "10")
# Webhooks (``api.webhooks``): seconds to wait for a member's system; failed attempts in a row
# after which its address is switched off.
WEBHOOK_TIMEOUT = envint("WEBHOOK_TIMEOUT", "10")
WEBHOOK_DISABLE_AFTER = envint("WEBHOOK_DISABLE_AFTER", "10")
# Webhooks are not sent to this server itself or its private network (loopback, private, link-local
# and reserved addresses) unless this is on: a member's address must not reach inside.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = envbool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "False")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "secretariat@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Secretariat", address) for address in envlist("ADMIN_EMAILS", "")]

# HTTPS in production: secure cookies, HSTS, redirects. Behind a TLS-terminating proxy, set
# SECURE_PROXY_SSL_HEADER=1 so that Django trusts its X-Forwarded-Proto header.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "secretariat.views.csrf_failure"
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("SECURE_PROXY_SSL_HEADER", "False"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "object-src 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

# History is read in the admin, never reverted there: changes go through the site's actions.
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The secretariat's seal on signed minutes (PAdES, invisible): a PKCS#12 file and its passphrase.
# `python manage.py make_seal_certificate` makes a self-signed one for local use at the default path.
SEAL_PKCS12_PATH = Path(os.getenv("SEAL_PKCS12_PATH", BASE_DIR / "var" / "seal" / "seal.p12"))
SEAL_PKCS12_PASSPHRASE = os.getenv("SEAL_PKCS12_PASSPHRASE", "")
# Or a key on a hardware token (PKCS#11): the module (the token's library), the token's label, the
# key's and certificate's labels on it and the user PIN. When a module is set, the token seals.
SEAL_PKCS11_MODULE = os.getenv("SEAL_PKCS11_MODULE", "")
SEAL_PKCS11_TOKEN = os.getenv("SEAL_PKCS11_TOKEN", "")
SEAL_PKCS11_KEY_LABEL = os.getenv("SEAL_PKCS11_KEY_LABEL", "seal")
SEAL_PKCS11_CERT_LABEL = os.getenv("SEAL_PKCS11_CERT_LABEL", "") or SEAL_PKCS11_KEY_LABEL
SEAL_PKCS11_PIN = os.getenv("SEAL_PKCS11_PIN", "")
# A timestamp authority (RFC 3161) makes the seal PAdES B-LTA: trusted time, and the validation
# data embedded so that it verifies after the certificates expire. Without one, the seal's time
# is the server's clock, and the verification page says so. SEAL_TSA_TRUST: the authority's root
# certificate(s), PEM, so that its timestamps are validated when the validation data is embedded.
SEAL_TSA_URL = os.getenv("SEAL_TSA_URL", "")
SEAL_TSA_USERNAME = os.getenv("SEAL_TSA_USERNAME", "")
SEAL_TSA_PASSWORD = os.getenv("SEAL_TSA_PASSWORD", "")
SEAL_TSA_TRUST = os.getenv("SEAL_TSA_TRUST", "")
SEAL_TSA_TIMEOUT = float(os.getenv("SEAL_TSA_TIMEOUT", "15"))
