"""The base of the archive's management commands, and their argument types.

Every command of every app subclasses `ArchiveCommand` (this module sits at
the bottom of the import graph, so any app may import it). It guarantees what
operators' scripts rely on: an option that cannot be used is a `CommandError`
naming the option and the value (exit 1, one line), never a traceback.

- Text options and arguments must be valid Unicode: a command line carrying
  bytes that are not UTF-8 reaches Python as lone surrogates, which no
  database accepts; they are refused before the command runs.
- Numbers are bounded with `int_between(low, high)` as the argparse type, so a
  count of 10^20 or -1 is refused by the parser instead of overflowing SQLite
  or running for ever.

What commands share lives here too, so no command writes its own copy:
progress bars (`count_progress`, `byte_progress`, `stage_progress`: rich, on
stderr, only on a terminal, gone when the job ends, so `--json` output and
logs stay clean), the account behind `--user`/`--by` (`add_user_argument` +
`user`, one error for an unknown name), the case behind a 案号
(`add_case_arguments` + `case`, `--agency` when the number is ambiguous), a
date option (`date_option`, YYYY-MM-DD) and one line of JSON on stdout
(`write_json`, Chinese kept readable).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)


def int_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high` inclusive."""
    return _number_between(int, "整数", low, high)


def float_between(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a finite number from `low` to `high` inclusive."""
    return _number_between(float, "数值", low, high)


def _number_between(kind: type, name: str, low, high) -> Callable[[str], Any]:
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"应为{name}：{text!r}") from exc
        if not low <= value <= high:  # NaN fails this too
            raise argparse.ArgumentTypeError(f"应在 {low} 到 {high} 之间：{text}")
        return value

    parse.__name__ = name
    return parse


def unreadable_text(value: Any) -> str | None:
    """The first text in `value` (a str, Path or list of them) that is not
    valid Unicode, shown with its bad bytes escaped; None when all is well."""
    values: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
    for item in values:
        text = str(item) if isinstance(item, str | Path) else None
        if text is None:
            continue
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return None


def date_option(option: str, text: str | None) -> dt.date | None:
    """The date an option gives as YYYY-MM-DD (None when not given), or one
    `CommandError` naming the option and what was typed."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{option} 应为 YYYY-MM-DD 格式的日期：{text}") from exc


def case_get(case_number: str, agency_code: str | None = None):
    """The case with this 案号 (of the agency with `agency_code` when given),
    or a CommandError when there is none or the number is ambiguous."""
    from dossiers.models import Case

    cases = Case.objects.filter(case_number=case_number)
    if agency_code:
        cases = cases.filter(agency__code=agency_code)
    found = list(cases[:2])
    if not found:
        raise CommandError(f"没有找到案号为 {case_number} 的案件。")
    if len(found) > 1:
        raise CommandError(f"案号 {case_number} 在多个机关中存在，请用 --agency 指定。")
    return found[0]


def _progress(*columns: Any, quiet: bool) -> Progress:
    console = Console(stderr=True)
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        *columns,
        console=console,
        disable=quiet or not console.is_terminal,
        transient=True,
    )


class ArchiveCommand(BaseCommand):
    """A management command whose arguments are checked before it runs."""

    user_option = "user"
    unknown_user_message = "用户 {username} 不存在。"

    def count_progress(self, *, quiet: bool = False, elapsed: bool = False):
        """A bar counting items (cases, chunks, packages): use it as a context."""
        timing = TimeElapsedColumn() if elapsed else TimeRemainingColumn()
        return _progress(MofNCompleteColumn(), timing, quiet=quiet)

    def byte_progress(self, *, quiet: bool = False) -> Progress:
        """A bar counting bytes read or written: use it as a context."""
        return _progress(DownloadColumn(), TransferSpeedColumn(), quiet=quiet)

    @contextmanager
    def stage_progress(self, prefix: str = "", *, quiet: bool = False) -> Iterator:
        """A byte bar naming its stage; yields `progress(stage, done, total)`."""
        with self.byte_progress(quiet=quiet) as bar:
            task = bar.add_task("", total=None)

            def progress(stage: str, done: int, total: int) -> None:
                description = f"{prefix} {stage}".strip()
                bar.update(task, description=description, completed=done, total=total)

            yield progress

    def add_user_argument(
        self, parser, flag: str = "--user", *, required: bool = False, help: str
    ) -> None:
        """Add `--user` or `--by`, the account `self.user(options)` returns."""
        self.user_option = flag.removeprefix("--")
        parser.add_argument(flag, required=required, help=help)

    def user(self, options: dict):
        """The account named by the user option, None when it was not given."""
        username = options.get(self.user_option)
        if username is None:
            return None
        found = get_user_model().objects.filter(username=username).first()
        if found is None:
            raise CommandError(self.unknown_user_message.format(username=username))
        return found

    def operator(self, options: dict):
        """The account and the name to record: the OS user without one."""
        user = self.user(options)
        return user, (user.get_username() if user else getpass.getuser())

    def add_case_arguments(self, parser) -> None:
        """Add the 案号 argument and `--agency`, the case `self.case` returns."""
        parser.add_argument("case_number", help="案号")
        parser.add_argument(
            "--agency", help="机关统一社会信用代码（案号在多个机关重复时必填）"
        )

    def case(self, options: dict):
        return case_get(options["case_number"], options.get("agency"))

    def write_json(self, data: Any) -> None:
        """One line of JSON on stdout, Chinese left readable."""
        self.stdout.write(json.dumps(data, ensure_ascii=False))

    def execute(self, *args: Any, **options: Any) -> Any:
        for name, value in [("参数", list(args)), *options.items()]:
            bad = unreadable_text(value)
            if bad is not None:
                option = name if name == "参数" else "--" + name.replace("_", "-")
                raise CommandError(f"{option} 含有无法识别的字符（不是 UTF-8）：{bad}")
        return super().execute(*args, **options)
