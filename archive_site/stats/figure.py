"""A figure: a title and tables of aggregated numbers, some drawn as charts.

The page shows every table as an accessible `<table>` and, when `chart`
names columns, as an SVG bar chart of those columns (`charts`); XLSX export
writes the same tables (`workbook`). One shape for all three, so the chart,
the table and the spreadsheet can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Table:
    """Rows of one label (first cell) and numbers; `chart` lists the column
    indices drawn as bar series (none: the table has no chart)."""

    title: str
    columns: list[str]
    rows: list[list[Any]]
    chart: tuple[int, ...] = ()
    note: str = ""

    def column(self, label: str) -> list[Any]:
        """The values of the column headed `label`, top to bottom."""
        index = self.columns.index(label)
        return [row[index] for row in self.rows]

    def row(self, label: Any) -> list[Any]:
        """The row whose first cell is `label` (KeyError when there is none)."""
        for row in self.rows:
            if row[0] == label:
                return row
        raise KeyError(label)


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    note: str = ""


def month_label(month: dt.date) -> str:
    return f"{month.year}年{month.month:02d}月"


def share(part: int, whole: int) -> str:
    """A percentage with one decimal ("95.0%"); "—" of nothing."""
    return f"{100 * part / whole:.1f}%" if whole else "—"


def as_day(value: dt.date | dt.datetime) -> dt.date:
    """A truncated month as a date (an aware local datetime from TruncMonth)."""
    return value.date() if isinstance(value, dt.datetime) else value
