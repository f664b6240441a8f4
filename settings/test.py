"""Test settings, after bakerydemo's: fast hashing, local caches, immediate tasks.

Storage roots are set per test by fixtures in tests/conftest.py.
"""

import base64
import hashlib

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The local cache outlives each test: a suite's anonymous refusals must not add
# up to the flood limit; tests/access_control/test_throttle.py sets its own.
ACCESS_LOG_ANONYMOUS_DENIALS_PER_MINUTE = 100_000
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# No OCR after each ingest in the suite (seconds a page); the OCR tests
# (tests/preservation/services/test_text_ocr.py) turn it on.
ARCHIVE_OCR_ENGINE = ""
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}

# The suite searches the database backend always, and a real engine as well
# when one is configured (CI starts OpenSearch and sets SEARCH_URL). The engine
# is only written to by the tests that use it, each in indices of its own.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
if os.environ.get("SEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["engine"] = {
        "BACKEND": "search.backends.configured",
        **{k: v for k, v in os.environ.items() if k.startswith("SEARCH_")},
        "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND") or "opensearch3",
        "SEARCH_INDEX_PREFIX": f"test{os.getpid()}_",
        "AUTO_UPDATE": False,
    }

# A fixed, public test key for the access log's checkpoints (never a secret).
ACCESS_LOG_SIGNING_KEY = base64.b64encode(
    hashlib.sha256(b"enforcement-archive test access-log key").digest()
).decode()
