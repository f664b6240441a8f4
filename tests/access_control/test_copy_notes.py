"""The 文字说明 of a copied recording states what 002 §24 / 001 §24 ask for."""

import datetime as dt
import io

import pypdf

from access_control.copy_marks import Mark
from access_control.copy_notes import av_note_pdf
from dossiers.codes import Form
from dossiers.models import Material

WHEN = dt.datetime(2026, 12, 4, 17, 5, tzinfo=dt.UTC)


def _recording(**av) -> Material:
    return Material(
        title="询问录音",
        original_name="询问录音.m4a",
        form=Form.AUDIO,
        av={
            "recorded_from": "2025-03-01T10:00:00+08:00",
            "recorded_to": "2025-03-01T10:42:30+08:00",
            **av,
        },
        size=123456,
        digest="ab" * 32,
    )


def _text(material: Material) -> str:
    mark = Mark("张三", "某公司", WHEN, "FZ-9")
    pdf = av_note_pdf(material, made_by="李四", when=WHEN, mark=mark)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "".join(p.extract_text() for p in reader.pages).replace("\n", "")


def test_declared_extraction_details_are_stated():
    text = _text(
        _recording(
            extracted_by="赵六",
            extracted_at="2025-03-02T08:15:00+08:00",
            location="珠晖区东风路 12 号",
            device="录音笔 LY-03",
        )
    )

    for shown in ("录音", "42分30秒", "制作人", "李四", "2026-12-05 01:05"):
        assert shown in text
    for shown in ("赵六", "2025-03-02 08:15", "珠晖区东风路", "LY-03", "FZ-9"):
        assert shown in text
    assert "ab" * 16 in text.replace(" ", "")


def test_what_the_package_did_not_declare_is_said_so():
    text = _text(_recording())

    assert text.count("提交包未载明") >= 4  # 提取人, 提取时间, 取证地点, 设备
