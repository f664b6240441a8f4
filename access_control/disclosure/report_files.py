"""The annual report's table as XLSX and as a landscape A4 PDF.

Both files draw the same grid as the national format: the applicants'
header over three rows (申请人情况 → 自然人 / 法人或其他组织 by kind / 总计),
one line per row of `report.AnnualReport`, then the 行政复议/行政诉讼 table
with its three header rows. `GRID` builds those header rows and their
merged cells once, so the spreadsheet and the PDF cannot drift apart.
Cells go through `dossiers.spreadsheets` (text as text, numbers as numbers);
the PDF uses the archive's CJK TrueType font.
"""

from __future__ import annotations

import io
import json

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer

from access_control.disclosure.report import (
    COLUMNS,
    ORGANISATION_HEADING,
    REVIEW_CELLS,
    REVIEW_PARTS,
    REVIEW_TITLE,
    TITLE,
    TOTAL,
    AnnualReport,
)
from dossiers.documents._common import (
    PRODUCER,
    binary_streams,
    centered,
    font,
    para,
    ruled,
    table,
)
from dossiers.spreadsheets import xlsx_append

# (first column, first row, last column, last row), zero-based, inclusive.
Span = tuple[int, int, int, int]
REVIEW_LABELS = [label for _code, label in REVIEW_CELLS] + ["总计"]
CELL_SIZE = 8
PDF_MARGIN = 12 * mm


def _main_grid(report: AnnualReport) -> tuple[list[list], list[Span]]:
    kinds = [label for _code, label in COLUMNS[1:-1]]
    blank = [""] * len(kinds)
    header = [
        ["", "申请人情况", *blank, ""],
        ["", "自然人", ORGANISATION_HEADING, *blank[1:], "总计"],
        ["", "", *kinds, ""],
    ]
    spans = [
        (0, 0, 0, 2),
        (1, 0, len(COLUMNS), 0),
        (1, 1, 1, 2),
        (2, 1, 1 + len(kinds), 1),
        (len(COLUMNS), 1, len(COLUMNS), 2),
    ]
    body = []
    for row in report.rows:
        values = row.values or {}
        body.append([row.label, *(values.get(code, "") for code, _label in COLUMNS)])
    return header + body, spans


def _review_grid(report: AnnualReport) -> tuple[list[list], list[Span]]:
    width = len(REVIEW_LABELS)
    gap = [""] * (width - 1)
    header = [
        ["行政复议", *gap, "行政诉讼", *gap, *[""] * width],
        [*REVIEW_LABELS, "未经复议直接起诉", *gap, "复议后起诉", *gap],
        [*[""] * width, *REVIEW_LABELS, *REVIEW_LABELS],
    ]
    spans = [
        (0, 0, width - 1, 0),
        (width, 0, 3 * width - 1, 0),
        *((column, 1, column, 2) for column in range(width)),
        (width, 1, 2 * width - 1, 1),
        (2 * width, 1, 3 * width - 1, 1),
    ]
    cells = [code for code, _label in REVIEW_CELLS] + [TOTAL]
    numbers = [report.review[part][cell] for part, _l in REVIEW_PARTS for cell in cells]
    return [*header, numbers], spans


def _heading(report: AnnualReport) -> str:
    return f"{report.agency_name} {report.year}年度 {TITLE}"


def report_json(report: AnnualReport) -> bytes:
    """The report's documented structure (`AnnualReport.as_json`) as UTF-8."""
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2).encode()


def report_file(report: AnnualReport, kind: str) -> tuple[bytes, str, str]:
    """(bytes, media type, file name) of the report as `kind` (json|xlsx|pdf)."""
    make, media_type = FORMATS[kind]
    code = report.agency_code or "all"
    return make(report), media_type, f"disclosure-report-{report.year}-{code}.{kind}"


# --- XLSX --------------------------------------------------------------------


def report_xlsx(report: AnnualReport) -> bytes:
    """Two sheets: the applications table and the 行政复议/行政诉讼 table."""
    from openpyxl import Workbook  # openpyxl (37 MB with numpy): loaded on first use
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    _sheet(workbook.active, "申请情况", _heading(report), *_main_grid(report))
    widths = {1: 46} | dict.fromkeys(range(2, len(COLUMNS) + 2), 11)
    for column, width in widths.items():
        workbook.active.column_dimensions[get_column_letter(column)].width = width
    review = workbook.create_sheet()
    title = f"{report.agency_name} {report.year}年度 {REVIEW_TITLE}"
    _sheet(review, "复议诉讼", title, *_review_grid(report))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(sheet, name: str, title: str, grid: list[list], spans: list[Span]):
    from openpyxl.styles import Alignment, Font

    sheet.title = name
    xlsx_append(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    for row in grid:
        xlsx_append(sheet, row)
    for first_col, first_row, last_col, last_row in spans:
        sheet.merge_cells(
            start_row=first_row + 2,
            start_column=first_col + 1,
            end_row=last_row + 2,
            end_column=last_col + 1,
        )
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="center")


# --- PDF ---------------------------------------------------------------------


def report_pdf(report: AnnualReport) -> bytes:
    """Landscape A4: the applications table, then the review table on its own page."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=PDF_MARGIN,
        rightMargin=PDF_MARGIN,
        topMargin=PDF_MARGIN,
        bottomMargin=PDF_MARGIN,
        title=_heading(report),
        creator=PRODUCER,
        lang="zh-CN",
        invariant=True,
        initialFontName=font(),
    )
    review_title = f"{report.agency_name} {report.year}年度 {REVIEW_TITLE}"
    flowables = [
        centered(_heading(report), 14),
        Spacer(1, 3 * mm),
        _pdf_table(*_main_grid(report), [95 * mm] + [24 * mm] * len(COLUMNS), labels=1),
        PageBreak(),
        centered(review_title, 14),
        Spacer(1, 3 * mm),
        _pdf_table(*_review_grid(report), [17.5 * mm] * 3 * len(REVIEW_LABELS)),
    ]
    with binary_streams():
        document.build(flowables)
    return buffer.getvalue()


def _pdf_table(
    grid: list[list], spans: list[Span], widths: list[float], *, labels: int = 0
):
    """A ruled table; the first `labels` columns left-aligned, the rest centred."""
    cells = [
        [
            para(str(value), CELL_SIZE)
            if n < labels
            else centered(str(value), CELL_SIZE)
            for n, value in enumerate(row)
        ]
        for row in grid
    ]
    styles = [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans]
    styles += [
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    return ruled(table(cells, colWidths=widths, repeatRows=3), styles)


FORMATS = {
    "json": (report_json, "application/json"),
    "xlsx": (
        report_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pdf": (report_pdf, "application/pdf"),
}
