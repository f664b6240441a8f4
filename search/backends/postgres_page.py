"""PostgreSQL: the search page of a query with many candidates.

The usual page (`search.backends.pages`) checks every candidate's folded text
with `LIKE` and ranks every hit with `ts_rank`; both read the record's
out-of-line (TOAST) values, about 30 µs a hit, so a term in 80,000 of
100,000 records took 3 s. Above the backend's `estimate_above` candidates
(`SEARCH_ESTIMATE_ABOVE`, 5000 by default) this page instead:

- finds the candidates through the GIN index alone. For a record that is not
  marked partial, a term of one or two characters is decided by its lexeme
  (the vector holds exactly the characters and adjacent pairs of each
  value), so such a query is counted exactly without reading any text;
  records marked partial are checked with `LIKE` (they are few);
- counts the facets over the candidates, joined to the search records (their
  facet columns come from a covering index);
- orders by whether the title matches, then by the chosen order (by
  relevance: the newest closing date first) — `ts_rank` is left out;
- checks `LIKE` lazily, only on the candidates read for the page, when a term
  is longer than two characters; the counts are then estimated from a
  sample of about `SAMPLE` candidates checked the same way, and the page
  says so (`SearchPage.estimated`). A page that reaches the last hit makes
  the total exact again.

PostgreSQL's planner does not know that reading the vectors to re-evaluate
`@@` row by row is two orders of magnitude dearer than the index, and picks a
sequential scan for a common term; the statement runs with `enable_seqscan`
off and a larger `work_mem`, set for this statement only.
"""

from dataclasses import dataclass

from django.db import connections, transaction
from modelsearch.utils import get_content_type_pk

from search.backends.pages import ALL, SearchPage, _columns, _order, _page

# Candidates checked to estimate the share of true hits, and the fewest true
# hits among them for the estimate to be trusted (else the page is exact).
SAMPLE = 2000
MIN_SAMPLE_HITS = 10
# Candidates read beyond the page's first, before any is checked by its text.
FIRST_MARGIN = 200
HASH_RANGE = 1_000_000
SETTINGS = {"enable_seqscan": "off", "work_mem": "32MB"}

PAGE_SQL = """
WITH c AS MATERIALIZED (
    SELECT e.id AS entry, e.object_id::bigint AS pk,
           e.title @@ %(index)s::tsquery AS title_hit, FALSE AS checked
    FROM {entries} e
    WHERE e.content_type_id + 0 = %(kind)s AND (e.title || e.body) @@ %(index)s::tsquery
    UNION ALL
    SELECT e.id, e.object_id::bigint, e.title @@ %(partial)s::tsquery, TRUE
    FROM {entries} e
    WHERE e.content_type_id + 0 = %(kind)s
      AND (e.title || e.body) @@ %(partial)s::tsquery AND {partial_checks}
),
m AS MATERIALIZED (
    SELECT r.pk AS id, c.entry, c.title_hit, c.checked, {columns}
    FROM c JOIN ({records}) r ON r.pk = c.pk
)
SELECT 0 AS part, p.n, p.rank, {nulls} FROM (
    SELECT id AS n, CASE WHEN title_hit THEN 1.0 ELSE 0.0 END::float8 AS rank
    FROM (
        SELECT id, entry, checked, title_hit FROM m ORDER BY {order} LIMIT {first}
    ) s
    WHERE s.checked OR {checks}
    LIMIT {limit} OFFSET {offset}
) p
UNION ALL SELECT 1, COUNT(*), NULL, {facets} FROM m GROUP BY {facets}
UNION ALL SELECT 2, COUNT(*), (COUNT(*) FILTER (WHERE s.checked OR {checks}))::float8,
    {nulls}
FROM m s
WHERE {sampling} AND abs(hashint8(s.id)) %% {hash_range}
      < {hash_range}::bigint * {sample} / greatest((SELECT COUNT(*) FROM m), 1)
"""

CHECK_SQL = "EXISTS (SELECT 1 FROM {entries} x WHERE x.id = s.entry AND {checks})"


@dataclass(frozen=True)
class Plan:
    """How a conjunctive query is found through the gram index (made by the
    query compiler, `GramQueryCompiler.page_plan`)."""

    index: str  # tsquery: the records not marked partial that may match
    partial: str  # tsquery: the records marked partial that may match
    checks: list[str]  # terms whose text must be checked on the first kind
    partial_checks: list[str]  # terms whose text must be checked on the second


def _contains_all(alias: str, terms: list[str], params: dict, name: str) -> str:
    """SQL: the folded text of entry `alias` contains every term."""
    if not terms:
        return "TRUE"
    parts = []
    for i, term in enumerate(terms):
        key = f"{name}{i}"
        params[key] = f"%{term}%"  # letters and digits only: nothing to escape
        parts.append(
            f"({alias}.title_text LIKE %({key})s OR {alias}.body_text LIKE %({key})s)"
        )
    return " AND ".join(parts)


