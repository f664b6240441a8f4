"""Server-drawn SVG bar charts: no JavaScript, nothing from a CDN.

One kind of chart serves every figure: a horizontal bar per table row (the
row's label on the left, so long Chinese labels fit), stacked from the
columns the table names in `chart`, with a legend and the row's total at the
end of the bar. The SVG is built from escaped text only (`format_html`), and
the same numbers are in the `<table>` under it for screen readers.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from archive_site.stats.figure import Table

COLOURS = (
    "#2e6da4", "#e08a1e", "#3c9a4a", "#c0392b", "#7d5ba6", "#8c6d31",
    "#d35fa0", "#6f6f6f", "#9aa31f", "#1fa3b3", "#5b7bd6", "#b85c38",
)  # fmt: skip
LABEL_WIDTH, BAR_WIDTH, ROW, TOP_LEGEND = 230, 470, 24, 28
WIDTH = LABEL_WIDTH + BAR_WIDTH + 80


def bar_chart(table: Table) -> SafeString:
    """The table's `chart` columns as stacked horizontal bars, one per row."""
    if not table.chart or not table.rows:
        return SafeString("")
    scale = BAR_WIDTH / max(max(_total(table, row) for row in table.rows), 1)
    height = TOP_LEGEND + ROW * len(table.rows) + 8
    bars = [_bar(table, row, i, scale) for i, row in enumerate(table.rows)]
    body = _joined([_legend(table), *bars])
    return format_html(
        '<svg class="stats-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {} {}" width="{}" height="{}" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        WIDTH, height, WIDTH, height, table.title, table.title, body,
    )  # fmt: skip


def _legend(table: Table) -> SafeString:
    items = []
    for n, index in enumerate(table.chart):
        x = n * 110
        items.append((x, COLOURS[n % len(COLOURS)], x + 16, table.columns[index]))
    return format_html_join(
        "",
        '<rect x="{}" y="4" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="15" font-size="12">{}</text>',
        items,
    )


def _joined(pieces: list[SafeString]) -> SafeString:
    """Already-escaped pieces side by side (still escaped, still safe)."""
    return format_html("{}" * len(pieces), *pieces)


def _bar(table: Table, row: list, index: int, scale: float) -> SafeString:
    y = TOP_LEGEND + index * ROW
    parts = [
        format_html(
            '<text x="{}" y="{}" font-size="12" text-anchor="end">{}</text>',
            LABEL_WIDTH - 6, y + 15, row[0],
        )
    ]  # fmt: skip
    x = float(LABEL_WIDTH)
    for n, column in enumerate(table.chart):
        width = _number(row[column]) * scale
        if width > 0:
            parts.append(_segment(x, y, width, n, table.columns[column], row[column]))
        x += width
    parts.append(
        format_html(
            '<text x="{}" y="{}" font-size="12">{}</text>',
            round(x + 4, 1), y + 15, _shown(_total(table, row)),
        )
    )  # fmt: skip
    return _joined(parts)


def _segment(x: float, y: int, width: float, n: int, name: str, value) -> SafeString:
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
        "<title>{}：{}</title></rect>",
        round(x, 1), y + 3, round(width, 1), ROW - 6,
        COLOURS[n % len(COLOURS)], name, value,
    )  # fmt: skip


def _total(table: Table, row: list) -> float:
    return sum(_number(row[column]) for column in table.chart)


def _number(value) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
