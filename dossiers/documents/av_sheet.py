"""Written statements that stand in the dossier for what cannot be printed.

`av_sheet_pdf` is the 音像资料说明 of a photo, audio or video record: its 制作
方法, 制作时间, 制作人 and 证明对象 (000 §32–33), the 取证 details of 001 §24,
and where the archive keeps the file — content-addressed storage under its
digest, which anyone can recompute to check the copy. `material_sheet_pdf` is
the plainer 材料说明 for any other file that cannot be bound as pages. The
sheets print the declared metadata as given; checking it is for the rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, Spacer

from dossiers.codes import Form, label
from dossiers.dates import local_time
from dossiers.documents._common import (
    CONTENT_HEIGHT,
    CONTENT_WIDTH,
    centered,
    field_table,
    para,
    render,
)
from dossiers.models import Material

AV_TITLE = "音像资料说明"
SHEET_TITLE = "材料说明"
LABEL_WIDTH = 30 * mm
NOT_DECLARED = "提交包未载明"
ALGORITHMS = {"sha256": "SHA-256", "sha512": "SHA-512", "sha3_256": "SHA3-256"}
BASIS = (
    "依据：珠晖区安监局行政执法全过程记录第三十二条、第三十三条；"
    "广东省行政执法全过程记录办法（试行）第二十四条。"
    "音像资料原件以电子文件形式保存，可按上列摘要值核验其完整性。"
)
Row = tuple[str, str]


def av_sheet_pdf(material: Material) -> bytes:
    """The one-page A4 音像资料说明 of an audio, video or photo material.

    Args:
        material: a material with `av` metadata (missing keys print as blank).

    Returns:
        The PDF bytes; a long list of interruptions shrinks to fit one page.
    """
    rows = [*_identity_rows(material), *av_rows(material), *_file_rows(material)]
    return _sheet(AV_TITLE, material, rows, BASIS)


def material_sheet_pdf(material: Material) -> bytes:
    """A one-page 材料说明 for a file that cannot be bound as pages (e.g. OFD)."""
    rows = [
        *_identity_rows(material),
        ("文号", material.doc_number),
        ("责任者", material.author),
        ("形成日期", material.date.isoformat()),
        ("申报页数", str(material.pages or "")),
        *_file_rows(material),
        ("存储位置", storage_text(material)),
    ]
    note = f"本材料为 {material.media_type} 格式，不能直接装订，以所存电子文件为准。"
    return _sheet(SHEET_TITLE, material, rows, note)


def av_rows(material: Material) -> list[Row]:
    """The recording facts of an AV material as (label, value) pairs."""
    av: dict[str, Any] = material.av or {}
    start, end = parse_time(av.get("recorded_from")), parse_time(av.get("recorded_to"))
    continuous = av.get("continuous")
    rows = [
        ("制作方法", av.get("method", "")),
        ("制作时间", f"{format_time(start)} 至 {format_time(end)}"),
        ("时长", duration_text(start, end) if material.form != Form.PHOTO else "—"),
        ("制作人", av.get("made_by", "")),
        ("取证地点", av.get("location") or NOT_DECLARED),
        ("证明对象", av.get("proves", "")),
        ("设备", av.get("device", "")),
        ("连续记录", {True: "是", False: "否"}.get(continuous, NOT_DECLARED)),
        ("中断情况", interruptions_text(av.get("interruptions") or [])),
        ("存储位置", storage_text(material)),
    ]
    if av.get("returned_at"):
        rows.append(("回传时间", format_time(parse_time(av["returned_at"]))))
    return rows


def storage_text(material: Material) -> str:
    """When the file was stored, and where: the digest in content storage."""
    stored = parse_time((material.av or {}).get("stored_at"))
    algorithm = ALGORITHMS.get(material.digest_algorithm, material.digest_algorithm)
    when = f"{format_time(stored)} 存储；" if stored else ""
    return f"{when}本系统内容寻址存储，{algorithm} 摘要：{material.digest}"


def parse_time(value: str | None) -> dt.datetime | None:
    """An ISO 8601 timestamp from the submission profile, or None."""
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def format_time(value: dt.datetime | None) -> str:
    """Local wall-clock time (China's; a naive value is taken as local)."""
    return local_time(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def duration_text(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """时长 as 1小时02分03秒 / 40分00秒; blank when either end is unknown."""
    if start is None or end is None or end < start:
        return ""
    minutes, seconds = divmod(int((end - start).total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}小时{minutes:02d}分{seconds:02d}秒"
    return f"{minutes}分{seconds:02d}秒"


def interruptions_text(interruptions: list[dict[str, Any]]) -> str:
    """One line per interruption: when it stopped, resumed, and why."""
    if not interruptions:
        return "无"
    return "\n".join(_interruption(item) for item in interruptions)


def _interruption(item: dict[str, Any]) -> str:
    stopped = format_time(parse_time(item.get("at")))
    resumed = format_time(parse_time(item.get("resumed_at")))
    reason = item.get("reason") or "未说明理由"
    return f"{stopped} 中断，{resumed or '未恢复'} 恢复；原因：{reason}"


def size_text(size: int) -> str:
    """Bytes, with megabytes (10^6) beside them from 1 MB up."""
    if size < 1_000_000:
        return f"{size:,} 字节"
    return f"{size / 1_000_000:.1f} MB（{size:,} 字节）"


def _identity_rows(material: Material) -> list[Row]:
    return [
        ("案号", material.case.case_number),
        ("题名", material.title),
        ("文书种类", material.doc_type),
        ("载体形式", label(Form, material.form)),
    ]


def _file_rows(material: Material) -> list[Row]:
    return [
        ("原始文件名", material.original_name),
        ("格式", material.media_type),
        ("大小", size_text(material.size)),
    ]


def _sheet(title: str, material: Material, rows: list[Row], note: str) -> bytes:
    content = [
        centered(title, 20),
        Spacer(1, 8 * mm),
        field_table(rows, LABEL_WIDTH, 11),
        Spacer(1, 5 * mm),
        para(note, 9),
    ]
    page = KeepInFrame(CONTENT_WIDTH, CONTENT_HEIGHT, content, mode="shrink")
    return render([page], title=f"{title} {material.title}")
