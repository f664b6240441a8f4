"""Figures as an XLSX workbook: one sheet per figure, its tables one under
another (title, header, rows), written through `dossiers.spreadsheets` so no
label from a package can become a formula."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from archive_site.stats.figure import Figure
from dossiers.spreadsheets import xlsx_append

if TYPE_CHECKING:
    from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def figures_xlsx(figures: list[Figure], *, heading: str) -> bytes:
    """The workbook's bytes; `heading` (agencies, period) tops every sheet."""
    # openpyxl (with numpy) only when a workbook is asked for: 37 MB a web
    # process need not carry (tests/test_startup_memory.py).
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for figure in figures:
        _sheet(book, figure, heading)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, figure: Figure, heading: str) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet(title=figure.title[:31])
    xlsx_append(sheet, [figure.title])
    xlsx_append(sheet, [heading])
    if figure.note:
        xlsx_append(sheet, [figure.note])
    for table in figure.tables:
        xlsx_append(sheet, [])
        xlsx_append(sheet, [table.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        xlsx_append(sheet, table.columns)
        for row in table.rows:
            xlsx_append(sheet, row)
        if table.note:
            xlsx_append(sheet, [table.note])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 32
