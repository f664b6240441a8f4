"""Checking `data/case.json` against the JSON Schema of the profile it declares.

Each schema error becomes one `schema_violation` problem naming the field
(`case.title`, not the parent object jsonschema reports), with a hint when the
field exists only in a later profile version than the one declared.
jsonschema is imported on first use: web processes that never check a
case.json do not load it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Any

from preservation import profile
from preservation.problems import PackageRefused, Problem
from preservation.profile import CASE_JSON

if TYPE_CHECKING:
    import jsonschema


@functools.cache
def _format_checker() -> jsonschema.FormatChecker:
    """jsonschema's format checker, with a strict "date-time".

    jsonschema checks "date-time" only when rfc3339-validator is installed;
    without it "2025-02-10T25:00+08:00" passes the pattern and later breaks the
    date checks. Built on first use: jsonschema (8 MB) is not loaded by web
    processes that never check a case.json.
    """
    import jsonschema

    checker = jsonschema.FormatChecker()
    checker.checks("date-time", raises=ValueError)(_is_date_time)
    return checker


def _is_date_time(value: object) -> bool:
    if isinstance(value, str):
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


def _declared_version(document: dict[str, Any]) -> str:
    """The profile version `case.json` declares; an unknown one is refused."""
    declared = document.get("profile")
    if declared in profile.PROFILE_IDS:
        return profile.PROFILE_IDS[declared]
    if "profile" not in document:
        return profile.VERSIONS[0]  # the schema names the missing field
    accepted = "、".join(profile.PROFILE_IDS)
    raise PackageRefused(
        [
            Problem(
                "schema_violation",
                f"字段 profile 不符合提交规范：{declared!r} 不是本馆接受的"
                f"提交规范（可用：{accepted}）。",
                CASE_JSON,
                "profile",
            )
        ]
    )


def check_schema(document: dict[str, Any]) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(
        profile.case_json_schema(_declared_version(document)),
        format_checker=_format_checker(),
    )
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    if errors:
        raise PackageRefused([p for e in errors for p in _schema_problems(e)])


def _schema_problems(error: jsonschema.ValidationError) -> list[Problem]:
    parent = [str(p) for p in error.absolute_path]
    fields = [".".join([*parent, name]) for name in _named_properties(error)]
    return [
        Problem(
            "schema_violation",
            f"字段 {field} 不符合提交规范：{_schema_message(error)}{_since(field)}",
            CASE_JSON,
            field,
        )
        for field in fields or [".".join(parent) or "(根)"]
    ]


def _since(field: str) -> str:
    """A hint when a field unknown to the declared version exists in a later one."""
    generic = re.sub(r"\.\d+(?=\.|$)", ".*", field)
    version = profile.FIELDS_ADDED.get(generic)
    if version is None:
        return ""
    since = f"{profile.PROFILE_NAME}/{version}"
    return f"该字段自 {since} 起可用，须在 profile 中声明该版本。"


def _named_properties(error: jsonschema.ValidationError) -> list[str]:
    """The properties a required/additionalProperties error is about.

    jsonschema reports these on the parent object and names the property only in
    its English message; the producer needs the field itself (`case.title`).
    """
    if not isinstance(error.instance, dict):
        return []
    if error.validator == "required":
        missing = [p for p in error.validator_value if p not in error.instance]
        return [p for p in missing if error.message.startswith(repr(p))][:1]
    if error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        return sorted(p for p in error.instance if p not in known)
    return []


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "enum":
        allowed = "、".join(str(v) for v in error.validator_value)
        return f"值 {error.instance!r} 不是已知代码（可用：{allowed}）。"
    if error.validator == "required":
        return f"缺少必填项（{error.message}）。"
    if error.validator == "additionalProperties":
        return f"含有规范未定义的字段（{error.message}）。"
    return f"{error.message}。"
