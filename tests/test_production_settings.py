"""Production settings start only when safe: `check --deploy` is clean, and a
weak secret key or `ALLOWED_HOSTS=*` stops the process at start-up."""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STRONG_KEY = "k7Qp2vX9mZ4tR8wB1nY6cF3hJ5sL0dG7aE2uI9oP4qW6xV8bN1mK3jH5gT0rS2yU"


def _manage(tmp_path, *args, **env):
    # A deployment's environment: none of the test run's own switches (the
    # browser journeys set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright).
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "DJANGO_SECRET_KEY": STRONG_KEY,
        "DJANGO_ALLOWED_HOSTS": "archive.example.gov.cn",
        "ACCESS_LOG_SIGNING_KEY": base64.b64encode(bytes(range(32))).decode(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean(tmp_path):
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "key",
    ["short-key", "a" * 64, "django-insecure-" + STRONG_KEY],
    ids=["short", "repetitive", "generated-insecure"],
)
def test_a_weak_secret_key_is_refused_at_start(tmp_path, key):
    result = _manage(tmp_path, "check", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


@pytest.mark.parametrize("hosts", ["*", "archive.example.gov.cn,*", " , "])
def test_allowed_hosts_star_is_refused_at_start(tmp_path, hosts):
    result = _manage(tmp_path, "check", DJANGO_ALLOWED_HOSTS=hosts)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr
