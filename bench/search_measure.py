"""What the search benchmark measures per query, and the state of a run.

The fixed query set; the two oracles (LIKE '%…%' as typed, and what
`search.tokens` folding promises) and every hit through each backend, for
recall; latency: the count plus the first page, the MATCH counted by FTS5
alone, and the whole search page, timed within a budget, with a deadline that
interrupts a SQLite statement; and the speed of the archive's tokenizer.
"""

import argparse
import contextlib
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from search_corpus import GENERATE_CHUNK, SEARCHED, advance, bar
from search_index import Indexed, record_chunks

from search import tokens

PAGE = 20


# --- the query set -----------------------------------------------------------------

# (kind, query): fixed, so that runs can be compared. Every term is matched as
# LIKE '%term%' by the oracle; white space separates terms that must all match.
QUERIES: tuple[tuple[str, str], ...] = (
    ("2 chars", "送达"),
    ("2 chars", "罚款"),
    ("2 chars", "隐患"),
    ("2 chars", "听证"),
    ("4 chars", "留置送达"),
    ("4 chars", "安全生产"),
    ("4 chars", "询问笔录"),
    ("4 chars", "公告送达"),
    ("6 chars", "行政处罚决定"),
    ("6 chars", "现场检查笔录"),
    ("6 chars", "特种作业人员"),
    ("6 chars", "食品经营许可"),
    ("案号", "〔2025〕12"),
    ("案号", "罚〔2024〕"),
    ("案号", "应急罚"),
    ("案号", "市监简罚〔2023〕"),
    ("案号", "珠应急罚〔2025〕123号"),
    ("person", "张伟"),
    ("person", "王芳"),
    ("person", "陶𫖮"),  # a name character outside the BMP (CJK Ext. D)
    ("company", "恒通化工"),
    ("company", "济宁鑫源商贸有限公司"),
    ("执法证号", "43041900123"),
    ("信用代码", "91430405ma"),  # lower case: the codes are written MA…
    ("AND", "留置送达 安全生产"),
    ("AND", "张伟 罚款"),
    ("no match", "量子纠缠"),
)


# --- the oracles and the checks ----------------------------------------------------


@dataclass
class Check:
    """One query's hits on one backend."""

    found: set[int]
    seconds: float  # fetching every hit's id through the backend

    def recall(self, oracle: set[int]) -> float | None:
        return len(self.found & oracle) / len(oracle) if oracle else None


@dataclass
class Query:
    kind: str
    text: str
    terms: list[str]  # as the LIKE oracle splits them (raw, white space apart)
    oracle: set[int] = field(default_factory=set)
    oracle_seconds: float = 0.0
    folded: set[int] = field(default_factory=set)  # what search.tokens promises
    checks: dict[str, Check] = field(default_factory=dict)
    latency: dict[str, "Samples"] = field(default_factory=dict)
    page: dict[str, "Samples"] = field(default_factory=dict)
    fts_alone: "Samples | None" = None


def like_oracle(query: Query) -> None:
    """Record ids where every term is in one of the columns, as LIKE '%term%'."""
    from django.db.models import Q

    from search.models import CaseSearchRecord

    records = CaseSearchRecord.objects.all()
    start = time.perf_counter()
    for term in query.terms:
        anywhere = Q()
        for column in SEARCHED:
            anywhere |= Q(**{f"{column}__contains": term})
        records = records.filter(anywhere)
    query.oracle = set(records.values_list("id", flat=True))
    query.oracle_seconds = time.perf_counter() - start


def folded_oracle(queries: list[Query], count: int) -> float:
    """The ids each query should find by `search.tokens`: every term's characters
    inside one value (line) of the folded text. One pass over all records."""
    wanted = [(q, tokens.query_terms(q.text)) for q in queries]
    started = time.perf_counter()
    with bar("folded oracle", count) as progress:
        for chunk in record_chunks(GENERATE_CHUNK):
            for record in chunk:
                values = [
                    tokens.chars(line)
                    for column in SEARCHED
                    for line in getattr(record, column).split("\n")
                ]
                for query, terms in wanted:
                    if terms and all(any(t in v for v in values) for t in terms):
                        query.folded.add(record.pk)
            advance(progress, len(chunk), started)
    return time.perf_counter() - started


def all_hits(backend_name: str, text: str) -> Check:
    """Every hit's id, through the backend's own results (no page limit).

    Ranked, as the search page asks: on SQLite the unranked path
    (`matched_queryset`) runs the same MATCH, but through the slow per-row plan
    that `count()` has (see bench/README.md).
    """
    from modelsearch.backends import get_search_backend
    from modelsearch.query import PlainText

    from search.models import CaseSearchRecord

    backend = get_search_backend(backend_name)
    start = time.perf_counter()
    results = backend.search(
        PlainText(text, operator="and"),
        CaseSearchRecord.objects.only("id"),
        order_by_relevance=True,
    )
    found = {record.pk for record in results}
    return Check(found, time.perf_counter() - start)


