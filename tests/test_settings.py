"""Production settings refuse to start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _import_production(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "ACCESS_LOG_"))
    }
    return subprocess.run(
        [sys.executable, "-c", "import settings.production"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_fails_loudly():
    result = _import_production(DJANGO_ALLOWED_HOSTS="archive.example.cn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_without_access_log_key_fails_loudly():
    result = _import_production(
        DJANGO_SECRET_KEY="vT3q-8ZpLw0cYb7RkN2mXs5HdJf9GaE1uQoIyW4eVrKt6BhCnMzPlA",
        DJANGO_ALLOWED_HOSTS="archive.example.cn",
    )
    assert result.returncode != 0
    assert "ACCESS_LOG_SIGNING_KEY" in result.stderr


def test_production_with_its_secrets_starts():
    result = _import_production(
        DJANGO_SECRET_KEY="k7Qp2vX9mZ4tR8wB1nY6cF3hJ5sL0dG7aE2uI9oP4qW6xV8bN1mK3",
        DJANGO_ALLOWED_HOSTS="archive.example.cn",
        ACCESS_LOG_SIGNING_KEY="A" * 43 + "=",
    )
    assert result.returncode == 0, result.stderr
