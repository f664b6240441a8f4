"""The 案卷封面 (dossier cover): one A4 page in the style of a bound archive file.

A box with 全宗号, 档号 and 归档号 at the top right, the large title, and a ruled
form with 全宗名称, 案卷题名, 决定书文号, 办案机构, 起止日期, 保管期限, 件数 and
页数. The cover only describes the dossier; numbering and sealing happen in the
dossier services.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table

from dossiers.documents._common import (
    CONTENT_HEIGHT,
    CONTENT_WIDTH,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    agency_name,
    centered,
    date_cn,
    dossier_entries,
    dossier_totals,
    para,
    render,
    ruled,
    table,
)
from dossiers.models import Dossier, DossierEntry

TITLE = "行　政　执　法　案　卷"
DECISION = "决定书"
FIELD_SIZE = 12
LABEL_WIDTH = 27 * mm
TITLE_ROW = 1
TITLE_SIZE = 15


def cover_pdf(dossier: Dossier) -> bytes:
    """The cover of `dossier` as a one-page A4 PDF (CJK font embedded).

    Args:
        dossier: a saved dossier with its entries.

    Returns:
        The PDF bytes. A very long 案卷题名 shrinks the page content rather than
        spilling onto a second page.
    """
    entries = dossier_entries(dossier)
    content = [
        _code_box(dossier),
        Spacer(1, 22 * mm),
        centered(TITLE, 30),
        Spacer(1, 20 * mm),
        _form(dossier, entries),
        Spacer(1, 18 * mm),
        centered(agency_name(dossier), 15),
    ]
    page = KeepInFrame(CONTENT_WIDTH, CONTENT_HEIGHT, content, mode="shrink")
    return render([page], title=f"案卷封面 {dossier.archival_code}", on_page=_border)


def decision_number(entries: Sequence[DossierEntry]) -> str:
    """文号 of the first material whose 文书种类 is a 决定书, else ""."""
    for entry in entries:
        if DECISION in entry.material.doc_type:
            return entry.material.doc_number
    return ""


def _code_box(dossier: Dossier) -> Table:
    rows = [
        ("全宗号", dossier.case.agency.fonds),
        ("档号", dossier.archival_code),
        ("归档号", dossier.archive_number),
    ]
    data = [[centered(label), para(value)] for label, value in rows]
    grid = table(data, colWidths=[18 * mm, 58 * mm], hAlign="RIGHT")
    return ruled(grid)


def _form(dossier: Dossier, entries: Sequence[DossierEntry]) -> Table:
    totals = dossier_totals(entries)
    agency = agency_name(dossier)
    period = f"自 {date_cn(dossier.period_start)} 至 {date_cn(dossier.period_end)}"
    rows = [
        ["全宗名称", agency, "", ""],
        ["案卷题名", dossier.title, "", ""],
        ["决定书文号", decision_number(entries), "办案机构", agency],
        ["起止日期", period, "", ""],
        ["保管期限", dossier.get_retention_display(), "件数", f"共 {totals.items} 件"],
        # 归档号 is in the code box at the top right, printed once.
        ["页数", totals.pages_text(), "", ""],
    ]
    return _form_table(rows)


def _form_table(rows: list[list[str]]) -> Table:
    value_width = (CONTENT_WIDTH - 2 * LABEL_WIDTH) / 2
    data = [[_cell(index, text) for index, text in enumerate(row)] for row in rows]
    data[TITLE_ROW][1] = para(rows[TITLE_ROW][1], TITLE_SIZE)
    grid = table(data, colWidths=[LABEL_WIDTH, value_width] * 2)
    wide_rows = [index for index, row in enumerate(rows) if not row[2]]
    spans = [("SPAN", (1, index), (3, index)) for index in wide_rows]
    padding = [
        ("TOPPADDING", (0, 0), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
    ]
    title_padding = [
        ("TOPPADDING", (0, TITLE_ROW), (-1, TITLE_ROW), 22),
        ("BOTTOMPADDING", (0, TITLE_ROW), (-1, TITLE_ROW), 22),
    ]
    return ruled(grid, [*spans, *padding, *title_padding])


def _cell(column: int, text: str) -> Flowable:
    if column % 2 == 0:
        return centered(text, FIELD_SIZE)
    return para(text, FIELD_SIZE)


def _border(canvas: Canvas, document: object) -> None:
    """A thick outer and thin inner frame, as printed archive covers have."""
    canvas.saveState()
    for inset, width in ((12 * mm, 2.0), (14 * mm, 0.6)):
        canvas.setLineWidth(width)
        canvas.rect(inset, inset, PAGE_WIDTH - 2 * inset, PAGE_HEIGHT - 2 * inset)
    canvas.restoreState()
