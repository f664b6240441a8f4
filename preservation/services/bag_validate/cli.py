"""`bag-validate PATH [--profile enforcement-case-sip|none] [--json]`.

The producers' pre-check, run on their side: the same `bag_validate` as
`manage.py bag_validate`, without a database. Django is configured from
`settings.base` with no database at all (any query would fail loudly), only
so that the profile and the four-property check can load; nothing is written.
The exit status is 0 for a valid package and 1 for an invalid one.
"""

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

import django
from django.conf import settings

# Only constants: importing the profile needs no configured settings.
from preservation.profile import PROFILE_NAME


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments, shared with the management command."""
    parser.add_argument(
        "path", type=Path, help="提交包：BagIt 目录，或含一个包的 .zip、.tar、.tar.gz"
    )
    parser.add_argument(
        "--profile",
        choices=(PROFILE_NAME, "none"),
        default=PROFILE_NAME,
        help="按哪个提交规范校验；none 只校验 RFC 8493",
    )
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")


def report_text(report, *, as_json: bool) -> str:
    """The report as one JSON object, or as lines for a person."""
    if as_json:
        return json.dumps(report.as_dict(), ensure_ascii=False)
    errors, warnings = report.issues.errors, report.issues.warnings
    verdict = "通过" if report.valid else "未通过"
    counts = f"错误 {len(errors)} 项，警告 {len(warnings)} 项"
    lines = [f"{report.path}：校验{verdict}（{counts}）"]
    for label, issues in (("错误", errors), ("警告", warnings)):
        lines += [f"  {label} {_where(i)} [{i.code}] {i.message}" for i in issues]
    return "\n".join(lines)


def _where(issue) -> str:
    where = issue.file or "（包）"
    if issue.line:
        where += f":{issue.line}"
    if issue.field:
        where += f" {issue.field}"
    return where


def main(argv: list[str] | None = None) -> int:
    """Run the pre-check as a program; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="bag-validate",
        description="提交包预检：RFC 8493、提交规范、case.json、四性检测。",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    _django_without_database()
    # Imported once Django is configured: it loads the apps' models.
    from preservation.services.bag_validate.package import bag_validate

    report = bag_validate(args.path, profile=args.profile != "none")
    sys.stdout.write(report_text(report, as_json=args.json) + "\n")
    return 0 if report.valid else 1


def _django_without_database() -> None:
    if settings.configured:
        return
    # The producer's environment may name the archive's settings; never use them.
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    base = importlib.import_module("settings.base")
    values = {name: getattr(base, name) for name in dir(base) if name.isupper()}
    settings.configure(**(values | {"DATABASES": {}}))
    django.setup()


if __name__ == "__main__":
    sys.exit(main())
