"""Settings shared by every environment; each is read from the environment where it varies.

With no environment variable set, everything runs embedded: SQLite and Celery's filesystem
transport under `var/`, e-mail to the console. `DATABASE_URL`, `REDIS_URL` and `EMAIL_HOST`
switch each part to the real service.
"""

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from kombu import Exchange, Queue

from core.storage import private_storage_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CFLI_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    """Return an environment variable, treating an empty value as unset."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    return default if not value else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "django-insecure-cfli-development-key-never-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, so admin forms show one field per language.
    "modeltranslation",
    "whitenoise.runserver_nostatic",
    "cfli.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "core",
    "accounts",
    "notifications",
    "programs",
    "proposals",
    "reviews",
    "agreements",
    "monitoring",
    "reporting",
    "seeding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (after LocaleMiddleware, so its refusal is translated).
    "core.middleware.RequestSizeLimitMiddleware",
    # Before CommonMiddleware and CSRF, which read the query string and the body first.
    "core.middleware.RejectMalformedInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.sessions.AuthenticationMiddleware",
    "core.middleware.PrivatePagesMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "core.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "cfli.urls"
WSGI_APPLICATION = "cfli.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "programs.context_processors.staff_navigation",
                "notifications.context_processors.inbox",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# SQLite is the embedded default; WAL and IMMEDIATE transactions let the web server and the
# worker write to it side by side without "database is locked" errors.
SQLITE_DATABASE = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": VAR_DIR / "cfli.sqlite3",
    "OPTIONS": {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    },
}
if not env("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)


def database(url: str, **options) -> dict:
    """The database of DATABASE_URL. On PostgreSQL, the planner keeps the joins in the order the
    ORM writes them, give or take a pair (docs/decisions/0015): choosing among the orders of a
    proposal's eight joined tables cost ten times the query itself. Statements are prepared on
    the server from their second run on a connection, so PostgreSQL parses and plans each
    page's queries once per connection instead of on every request (docs/decisions/0019); a
    pooler in transaction mode in front of PostgreSQL needs CFLI_DB_PREPARED_STATEMENTS=0."""
    config: dict = dict(dj_database_url.parse(url, **options))
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "options": "-c join_collapse_limit=2"}
        if env_bool("CFLI_DB_PREPARED_STATEMENTS", True):
            config["OPTIONS"] |= {"server_side_binding": True, "prepare_threshold": 1}
    return config


DATABASES = {
    "default": (
        database(env("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)
        if env("DATABASE_URL")
        else SQLITE_DATABASE
    )
}

# The request path must never need Redis: the cache lives in the database (docs/decisions/0001).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cfli_cache",
    },
    # Rendered fragments kept under the exact versions of the rows they show (a proposal's
    # content): in each process's memory, as a key never answers for other data, so a hit costs
    # no round trip. 500 proposals' content per process at most (16 KB each: about 8 MB).
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cfli-fragments",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
# Database sessions that carry their user: one query reads both (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# The first hasher stores new passwords; older PBKDF2 hashes are verified, then upgraded at login.
PASSWORD_HASHERS = [
    "accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
# Where each role lands after signing in (the account adapter asks it): the rule lives in
# programs, above accounts in the layers (tests/test_dependencies.py), so it is named here.
CFLI_START_PAGE = "programs.start.start_page_for"

# Proactive publication (decision 0024): contributions above this amount in CAD are published,
# under the program's name and purpose as its terms and conditions give them.
CFLI_PUBLICATION_THRESHOLD = env("CFLI_PUBLICATION_THRESHOLD", "10000")
CFLI_PUBLICATION_PROGRAM = {
    "name_en": "Canada Fund for Local Initiatives",
    "name_fr": "Fonds canadien d'initiatives locales",
    "purpose_en": (
        "To support small-scale, high-impact projects designed and delivered by local partners "
        "in developing countries, in line with Canada's Feminist International Assistance "
        "Policy."
    ),
    "purpose_fr": (
        "Appuyer des projets de petite envergure à fort impact, conçus et réalisés par des "
        "partenaires locaux dans les pays en développement, conformément à la Politique d'aide "
        "internationale féministe du Canada."
    ),
}

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# The browser that signed up is signed in when it confirms the address, and goes back to the
# page it came from (an invitation); allauth does so only for the session that signed up.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
# Failed sign-ins (docs/decisions/0008): a browser that has signed in to the account before
# counts its own failures; any other shares the account's limit (whose owner is e-mailed an
# unlock link) and its address's, which is high enough for an office behind one address.
CFLI_SIGN_IN_LOCK_MINUTES = 15
# Behind a load balancer, how many proxies append to X-Forwarded-For (docs/operations.md): the
# client's address for rate limits and the audit log is the one the outermost of them saw.
CFLI_TRUSTED_PROXY_COUNT = int(env("CFLI_TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"50/{CFLI_SIGN_IN_LOCK_MINUTES}m/ip,5/{CFLI_SIGN_IN_LOCK_MINUTES}m/key",
    "login_failed_device": f"5/{CFLI_SIGN_IN_LOCK_MINUTES}m/key",
    # Every sign-in, right or wrong, per address: room for an office behind one address.
    "login": "100/m/ip",
    # allauth's defaults, stated here so the policy is visible and reviewable.
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CFLI Grants"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
# A code typed in the last seconds of its 30-second window still counts when it arrives in the
# next one (RFC 6238, section 5.2: one step back for the time it takes to type and send it).
MFA_TOTP_TOLERANCE = 1
# Fernet keys that encrypt second-factor secrets at rest, the current one first; the others
# still decrypt while `manage.py mfa_rotate_key` re-encrypts (docs/operations.md). Production
# requires them; elsewhere one is derived from SECRET_KEY.
CFLI_MFA_KEYS = env_list("CFLI_MFA_KEYS") or [
    base64.urlsafe_b64encode(hashlib.sha256(b"cfli-mfa:" + SECRET_KEY.encode()).digest()).decode()
]
# Fernet keys that encrypt partners' bank details (agreements.BankAccount), the same way and
# rotated the same way (`manage.py bank_details_rotate_key`); a key of its own, so that a leak
# of one ring never opens the other.
CFLI_DATA_KEYS = env_list("CFLI_DATA_KEYS") or [
    base64.urlsafe_b64encode(hashlib.sha256(b"cfli-data:" + SECRET_KEY.encode()).digest()).decode()
]

# Absolute links in e-mails sent by background tasks, which have no request to read it from.
CFLI_SITE_URL = env("CFLI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Later issues make staff pages demand a second factor when this is on (production).
CFLI_STAFF_MFA_REQUIRED = env_bool("CFLI_STAFF_MFA_REQUIRED", False)
# Set where a load balancer stamps X-Request-Start on every request (docs/operations.md): a
# submission then counts from when it reached the balancer, not from when a node took it up.
TRUST_X_REQUEST_START = env_bool("TRUST_X_REQUEST_START", False)

# Exports up to this many rows are the response itself; larger ones are built by a task.
CFLI_EXPORT_INLINE_MAX_ROWS = int(env("CFLI_EXPORT_INLINE_MAX_ROWS", "2000"))

# --- Languages and time -----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
# Content written by administrators has a column per language; a missing translation falls back.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "fr", "es")}
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT: Path | None = VAR_DIR / "static"  # the test settings have none
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Proposal attachments: var/private (or PRIVATE_FILES_ROOT), or the S3 bucket named by
    # AWS_STORAGE_BUCKET_NAME; never under a public URL.
    "private": private_storage_config(os.environ, default_location=VAR_DIR / "private"),
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "CFLI Grants <no-reply@cfli.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def smtp_mailers(host: str) -> dict:
    """The SMTP relay named by the EMAIL_* environment variables."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": host,
                "port": int(env("EMAIL_PORT", "25")),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": 20,
            },
        }
    }


