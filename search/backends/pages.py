"""A whole search page in one SQL statement, on the database backends.

The search page needs the total, one page of hits and the counts of every
facet. Asked one by one, each of them matches the query again: at 100,000
records a common term (送达 is in every case) was matched nine times, about
2 s on SQLite. Here the matching records of the query — already narrowed to
the user's scope and the chosen filters — are computed once, in a
materialized CTE, and one statement returns both the page (ordered, sliced)
and the number of hits per combination of the facet columns. The total and
each facet's counts are sums over those combinations, so every count is
exact.

A backend's query compiler provides `page_hits_sql(config)`: SQL selecting
`pk`, `rank` and `tiebreak` of every matching record, `PAGE_ORDER` (how rank
and tiebreak order the hits by relevance) and `page_score(rank)`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connections

from search.models import FACETS_INDEX

# LIMIT for "no limit" that SQLite and PostgreSQL both accept.
ALL = 2**63 - 1

PAGE_SQL = (
    "WITH h(pk, rank, tiebreak) AS ({hits}),"
    " m AS {materialized} (SELECT r.{pk} AS id, h.rank AS rank,"
    " h.tiebreak AS tiebreak, {columns} FROM h JOIN {table} r{hint} ON r.{pk} = h.pk)"
    " SELECT * FROM (SELECT 0 AS part, id AS n, rank, {facets} FROM m"
    " ORDER BY {order} LIMIT {limit} OFFSET {offset}) p"
    " UNION ALL SELECT 1, COUNT(*), NULL, {facets} FROM m GROUP BY {facets}"
)


@dataclass
class SearchPage:
    """The total, one page of records and the facet counts of a search."""

    total: int = 0
    records: list = field(default_factory=list)
    facets: dict[str, dict[Any, int]] = field(default_factory=dict)
    estimated: bool = False  # total and facets estimated (`postgres_page`)


def _order(compiler, columns: dict[str, str]) -> str:
    """ORDER BY of the page: relevance, or the queryset's own ordering."""
    if compiler.order_by_relevance:
        return compiler.PAGE_ORDER
    terms = []
    for name in [*(compiler.queryset.query.order_by or []), "-pk"]:
        descending = name.startswith("-")
        column = columns[name.lstrip("-")]
        terms.append(f"{column} DESC" if descending else column)
    return ", ".join(terms)


def _columns(model, names: list[str]) -> dict[str, str]:
    """Field names (and `pk`) to the record table's column names, quoted."""
    meta = model._meta
    columns = {"pk": "id", "id": "id"}
    for name in names:
        columns[name] = meta.get_field(name).column
    return columns


def search_page(results, facet_names: list[str]) -> SearchPage | None:
    """The page `results` stands for (its slice), its total and its facets.

    None when the compiler cannot say it in one statement (a query that
    matches everything, or no scope at all); the caller then asks as usual.
    """
    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    hits = compiler.page_hits_sql(config)
    if hits is None:
        return None
    model = compiler.queryset.model
    ordering = [n.lstrip("-") for n in compiler.queryset.query.order_by or []]
    columns = _columns(model, [*facet_names, *ordering])
    quote = connections[compiler.queryset.db].ops.quote_name
    facets = ", ".join(quote(columns[n]) for n in facet_names)
    start, stop = results.start or 0, results.stop
    sql = PAGE_SQL.format(
        hits=hits[0],
        materialized=compiler.MATERIALIZED,
        pk=quote(model._meta.pk.column),
        columns=", ".join(f"r.{quote(c)}" for c in set(columns.values()) - {"id"}),
        table=quote(model._meta.db_table),
        hint=_hint(compiler.queryset.db, model),
        order=_order(compiler, {k: quote(v) for k, v in columns.items()}),
        limit=ALL if stop is None else int(stop) - int(start),
        offset=int(start),
        facets=facets,
    )
    rows = _fetch(compiler.queryset.db, sql, hits[1])
    return _page(compiler, rows, facet_names, results._score_field)


def _hint(alias: str, model) -> str:
    """SQLite: read the facet columns from their covering index. The planner
    would look each hit up in the table, whose wide rows keep some of those
    columns behind the text (overflow pages): a third of the page's time.
    PostgreSQL keeps the text out of line (TOAST) and needs no hint."""
    index = next((i.name for i in model._meta.indexes if i.name == FACETS_INDEX), None)
    if index is None or connections[alias].vendor != "sqlite":
        return ""
    return f" INDEXED BY {connections[alias].ops.quote_name(index)}"


def _fetch(alias: str, sql: str, params: list) -> list[tuple]:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _page(compiler, rows, facet_names, score_field) -> SearchPage:
    page = SearchPage(facets={name: defaultdict(int) for name in facet_names})
    ranked = []
    for part, n, rank, *values in rows:
        if part == 0:
            ranked.append((n, rank))
            continue
        page.total += n
        for name, value in zip(facet_names, values, strict=True):
            page.facets[name][value] += n
    found = compiler.queryset.in_bulk([pk for pk, _ in ranked])
    for pk, rank in ranked:
        if (record := found.get(pk)) is not None:
            if score_field:
                setattr(record, score_field, compiler.page_score(rank))
            page.records.append(record)
    return page
