"""The 卷内材料目录 (catalogue of a dossier's materials) in PDF, XLSX and CSV.

One row per dossier entry in binding order, with the seven columns of an
archival catalogue: 序号, 文号, 责任者, 题名, 日期 (YYYYMMDD, as DA/T 22 writes
it), 页号 (numbered per volume) and 备注 (the volume, and a pointer to the
storage note for audio-visual records). The functions only read the dossier;
storing or serving the bytes is the caller's business.
"""

from __future__ import annotations

import io
import math
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from dossiers.documents._common import (
    AV_FORMS,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PRODUCER,
    agency_name,
    centered,
    date_compact,
    dossier_entries,
    font,
    para,
    render,
    ruled,
    style,
    table,
    volume_label,
)
from dossiers.models import Dossier, DossierEntry
from dossiers.spreadsheets import csv_bytes, xlsx_append

if TYPE_CHECKING:  # openpyxl (37 MB with numpy) loads on the first XLSX export
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

TITLE = "卷内材料目录"
HEADERS = ("序号", "文号", "责任者", "题名", "日期", "页号", "备注")
AV_REMARK = "音像资料，存储位置见说明"
PDF_WIDTHS_MM = (9, 29, 24, 48, 20, 16, 24)
XLSX_WIDTHS = (6, 24, 22, 48, 11, 10, 30)
CELL_SIZE = 9.5
CENTERED_COLUMNS = (0, 4, 5)
DOC_NUMBER_COLUMN = 1
CELL_PADDING = 3  # points, left and right
MIN_DOC_NUMBER_SIZE = 6.0


@dataclass(frozen=True)
class CatalogRow:
    """One line of the catalogue, every column already formatted for display."""

    number: int
    doc_number: str
    author: str
    title: str
    date: str
    pages: str
    remarks: str

    @property
    def line(self) -> str:
        """序号 and 题名, as the dossier PDF's bookmarks show them."""
        return f"{self.number} {self.title}"

    def cells(self) -> list[str | int]:
        return list(astuple(self))


def catalog_rows(dossier: Dossier) -> list[CatalogRow]:
    """The catalogue lines of `dossier`, in binding order.

    Args:
        dossier: a saved dossier; its entries' 页号 ranges should be numbered.

    Returns:
        One `CatalogRow` per entry, numbered from 1.
    """
    entries = dossier_entries(dossier)
    return [_row(number, entry) for number, entry in enumerate(entries, start=1)]


def _row(number: int, entry: DossierEntry) -> CatalogRow:
    material = entry.material
    remarks = volume_label(entry)
    if material.form in AV_FORMS:
        remarks = f"{remarks}；{AV_REMARK}"
    return CatalogRow(
        number=number,
        doc_number=material.doc_number,
        author=material.author,
        title=material.title,
        date=date_compact(material.date),
        pages=entry.page_label,
        remarks=remarks,
    )


# --- PDF --------------------------------------------------------------------


def catalog_pdf(dossier: Dossier) -> bytes:
    """The catalogue as an A4 portrait PDF with the CJK font embedded (subset).

    The column header repeats on every page; long titles wrap within their cell.
    """
    rows = catalog_rows(dossier)
    flowables = [*_heading(dossier), Spacer(1, 4 * mm), _rows_table(rows)]
    return render(
        flowables, title=f"{TITLE} {dossier.archival_code}", on_page=_Pages(dossier)
    )


def _heading(dossier: Dossier) -> list[Flowable]:
    heading = table(
        [
            [
                para(f"档号：{dossier.archival_code}"),
                para(f"全宗：{agency_name(dossier)}"),
            ],
            [para(f"案卷题名：{dossier.title}"), None],
        ],
        colWidths=[85 * mm, 85 * mm],
        style=[("SPAN", (0, 1), (1, 1)), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )
    return [centered(TITLE, 20), Spacer(1, 5 * mm), heading]


def _rows_table(rows: list[CatalogRow]) -> Table:
    header = [centered(text, CELL_SIZE) for text in HEADERS]
    body = [_pdf_cells(row) for row in rows]
    grid = table(
        [header, *body],
        colWidths=[width * mm for width in PDF_WIDTHS_MM],
        repeatRows=1,
    )
    narrow = [
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, "black"),
    ]
    return ruled(grid, narrow)


def _pdf_cells(row: CatalogRow) -> list[Flowable]:
    cells = []
    for index, value in enumerate(row.cells()):
        if index == DOC_NUMBER_COLUMN:
            width = PDF_WIDTHS_MM[index] * mm - 2 * CELL_PADDING
            cells.append(doc_number_cell(str(value), width))
        elif index in CENTERED_COLUMNS:
            cells.append(centered(str(value), CELL_SIZE))
        else:
            cells.append(para(str(value), CELL_SIZE))
    return cells


def doc_number_cell(text: str, width: float, size: float = CELL_SIZE) -> Paragraph:
    """A 文号 never broken inside its number.

    It stays on one line if it fits; otherwise it breaks only before 〔
    (机关代字 / 〔年份〕序号), and the font shrinks until the longest line fits.
    """
    lines = _doc_number_lines(text, width, size)
    widest = max(stringWidth(line, font(), size) for line in lines)
    if widest > width:
        size = max(MIN_DOC_NUMBER_SIZE, math.floor(size * width / widest * 10) / 10)
    return Paragraph("<br/>".join(escape(line) for line in lines), style(size))


def _doc_number_lines(text: str, width: float, size: float) -> list[str]:
    if stringWidth(text, font(), size) <= width or "〔" not in text[1:]:
        return [text]
    head, bracket, tail = text.partition("〔")
    return [head, bracket + tail]


class _Pages:
    """Draws the running head (from page 2) and the page count in the footer."""

    def __init__(self, dossier: Dossier) -> None:
        self.code = dossier.archival_code

    def __call__(self, canvas: Canvas, document: object) -> None:
        canvas.saveState()
        canvas.setFont(font(), 9)
        page = canvas.getPageNumber()
        if page > 1:
            top = PAGE_HEIGHT - MARGIN + 4 * mm
            canvas.drawString(MARGIN, top, f"{TITLE}（续）　档号：{self.code}")
        canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN - 8 * mm, f"第 {page} 页")
        canvas.restoreState()


# --- XLSX and CSV -----------------------------------------------------------


def catalog_xlsx(dossier: Dossier) -> bytes:
    """The catalogue as an Excel workbook: bold, frozen header row; sized columns."""
    from openpyxl import Workbook  # 37 MB with numpy: loaded on first export

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    xlsx_append(sheet, list(HEADERS))
    for row in catalog_rows(dossier):
        xlsx_append(sheet, row.cells())
    _format_sheet(sheet)
    _describe(workbook, dossier)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _format_sheet(sheet: Worksheet) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _describe(workbook: Workbook, dossier: Dossier) -> None:
    properties = workbook.properties
    properties.title = f"{TITLE}：{dossier.title}"
    properties.identifier = dossier.archival_code
    properties.creator = agency_name(dossier)
    properties.description = PRODUCER


def catalog_csv(dossier: Dossier) -> bytes:
    """The catalogue as CSV in UTF-8 with a BOM, so Excel reads the Chinese."""
    return csv_bytes([HEADERS, *(row.cells() for row in catalog_rows(dossier))])
