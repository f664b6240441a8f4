"""An access-log entry's `data` as readable Chinese, for the admin's 详情.

The log keeps `data` as the JSON its writers gave (the gate, copies, discs,
searches, the anonymous summaries, the 查阅登记簿); auditors read it as one
line of labelled parts — “登记号 CY2026-00001；授权 #3；路径 …；超级用户” —
never as a raw dict. Known keys get their Chinese label and a readable value;
an unknown key is shown as “key：value”, so nothing kept is hidden.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist

from dossiers.dates import format_local
from dossiers.documents.kinds import KINDS
from search.models import CaseSearchRecord
from search.selectors import FACETS

SEPARATOR = "；"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "，".join(f"{k}：{_text(v)}" for k, v in value.items() if v) or "无"
    if isinstance(value, list):
        return "、".join(_text(v) for v in value) or "无"
    return "" if value is None else str(value)


def _moment(value: Any) -> str:
    try:
        return format_local(dt.datetime.fromisoformat(str(value)))
    except ValueError:
        return _text(value)


def _labelled(label: str, names: dict | None = None) -> Callable[[Any], str]:
    names = names or {}
    return lambda value: f"{label} {names.get(value, _text(value))}"


def _document(slug: Any) -> str:
    kind = KINDS.get(slug) if isinstance(slug, str) else None
    if kind is None:
        return f"文件 {_text(slug)}"
    return f"文件 {kind.label}（{kind.suffix.upper()}）"


FILTER_LABELS = {
    **dict(FACETS),
    "closed_from": "结案日期自",
    "closed_to": "结案日期至",
}


def _filters(value: Any) -> str:
    if not isinstance(value, dict):
        return f"筛选 {_text(value)}"
    parts = [
        f"{FILTER_LABELS.get(key, key)} {_choice(key, item)}"
        for key, item in value.items()
    ]
    return "筛选 " + "，".join(parts) if parts else ""


def _choice(field: str, value: Any) -> str:
    try:
        choices = dict(CaseSearchRecord._meta.get_field(field).choices or ())
    except FieldDoesNotExist:
        choices = {}
    return str(choices.get(value, _text(value)))


DISC_FILES = {"iso": "光盘映像", "label": "盘面标签", "manifest": "光盘清单"}
SOURCES = {"admin": "管理后台", "disclosure": "政府信息公开申请办理"}
BACKENDS = {"default": "默认"}


def _flag(text: str) -> Callable[[Any], str]:
    return lambda value: text if value else ""


# How each known key reads; the order here is the order shown.
LABELS: dict[str, Callable[[Any], str]] = {
    "summary": _flag("匿名拒绝汇总"),
    "window_start": lambda value: f"起始 {_moment(value)}",
    "window_seconds": lambda value: f"时长 {_text(value)} 秒",
    "count": lambda value: f"共 {_text(value)} 次",
    "logged_individually": lambda value: f"逐条记录 {_text(value)} 次",
    "not_logged_individually": lambda value: f"仅汇总 {_text(value)} 次",
    "register": _labelled("查阅登记簿"),
    "from": _labelled("登记日期自"),
    "to": _labelled("至"),
    "person": _labelled("查阅人"),
    "format": lambda value: f"导出 {_text(value).upper()}",
    "rows": lambda value: f"{_text(value)} 条登记",
    "request": _labelled("登记号"),
    "grant": lambda value: f"授权 #{_text(value)}",
    "copy": lambda value: f"复制件 #{_text(value)}",
    "path": _labelled("路径"),
    "document": _document,
    "disc": _labelled("光盘"),
    "file": _labelled("光盘文件", DISC_FILES),
    "package": _labelled("保存包"),
    "query": lambda value: f"检索词“{_text(value)}”",
    "filters": _filters,
    "sort": _labelled("排序"),
    "page": lambda value: f"第 {_text(value)} 页",
    "total": lambda value: f"命中 {_text(value)} 件",
    "estimated": _flag("（估计数）"),
    "backend": _labelled("检索后端", BACKENDS),
    "source": _labelled("来源", SOURCES),
    "command": _labelled("命令"),
    "os_user": _labelled("系统账户"),
    "out": _labelled("输出到"),
    "superuser": _flag("超级用户"),
    "custodian": _flag("档案管理员查阅"),
    # The 信息公开 desk's reads (archive_site.admin.disclosure_desk).
    "application": _labelled("受理编号"),
    "file_name": _labelled("文件"),
    "sha256": _labelled("SHA-256"),
}


def access_log_details(data: Any) -> str:
    """`data` of an access-log entry as one line of labelled Chinese parts."""
    if not data:
        return ""
    if not isinstance(data, dict):
        return _text(data)
    known = [LABELS[key](data[key]) for key in LABELS if key in data]
    unknown = [
        f"{key}：{_text(value)}" for key, value in data.items() if key not in LABELS
    ]
    return SEPARATOR.join(part for part in [*known, *unknown] if part)
