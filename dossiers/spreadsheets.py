"""The one home for the spreadsheets the archive writes (CSV and XLSX).

Titles, names and 文号 come from producers' packages and from users: a value
such as ``=HYPERLINK(…)`` or ``@SUM(…)`` must never become a live formula in
the spreadsheet program of the archivist who opens an export (OWASP "CSV
injection"). Every CSV or XLSX the archive writes goes through this module:

- CSV cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return are prefixed with an apostrophe, which spreadsheet programs show as
  text and do not evaluate;
- XLSX cells are written as text cells (never formulas); the same dangerous
  ones also carry Excel's "quote prefix" flag, so that a user who re-saves the
  sheet as CSV does not turn them into formulas either.

Numbers, dates and empty cells are written as they are. Callers pass plain
rows; they never build ``csv.writer`` or fill ``openpyxl`` cells themselves.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl (37 MB with numpy) loads on the first XLSX written
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Row = Sequence[Any]


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet program would read `value` as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_cell(value: object) -> object:
    """`value` made safe for a CSV cell (an apostrophe before a formula)."""
    return "'" + value if is_formula_like(value) else value


def csv_bytes(rows: Iterable[Row]) -> bytes:
    """Rows as CSV in UTF-8 with a BOM (so Excel reads the Chinese), neutralised."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return text.getvalue().encode("utf-8-sig")


def xlsx_append(sheet: Worksheet, row: Row) -> None:
    """Append `row` to `sheet`, text as text cells and never as formulas."""
    from openpyxl.cell.cell import Cell

    cells = []
    for value in row:
        cell = Cell(sheet)
        xlsx_set(cell, value)
        cells.append(cell)
    sheet.append(cells)


def xlsx_set(cell: Cell, value: object) -> None:
    """Write `value` into `cell`; a string is stored as a string cell."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