def large_page(results, facet_names: list[str]) -> SearchPage | None:
    """The page of `results` counted from the index, or None where the usual
    page is the better one (few candidates, another kind of query, or too few
    true hits among the sampled candidates to estimate)."""
    compiler = results.query_compiler
    if compiler._matches_all() or compiler.queryset.query.is_empty():
        return None
    plan = compiler.page_plan()
    if plan is None:
        return None
    start, stop = results.start or 0, results.stop
    first = _first(plan, start, stop)
    sql, params = _statement(compiler, results, plan, facet_names, first)
    rows = _fetch(compiler.queryset.db, sql, params)
    candidates = sum(n for part, n, *_ in rows if part == 1)
    # Below the bound the usual page is exact and ranked by ts_rank in a few
    # hundred milliseconds.
    if candidates <= results.backend.estimate_above:
        return None
    sampled, passed = next(((n, r) for part, n, r, *_ in rows if part == 2), (0, 0))
    if plan.checks and passed < MIN_SAMPLE_HITS:
        return None
    found = len([r for r in rows if r[0] == 0])
    if stop is not None and found < stop - start and candidates > first:
        # Too few true hits among the first candidates: read on to the end.
        sql, params = _statement(compiler, results, plan, facet_names, ALL)
        rows = _fetch(compiler.queryset.db, sql, params)
        found = len([r for r in rows if r[0] == 0])
    page = _page(
        compiler, [r for r in rows if r[0] != 2], facet_names, results._score_field
    )
    if plan.checks and (stop is None or found >= stop - start):
        _estimate(page, passed / sampled)
    elif plan.checks:  # the page read to the last hit: that is the total
        page.total = start + found
    return page


def _first(plan: Plan, start: int, stop: int | None) -> int:
    """How many candidates, in order, the page reads at first: exactly the
    page's where the index decides; where the text does, four times as many
    (at least FIRST_MARGIN more), enough for a page even if three in four are
    not true hits."""
    if stop is None:
        return ALL
    if not plan.checks:
        return stop
    return stop + max(FIRST_MARGIN, 3 * stop)


def _estimate(page: SearchPage, share: float) -> None:
    """Scale the candidates' counts by the share of true hits sampled."""
    page.estimated = True
    page.total = round(page.total * share)
    for counts in page.facets.values():
        for value, count in counts.items():
            counts[value] = max(1, round(count * share))


def _statement(
    compiler, results, plan: Plan, facet_names, first: int
) -> tuple[str, dict]:
    """The page's statement and its named parameters."""
    from modelsearch.backends.database.postgres.postgres import IndexEntry

    model = compiler.queryset.model
    ordering = [n.lstrip("-") for n in compiler.queryset.query.order_by or []]
    columns = _columns(model, [*facet_names, *ordering, "closed_on"])
    quote = connections[compiler.queryset.db].ops.quote_name
    quoted = {k: quote(v) for k, v in columns.items()}
    records, params = _records(compiler.queryset, columns)
    params.update(
        index=plan.index, partial=plan.partial, kind=get_content_type_pk(model)
    )
    entries = quote(IndexEntry._meta.db_table)
    checks = _contains_all("x", plan.checks, params, "t") if plan.checks else ""
    ordered = "" if compiler.order_by_relevance else _order(compiler, quoted)
    start, stop = results.start or 0, results.stop
    sql = PAGE_SQL.format(
        entries=entries,
        partial_checks=_contains_all("e", plan.partial_checks, params, "p"),
        columns=", ".join(
            f"r.{quote(n)} AS {quote(c)}" for n, c in columns.items() if c != "id"
        ),
        records=records,
        facets=", ".join(quoted[n] for n in facet_names),
        nulls=", ".join("NULL" for _ in facet_names),
        order=_relevance(quoted) if compiler.order_by_relevance else ordered,
        checks=CHECK_SQL.format(entries=entries, checks=checks) if checks else "TRUE",
        sampling="TRUE" if plan.checks else "FALSE",
        limit=ALL if stop is None else int(stop) - int(start),
        offset=int(start),
        first=first,
        hash_range=HASH_RANGE,
        sample=SAMPLE,
    )
    return sql, params


def _records(queryset, columns: dict[str, str]) -> tuple[str, dict]:
    """The records in scope and filters with the columns the page needs (by
    field name, `pk` first), as SQL with named parameters."""
    fields = ["pk", *(n for n in columns if n not in ("pk", "id"))]
    sql, values = queryset.order_by().values(*fields).query.sql_with_params()
    names = [f"r{i}" for i in range(len(values))]
    named = sql.replace("%%", "%%%%") % tuple(f"%({n})s" for n in names)
    return named, dict(zip(names, values, strict=True))


def _relevance(columns: dict[str, str]) -> str:
    return f"title_hit DESC, {columns['closed_on']} DESC, id DESC"


def _fetch(alias: str, sql: str, params: dict) -> list[tuple]:
    """Run the statement with this module's planner settings, then put the
    session's own back (`SET LOCAL` would last to the end of an outer
    transaction)."""
    connection = connections[alias]
    # An error rolls the savepoint back, and with it the settings.
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        names = list(SETTINGS)
        cursor.execute(
            "SELECT " + ", ".join("current_setting(%s)" for _ in names), names
        )
        before = cursor.fetchone()
        _apply(cursor, SETTINGS)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        _apply(cursor, dict(zip(names, before, strict=True)))
        return rows


def _apply(cursor, settings: dict[str, str]) -> None:
    cursor.execute(
        "SELECT " + ", ".join("set_config(%s, %s, TRUE)" for _ in settings),
        [x for item in settings.items() for x in item],
    )
