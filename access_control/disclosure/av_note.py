"""The 文字说明 that goes out with a released recording (001 §26).

A recording cannot carry a watermark or be redacted, so the sheet says what
it is — case, title, how, when and where it was recorded, how long, by whom,
what it shows — and who approved its release, with the 受理编号 on the page.
It prints the material's declared AV metadata (`dossiers.documents.av_sheet`)
and only reads.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from dossiers.documents._common import centered, field_table, font, para, render
from dossiers.documents.av_sheet import av_rows
from dossiers.models import Material

AV_BASIS = (
    "依据：广东省行政执法全过程记录办法（试行）第二十六条（001 §26），"
    "音像记录未经批准不得擅自对外提供；本音像资料经信息公开工作机构负责人批准后公开，"
    "并附本文字说明。"
)


def watermark_text(application) -> str:
    """The line every page of a release carries."""
    return f"政府信息公开 受理编号 {application.number}"


def av_note_pdf(application, material: Material, av: dict) -> bytes:
    """The 文字说明 of a released recording: what, when, where, how long, by whom."""
    rows = [
        ("受理编号", application.number),
        ("案号", material.case.case_number),
        ("题名", material.title),
        ("载体形式", material.get_form_display()),
        *[row for row in av_rows(material) if row[0] != "存储位置"],
        ("批准人", av["approved_by"]),
        ("批准日期", av["approved_on"]),
    ]
    story = [
        centered("音像资料文字说明", 18),
        Spacer(0, 6 * mm),
        field_table(rows, 30 * mm),
        Spacer(0, 4 * mm),
        para(AV_BASIS, 9),
    ]
    mark = watermark_text(application)

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(font(), 8)
        canvas.drawCentredString(document.pagesize[0] / 2, 10 * mm, mark)
        canvas.restoreState()

    return render(story, title=f"音像资料文字说明 {material.title}", on_page=footer)
