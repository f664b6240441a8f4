"""The 文字说明 that goes with every copied audio or video recording.

002 §24 and 001 §24: a copy of an AV record used as evidence carries a
written statement of who made the copy, who extracted the recording and
when, where it was taken, with which device, and the original's SHA-256 so
that anyone can check the copy against it. The statement is drawn from the
material's declared AV metadata (as the 音像资料说明 of the dossier is) and
from the copy's particulars; it only reads.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from access_control.copy_marks import Mark
from dossiers.codes import Form, label
from dossiers.dates import format_local
from dossiers.documents._common import centered, field_table, para, render
from dossiers.documents.av_sheet import (
    NOT_DECLARED,
    duration_text,
    format_time,
    parse_time,
)
from dossiers.models import Material

TITLE = "音像记录复制件文字说明"
BASIS = (
    "依据：和田县司法局行政执法全过程记录制度第二十四条（002 §24）；"
    "广东省行政执法全过程记录办法（试行）第二十四条（001 §24）。"
    "音像记录作为证据复制使用时，应当制作文字说明材料，注明制作人、提取人、"
    "提取时间等信息。"
)


def note_rows(material: Material, *, made_by: str, when: dt.datetime) -> list:
    """The statement's (label, value) rows."""
    av = material.av or {}
    start, end = parse_time(av.get("recorded_from")), parse_time(av.get("recorded_to"))
    extracted_at = parse_time(av.get("extracted_at") or av.get("stored_at"))
    return [
        ("题名", material.title),
        ("载体形式", label(Form, material.form)),
        ("原始文件名", material.original_name),
        ("录制时间", f"{format_time(start)} 至 {format_time(end)}"),
        ("时长", duration_text(start, end)),
        ("制作人", made_by),
        ("复制时间", format_local(when)),
        ("提取人", av.get("extracted_by") or av.get("made_by") or NOT_DECLARED),
        ("提取时间", format_time(extracted_at) or NOT_DECLARED),
        ("取证地点", av.get("location") or NOT_DECLARED),
        ("记录设备", av.get("device") or NOT_DECLARED),
        ("制作方法", av.get("method", "")),
        ("证明对象", av.get("proves", "")),
        ("原件 SHA-256", material.digest),
        ("原件字节数", str(material.size)),
    ]


def av_note_pdf(
    material: Material, *, made_by: str, when: dt.datetime, mark: Mark
) -> bytes:
    """The 文字说明 PDF of one copied recording."""
    rows = note_rows(material, made_by=made_by, when=when)
    story = [
        centered(TITLE, 16),
        Spacer(0, 6 * mm),
        field_table(rows, 32 * mm),
        Spacer(0, 4 * mm),
        para(
            "本复制件与原件逐位一致，可用上列 SHA-256 摘要核对。"
            f"申请人：{mark.requester}；单位：{mark.agency}；"
            f"登记号：{mark.request_number}。",
            indent=True,
        ),
        Spacer(0, 2 * mm),
        para(BASIS, 9),
    ]
    return render(story, title=f"{TITLE}：{material.title}")
