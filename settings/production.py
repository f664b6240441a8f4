"""Production settings: everything from the environment, secrets required.

A missing secret stops the process at start-up instead of running with a guess.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _secret_key(value: str) -> str:
    """The key, if it is long and random enough to sign sessions and tokens
    (Django's own deploy check: ≥ 50 characters, ≥ 5 distinct, not a
    generated `django-insecure-` key)."""
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak: use at least 50 random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )
    return value


def _allowed_hosts(value: str) -> list[str]:
    hosts = [host.strip() for host in value.split(",") if host.strip()]
    if not hosts or "*" in hosts:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must name the site's host names; '*' is refused."
        )
    return hosts


DEBUG = False
SECRET_KEY = _secret_key(os.environ["DJANGO_SECRET_KEY"])
ALLOWED_HOSTS = _allowed_hosts(os.environ["DJANGO_ALLOWED_HOSTS"])
# Signs the access log's daily checkpoints (Ed25519; see README, Access log).
ACCESS_LOG_SIGNING_KEY = os.environ["ACCESS_LOG_SIGNING_KEY"]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = (
    os.environ.get("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
)
SECURE_HSTS_PRELOAD = os.environ.get("DJANGO_SECURE_HSTS_PRELOAD", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
}