MAILERS = (
    smtp_mailers(env("EMAIL_HOST"))
    if env("EMAIL_HOST")
    else {"default": {"BACKEND": "core.mail.ReadableConsoleBackend"}}
)

# --- Celery -----------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
REDIS_TRANSPORT_OPTIONS = {
    # Longer than the hard time limit below, so a slow task is never delivered twice.
    "visibility_timeout": 3600,
    "socket_timeout": 5,
    "socket_connect_timeout": 5,
    # Read the queues in CELERY_TASK_QUEUES' order, the default before the bulk one.
    "queue_order_strategy": "priority",
}
CELERY_FILESYSTEM_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_TRANSPORT_OPTIONS
else:
    CELERY_BROKER_URL = "filesystem://localhost/"
    for folder in ("queue", "processed", "control"):
        (CELERY_FILESYSTEM_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True


def celery_queues(*names: str) -> list[Queue]:
    """Each queue with an exchange and routing key of its own name, so a message reaches one."""
    return [Queue(name, Exchange(name), routing_key=name) for name in names]


# Mass mailings (reminders to every open draft) go to a queue of their own. A worker started
# without -Q reads both, the default first (queue_order_strategy above): a confirmation never
# waits behind a thousand reminders.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CFLI_BULK_QUEUE = "bulk"
CELERY_TASK_QUEUES = celery_queues(CELERY_TASK_DEFAULT_QUEUE, CFLI_BULK_QUEUE)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Work is tracked in database rows, never in Celery results: a dead Redis must not stall requests.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "relay-notifications": {
        "task": "notifications.relay_notifications",
        # https://crontab.guru/#*_*_*_*_* : every minute
        "schedule": crontab(),
    },
    "send-draft-reminders": {
        "task": "proposals.send_draft_reminders",
        # https://crontab.guru/#*/10_*_*_*_* : every 10 minutes
        "schedule": crontab(minute="*/10"),
    },
    "report-closed-calls": {
        "task": "proposals.report_closed_calls",
        # https://crontab.guru/#*/10_*_*_*_* : every 10 minutes
        "schedule": crontab(minute="*/10"),
    },
    "remind-reviewers": {
        "task": "reviews.remind_reviewers",
        # https://crontab.guru/#0_13_*_*_* : every day at 13:00 UTC (morning in the Americas)
        "schedule": crontab(minute="0", hour="13"),
    },
    "assign-missing-reviewers": {
        "task": "reviews.assign_missing_reviewers",
        # https://crontab.guru/#*/10_*_*_*_* : every 10 minutes
        "schedule": crontab(minute="*/10"),
    },
    "aggregate-finished-reviews": {
        "task": "reviews.aggregate_finished_reviews",
        # https://crontab.guru/#5-59/10_*_*_*_* : every 10 minutes, between the assignments
        "schedule": crontab(minute="5-59/10"),
    },
    "remind-information-requests": {
        "task": "proposals.remind_information_requests",
        # https://crontab.guru/#30_13_*_*_* : every day at 13:30 UTC (morning in the Americas)
        "schedule": crontab(minute="30", hour="13"),
    },
    "clear-expired-sessions": {
        "task": "core.clear_expired_sessions",
        # https://crontab.guru/#17_3_*_*_* : every day at 03:17 UTC
        "schedule": crontab(minute="17", hour="3"),
    },
    "relay-exports": {
        "task": "reporting.relay_exports",
        # https://crontab.guru/#*_*_*_*_* : every minute
        "schedule": crontab(),
    },
    "delete-old-export-files": {
        "task": "reporting.delete_old_export_files",
        # https://crontab.guru/#43_2_*_*_* : every day at 02:43 UTC
        "schedule": crontab(minute="43", hour="2"),
    },
    "instalments-due-on-date": {
        "task": "agreements.instalments_due_on_date",
        # https://crontab.guru/#7_*_*_*_* : every hour, so each mission's new day comes soon
        "schedule": crontab(minute="7"),
    },
    "send-report-reminders": {
        "task": "monitoring.send_report_reminders",
        # https://crontab.guru/#40_13_*_*_* : every day at 13:40 UTC (morning in the Americas)
        "schedule": crontab(minute="40", hour="13"),
    },
    "send-year-end-reminders": {
        "task": "agreements.send_year_end_reminders",
        # https://crontab.guru/#20_13_*_*_* : every day at 13:20 UTC (morning in the Americas)
        "schedule": crontab(minute="20", hour="13"),
    },
}

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A whole body, for views that do not stream uploads (RequestSizeLimitMiddleware): the fields
# Django would keep in memory, plus room for multipart's boundaries and headers.
CFLI_MAX_REQUEST_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE + 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A 4xx is one line without a traceback (anyone can send bad input); a 5xx keeps its own.
    # On django.request, where Django logs responses, so every handler gets the short line;
    # on the handler too, for django.security.* and the rest.
    "filters": {"client_errors": {"()": "core.logging.ClientErrorWithoutTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["client_errors"]},
    },
}
