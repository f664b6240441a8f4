"""Development settings: the embedded single-machine default."""

import contextlib

from .base import *  # noqa: F403

DEBUG = True
VAR_DIR.mkdir(parents=True, exist_ok=True)
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
