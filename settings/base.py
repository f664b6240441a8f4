"""Settings shared by every deployment of the archive.

Everything a deployment changes comes from environment variables; `dev.py`,
`test.py` and `production.py` only adjust what differs between those worlds.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ARCHIVE_VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "archive_site",
    "dossiers",
    "dossiers.review",
    "dossiers.devices",
    "preservation",
    "access_control",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "archive_site.user_apps.ArchiveUsersAppConfig",  # wagtail.users
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "guardian",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from static files, not a CDN
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",  # last, as django-axes asks
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /api/: streamed uploads, size limit, JSON errors, one audit entry per call.
    "archive_site.api.middleware.ProducerApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A damaged access log: 503 with the reason, never a traceback.
    "access_control.middleware.AccessLogDamagedMiddleware",
    # Login throttling: answers a locked-out login with the lock-out page.
    "axes.middleware.AxesMiddleware",
    # With DEBUG on, only superusers see Django's page that lists every URL.
    "archive_site.middleware.NotFoundPageMiddleware",
]

ROOT_URLCONF = "archive_site.urls"
WSGI_APPLICATION = "archive_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "archive_site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'archive.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while an ingest writes; a generous busy timeout
    # makes concurrent writers wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out logins before any password is
    # checked (it authenticates nobody itself). Being a ModelBackend subclass, it
    # is also what Wagtail's test helpers log in with (the first backend).
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# account, or from one address, further logins for it are refused for
# AXES_COOLOFF_TIME hours (HTTP 429, our own page) until a system administrator
# unlocks it in 设置 › 登录锁定 (or `manage.py axes_reset_username NAME`).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "archive_site/admin/login_locked.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False  # no banner on every command; failures are still logged
ANONYMOUS_USER_NAME = None  # guardian: anonymous users never hold object permissions

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"  # noqa: E501
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Wagtail images/documents only; case records never live under MEDIA_ROOT.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads above this size stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security defaults -----------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin JavaScript reads the CSRF token.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "行政执法档案馆"
WAGTAILADMIN_BASE_URL = os.environ.get("ARCHIVE_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# One time zone for everyone: the account page then offers no list of world zones.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
# Chinese for the Wagtail/Django strings their own zh_Hans catalogues lack.
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_USER_LOGIN_FORM = "archive_site.admin.forms.LoginForm"
# Chinese-aware full-text search: the database by default, or an
# Elasticsearch/OpenSearch engine. Settings only copy the SEARCH_* variables
# (SEARCH_BACKEND, SEARCH_URL, …); search/config.py interprets them.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backends.configured",
        **{k: v for k, v in os.environ.items() if k.startswith("SEARCH_")},
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "xlsx", "csv", "txt"]

# --- Background tasks (django-tasks; Wagtail shares the same setting) --------
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "ARCHIVE_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- The archive --------------------------------------------------------------
# Primary and replica storage roots for originals and (later) archival packages.
ARCHIVE_STORAGE = Path(os.environ.get("ARCHIVE_STORAGE", VAR_DIR / "storage"))
ARCHIVE_REPLICA = Path(os.environ.get("ARCHIVE_REPLICA", VAR_DIR / "replica"))
# Staging area for unpacking submission packages; must be on the same file system
# as ARCHIVE_STORAGE so that finished objects can be renamed into place.
ARCHIVE_STAGING = Path(os.environ.get("ARCHIVE_STAGING", ARCHIVE_STORAGE / "staging"))
# Limits on submission archives (zip/tar): total unpacked size, entry count and
# compression ratio; anything beyond is refused as a possible archive bomb.
ARCHIVE_SIP_MAX_BYTES = int(os.environ.get("ARCHIVE_SIP_MAX_BYTES", str(20 * 1024**3)))
ARCHIVE_SIP_MAX_ENTRIES = int(os.environ.get("ARCHIVE_SIP_MAX_ENTRIES", "20000"))
ARCHIVE_SIP_MAX_RATIO = int(os.environ.get("ARCHIVE_SIP_MAX_RATIO", "200"))
# The producers' API (/api/): largest upload (0: ARCHIVE_SIP_MAX_BYTES), calls
# per token and minute, and how long a submission may go without progress
# before the next upload of the same package starts it again.
PRODUCER_API_MAX_UPLOAD_BYTES = int(
    os.environ.get("PRODUCER_API_MAX_UPLOAD_BYTES", "0")
)
PRODUCER_API_RATE_PER_MINUTE = int(
    os.environ.get("PRODUCER_API_RATE_PER_MINUTE", "120")
)
PRODUCER_API_STALE_SECONDS = int(os.environ.get("PRODUCER_API_STALE_SECONDS", "600"))
# The State Council's holiday arrangements for years chinese-calendar does not
# know yet, entered from the notice (dossiers.workdays explains the format).
ARCHIVE_HOLIDAYS_FILE = os.environ.get("ARCHIVE_HOLIDAYS_FILE", "")
ARCHIVE_CJK_FONT = os.environ.get("ARCHIVE_CJK_FONT", "")
# OCR of scanned pages (preservation.ocr): "tesseract" or "rapidocr" (bench/README.md).
ARCHIVE_OCR_ENGINE = os.environ.get("ARCHIVE_OCR_ENGINE", "rapidocr")

# --- The access log -----------------------------------------------------------
# Refused anonymous requests logged one entry each per address and minute;
# beyond that they get 429 and one summary entry (counted in CACHES "default").
ACCESS_LOG_ANONYMOUS_DENIALS_PER_MINUTE = int(
    os.environ.get("ACCESS_LOG_ANONYMOUS_DENIALS_PER_MINUTE", "20")
)
# Ed25519 private key signing the daily checkpoints of the log's head: base64 of
# the 32-byte seed, or PEM (PKCS#8). dev/test derive one; production requires it.
ACCESS_LOG_SIGNING_KEY = os.environ.get("ACCESS_LOG_SIGNING_KEY", "")
# Older public keys (base64, comma-separated) whose checkpoints still count.
ACCESS_LOG_PUBLIC_KEYS = [
    k for k in os.environ.get("ACCESS_LOG_PUBLIC_KEYS", "").split(",") if k.strip()
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Per-task chatter and library start-up notes are not operator news.
        "django_tasks": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
        "bagit": {"level": "WARNING"},
        # One line per request to the search engine is not operator news either.
        "opensearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
    },
}

# 政府信息公开 (access_control.disclosure): the application form's attachments
# and the public pages' limits.
DISCLOSURE_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("DISCLOSURE_ATTACHMENT_MAX_BYTES", str(10 * 1024**2))
)
DISCLOSURE_ATTACHMENT_MAX_COUNT = int(
    os.environ.get("DISCLOSURE_ATTACHMENT_MAX_COUNT", "5")
)
# The public pages' limits (archive_site/pages/limits.py): filed applications
# per client address an hour and per 证件号码 a day; failed 申请查询 look-ups
# (per address and per 受理编号) within a window lock both for a while; how
# long the status page remembers a found application in the session.
DISCLOSURE_SUBMISSIONS_PER_ADDRESS = int(
    os.environ.get("DISCLOSURE_SUBMISSIONS_PER_ADDRESS", "5")
)
DISCLOSURE_SUBMISSIONS_PER_ID = int(
    os.environ.get("DISCLOSURE_SUBMISSIONS_PER_ID", "3")
)
DISCLOSURE_LOOKUP_FAILURES = int(os.environ.get("DISCLOSURE_LOOKUP_FAILURES", "5"))
DISCLOSURE_LOOKUP_WINDOW_MINUTES = int(
    os.environ.get("DISCLOSURE_LOOKUP_WINDOW_MINUTES", "15")
)
DISCLOSURE_LOOKUP_LOCK_MINUTES = int(
    os.environ.get("DISCLOSURE_LOOKUP_LOCK_MINUTES", "30")
)
DISCLOSURE_STATUS_SESSION_MINUTES = int(
    os.environ.get("DISCLOSURE_STATUS_SESSION_MINUTES", "30")
)

# --- E-mail (approvals, 政府信息公开 receipts and notices) -----------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "archive@localhost")
