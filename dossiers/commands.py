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
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


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


class ArchiveCommand(BaseCommand):
    """A management command whose arguments are checked before it runs."""

    def execute(self, *args: Any, **options: Any) -> Any:
        for name, value in [("参数", list(args)), *options.items()]:
            bad = unreadable_text(value)
            if bad is not None:
                option = name if name == "参数" else "--" + name.replace("_", "-")
                raise CommandError(f"{option} 含有无法识别的字符（不是 UTF-8）：{bad}")
        return super().execute(*args, **options)
