"""Every option and argument of every archive command takes hostile values.

Commands and their options are read from the commands themselves, so a new
command or option is fuzzed without anyone adding it here. Huge and negative
numbers and text that is not UTF-8 (as a shell passes undecodable bytes) must
each end in a `CommandError` or a normal run — never another exception.
"""

import argparse

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

OUR_APPS = ("access_control", "archive_site", "dossiers", "preservation", "search")
DJANGO_OPTIONS = {
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}
NUMBERS = ["99999999999999999999", "-99999999999999999999", "-1", "nan", "inf"]
TEXT = ["\udcff\udcfe", "案\udc80号"]
# Commands that serve or wait for ever are not batch jobs to fuzz.
LONG_RUNNING = {"runserver", "db_worker"}


def _commands() -> list[tuple[str, str]]:
    found = [
        (name, app)
        for name, app in get_commands().items()
        if app.split(".")[0] in OUR_APPS and name not in LONG_RUNNING
    ]
    return sorted(found)


def _actions(command) -> list[argparse.Action]:
    parser = command.create_parser("manage.py", "fuzz")
    return [
        action
        for action in parser._actions
        if action.dest not in DJANGO_OPTIONS and action.nargs != 0
    ]


def _filler(action: argparse.Action) -> str:
    return "0" if _numeric(action) else "无此案号"


def _numeric(action: argparse.Action) -> bool:
    """int/float, or one of dossiers.commands' bounded number types."""
    name = getattr(action.type, "__name__", "")
    return action.type in (int, float) or name in ("整数", "数值")


def _argv(actions, target, value) -> list[str]:
    argv = []
    for action in actions:
        text = value if action is target else _filler(action)
        if action.option_strings:
            if action is target or action.required:
                argv.append(f"{action.option_strings[-1]}={text}")
        elif action.required or action is target or action.nargs in ("+", None):
            argv.append(text)
    return argv


def _hostile(action) -> list[str]:
    return (NUMBERS if _numeric(action) else []) + TEXT


@pytest.mark.parametrize(("name", "app"), _commands())
def test_every_option_is_refused_clearly_or_works(name, app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    command = load_command_class(app, name)
    failures = []
    actions = _actions(command)
    for target in actions:
        for value in _hostile(target):
            argv = _argv(actions, target, value)
            try:
                call_command(load_command_class(app, name), *argv)
            except (CommandError, SystemExit):
                pass
            except Exception as exc:  # noqa: BLE001 — that is the finding
                failures.append(f"{name} {argv!r}: {type(exc).__name__}: {exc}")
    assert failures == []
