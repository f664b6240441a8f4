"""Development settings: the embedded single-machine default."""

import base64
import contextlib
import hashlib

from .base import *  # noqa: F403

DEBUG = True
VAR_DIR.mkdir(parents=True, exist_ok=True)
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Mail is printed on the console unless a real backend is configured.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# The access log's checkpoint key: derived from the (public) development
# SECRET_KEY unless ACCESS_LOG_SIGNING_KEY is set. Fine for a demo, never for
# production, where the key is required.
ACCESS_LOG_SIGNING_KEY = (
    ACCESS_LOG_SIGNING_KEY
    or base64.b64encode(
        hashlib.sha256(f"access-log:{SECRET_KEY}".encode()).digest()
    ).decode()
)

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
