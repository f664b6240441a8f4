"""The site never loads the demo generator at run time.

A fresh interpreter starts the site the way a server does (WSGI application,
the whole URLconf, Wagtail's admin hooks) and loads every management command of
our apps, then reports which `demo` modules it holds: none may be there. Only
running `make_demo_cases` itself loads the generator.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

START_SITE = """
import json, sys
from archive_site.wsgi import application
from django.conf import settings
from django.core.management import get_commands, load_command_class
from django.urls import get_resolver
from wagtail import hooks

get_resolver().url_patterns
hooks.search_for_hooks()
ours = ("archive_site", "dossiers", "preservation", "access_control", "search")
loaded = [
    name for name, app in get_commands().items()
    if app in ours and load_command_class(app, name)
]
demo = sorted(
    m for m in sys.modules
    if m == "demo" or m.startswith(("demo.", "archive_site.demo"))
)
print(json.dumps({"commands": loaded, "demo": demo}))
"""


def _start_site() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", START_SITE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_site_and_commands_load_without_the_demo_generator():
    started = _start_site()
    assert "make_demo_cases" in started["commands"]
    assert started["demo"] == []


def test_demo_generator_is_a_top_level_package():
    import demo

    assert Path(demo.__file__).parent == ROOT / "demo"
    assert not (ROOT / "archive_site" / "demo").exists()
