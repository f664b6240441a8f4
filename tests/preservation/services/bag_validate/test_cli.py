"""`manage.py bag_validate` and the standalone `bag-validate`: output and exit.

The standalone program runs as a producer runs it: another process, with no
database reachable, without the archive's settings module.
"""

import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from preservation.services.bag_validate import cli
from tests.preservation.builders import DECISION_PDF, byte_flip

ROOT = Path(__file__).resolve().parents[4]
ISSUE_KEYS = ["code", "message", "file", "line", "field"]


def _command(*args):
    out = io.StringIO()
    try:
        call_command("bag_validate", *map(str, args), stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


def test_json_output_has_the_documented_shape(example_bag):
    bag = example_bag()
    byte_flip(bag / DECISION_PDF)

    status, out = _command(bag, "--json")

    report = json.loads(out)
    assert status == 1
    assert list(report) == ["path", "valid", "errors", "warnings"]
    assert report["path"] == str(bag)
    assert report["valid"] is False
    error = report["errors"][0]
    assert list(error) == ISSUE_KEYS
    assert error["code"] == "checksum_mismatch"
    assert error["file"] == DECISION_PDF
    assert isinstance(error["line"], int)


def test_a_valid_package_exits_0_and_says_so(example_bag):
    status, out = _command(example_bag())

    assert status == 0
    assert "校验通过（错误 0 项" in out


def test_the_text_output_names_file_line_and_code(example_bag):
    bag = example_bag()
    byte_flip(bag / DECISION_PDF)

    status, out = _command(bag, "--profile", "none")

    assert status == 1
    assert f"错误 {DECISION_PDF}:" in out
    assert "[checksum_mismatch]" in out


def test_an_unknown_profile_is_refused_by_the_parser(example_bag):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("bag_validate", str(example_bag()), "--profile", "other")


def test_the_console_script_is_declared():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    target = scripts["project"]["scripts"]["bag-validate"]

    assert target == "preservation.services.bag_validate.cli:main"
    assert callable(cli.main)


def _standalone(*args):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))
    }
    # Were a database touched, this one would fail: no server listens there.
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"
    return subprocess.run(
        [sys.executable, "-m", "preservation.services.bag_validate.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_standalone_program_runs_without_a_database(example_bag):
    bag = example_bag()
    byte_flip(bag / DECISION_PDF)

    invalid = _standalone(str(bag), "--json")
    byte_flip(bag / DECISION_PDF)
    valid = _standalone(str(bag), "--json")

    assert invalid.returncode == 1, invalid.stderr
    assert json.loads(invalid.stdout)["errors"][0]["file"] == DECISION_PDF
    assert valid.returncode == 0, valid.stderr
    assert json.loads(valid.stdout) == {
        "path": str(bag),
        "valid": True,
        "errors": [],
        "warnings": [],
    }