# --- latency -------------------------------------------------------------------


def first_page(backend, text: str) -> float:
    """Seconds for the total and the first page of hits, ranked by relevance."""
    from modelsearch.query import PlainText

    from search.models import CaseSearchRecord

    start = time.perf_counter()
    results = backend.search(
        PlainText(text, operator="and"),
        CaseSearchRecord.objects.select_related("case", "agency"),
        order_by_relevance=True,
    )
    results.count()
    list(results[:PAGE])
    return time.perf_counter() - start


def search_page(backend_name: str, text: str) -> float:
    """Seconds for the whole search page: count, hits, snippets, facets."""
    from access_control.selectors import CaseScope
    from dossiers.models import Agency, Case
    from search.selectors import case_search

    scope = CaseScope(True, Case.objects.values("pk"), Agency.objects.values("pk"))
    start = time.perf_counter()
    case_search(user=None, query=text, scope=scope, backend=backend_name, per_page=PAGE)
    return time.perf_counter() - start


def fts_match(backend, text: str) -> str | None:
    """The MATCH string the database backend sends for `text`, taken from its
    own SQL (None where the backend is not the FTS5 one)."""
    from modelsearch.query import PlainText

    from search.models import CaseSearchRecord

    query = PlainText(text, operator="and")
    compiler = backend.search(query, CaseSearchRecord.objects.all()).query_compiler
    if not hasattr(compiler, "match_string"):
        return None
    return compiler.match_string(compiler.get_config(backend))


def fts_count(match: str) -> float:
    """Seconds for FTS5 alone to count `match` on its table, without any join:
    the yardstick of the database backend's count."""
    from django.db import connection

    from search.backends.sqlite import SQLiteFTSIndexEntry

    table = SQLiteFTSIndexEntry._meta.db_table
    sql = f"SELECT COUNT(*) FROM {table} WHERE {table} MATCH %s"  # noqa: S608
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [match])
        cursor.fetchone()
    return time.perf_counter() - start


@contextlib.contextmanager
def sqlite_deadline(seconds: float) -> Iterator[None]:
    """Interrupt any SQLite statement still running `seconds` from now."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    deadline = time.perf_counter() + seconds
    raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    stopped: bool = False  # the last run was interrupted at the timeout

    def cell(self, p: float) -> str:
        if self.stopped:
            return f"> {self.seconds[-1] * 1000:,.0f}"
        return _ms(self.seconds, p)

    def p(self, p: float) -> float:
        return percentile(self.seconds, p)


def timed_run(fn: Callable[[], float], timeout: float | None) -> float | None:
    """One run's seconds, or None when the timeout interrupted it (SQLite)."""
    from django.db import OperationalError

    if timeout is None:
        return fn()
    try:
        with sqlite_deadline(timeout):
            return fn()
    except OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        return None


def timings(
    fn: Callable[[], float],
    warmups: int,
    repeat: int,
    budget: float,
    timeout: float | None = None,
) -> Samples:
    """`warmups` untimed runs, then up to `repeat` timed ones, within `budget`
    seconds. When the next run would overrun it, the run just made counts and
    the rest are skipped, so a query slower than the budget is run only once;
    one that `timeout` interrupts is recorded as stopped."""
    samples, spent = Samples(), 0.0
    for i in range(warmups + repeat):
        seconds = timed_run(fn, timeout)
        if seconds is None:
            samples.seconds.append(timeout)
            samples.stopped = True
            break
        spent += seconds
        out_of_time = spent + seconds > budget
        if i >= warmups or out_of_time:
            samples.seconds.append(seconds)
        if out_of_time:
            break
    return samples


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _ms(samples: list[float], p: float) -> str:
    return f"{percentile(samples, p) * 1000:,.0f}" if samples else "–"


# --- the tokenizer -----------------------------------------------------------------


def tokenizer_rate(corpus_text: str) -> float:
    """Millions of characters per second through `search.tokens.index_text`."""
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        tokens.index_text(corpus_text.split("\n"))
        runs.append(len(corpus_text) / (time.perf_counter() - start) / 1e6)
    return max(runs)


def sample_text() -> str:
    from search.models import CaseSearchRecord

    rows = CaseSearchRecord.objects.order_by("pk").values_list(*SEARCHED)[:200]
    return "\n".join("\n".join(row) for row in rows)


# --- the run -----------------------------------------------------------------------


@dataclass
class Run:
    """One run of the benchmark: its options, and what it has measured so far."""

    args: argparse.Namespace
    work: Path
    engine_url: str | None
    prefix: str
    backends: dict[str, str] = field(default_factory=dict)  # label -> name
    indexed: list[Indexed] = field(default_factory=list)
    queries: list[Query] = field(default_factory=list)
