"""Full-text search at scale: index time, size, latency and recall, per backend.

Run from the project root (see bench/README.md for the figures and how long
the default takes):

    .venv/bin/python bench/search.py [--cases 100000] [--seed 2025] [--repeat 20]
        [--warmup 2] [--page-repeat 10] [--budget 20] [--timeout 30]
        [--database-url postgresql://…] [--opensearch-url URL | --skip-opensearch]
        [--keep] [--dir PATH]

It prints the machine's limits first (hashlib SHA-256, disk write and read,
reusing the ingest benchmark's ingest_*.py, plus the speed of the archive's own
tokenizer).
Then, in a throwaway SQLite database (or the empty PostgreSQL database of
--database-url), it writes --cases realistic Chinese
search records (parties, officers and their 执法证号, 案号 and 文号, 统一社会信用
代码 and 身份证号, legal bases, material titles, and a few OCR'd pages each)
straight into `dossiers.Case` and `search.CaseSearchRecord`, without ingest.
It indexes them with the real backend code, chunk by chunk as `update_index`
does: the database backend (SQLite FTS5 or PostgreSQL) and, when an engine is given,
OpenSearch, in a fresh index of its own that is deleted at the end.

A fixed query set (2-, 4- and 6-character terms, 案号 fragments, names,
identifiers, two-term AND queries) is then checked for recall against a
`LIKE '%…%'` oracle, which must be 100 % (the script exits with status 1
otherwise), and timed: p50/p95 of the total count plus the first page of 20
hits, and of the whole search page (`search.selectors.case_search`: count,
hits with snippets, 精确匹配 and the facets). Not part of the test suite.
"""

import argparse
import functools
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The project first: this file is itself called search.py, and the project's
# `search` package must win over it. The benchmark's other modules
# (search_*.py) are imported from this file's folder.
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(Path(__file__).resolve().parent))

from ingest_machine import (  # noqa: E402
    MiB,
    console,
    load_average,
    measure_limits,
    print_machine,
)
from ingest_runs import django_setup  # noqa: E402
from search_corpus import Corpus, advance, bar, generate  # noqa: E402
from search_index import (  # noqa: E402
    engine_cleanup,
    engine_config,
    engine_describe,
    engine_patches,
    engine_sizes,
    postgres_patches,
    postgres_sizes,
    rebuild,
    sqlite_patches,
    sqlite_sizes,
)
from search_measure import (  # noqa: E402
    QUERIES,
    Query,
    Run,
    all_hits,
    first_page,
    folded_oracle,
    fts_count,
    fts_match,
    like_oracle,
    sample_text,
    search_page,
    timings,
    tokenizer_rate,
)
from search_report import (  # noqa: E402
    index_table,
    latency_table,
    print_queries,
    print_software,
    recall_table,
    report,
    size_table,
    summary_table,
)

# --- the run -----------------------------------------------------------------------


def index_all(run: Run, corpus: Corpus) -> None:
    from modelsearch.backends import get_search_backend

    console.rule("[bold]3. Indexing")
    database = get_search_backend("default")
    if run.args.database_url:
        indexed = rebuild("PostgreSQL", database, corpus.cases, postgres_patches)
        indexed.size = postgres_sizes()
        run.backends["PostgreSQL"] = "default"
    else:
        indexed = rebuild("SQLite FTS5", database, corpus.cases, sqlite_patches)
        indexed.size = sqlite_sizes()  # the index tables were empty before
        indexed.size["database file (all of it)"] = run_db_size(run)
        run.backends["SQLite"] = "default"
    run.indexed.append(indexed)
    if run.engine_url:
        engine = get_search_backend("bench_opensearch")
        done = rebuild("OpenSearch", engine, corpus.cases, engine_patches(engine))
        done.size = engine_sizes(engine, done.name)
        run.indexed.append(done)
        run.backends["OpenSearch"] = "bench_opensearch"
    console.print(index_table(run, corpus))
    console.print(size_table(run, corpus))


def run_db_size(run: Run) -> int:
    var = run.work / "var"
    return sum(p.stat().st_size for p in var.glob("bench.sqlite3*"))


def check_recall(run: Run, corpus: Corpus) -> None:
    console.rule("[bold]4. Recall against LIKE '%…%'")
    run.queries = [Query(kind, text, text.split()) for kind, text in QUERIES]
    with bar("LIKE oracle", len(run.queries), "queries") as progress:
        started = time.perf_counter()
        for query in run.queries:
            like_oracle(query)
            advance(progress, 1, started)
    seconds = folded_oracle(run.queries, corpus.cases)
    like = sum(q.oracle_seconds for q in run.queries)
    console.print(
        f"LIKE oracle: {like:.1f} s for {len(run.queries)} queries; folded oracle "
        f"(search.tokens over every value, one pass): {seconds:.1f} s"
    )
    for label, name in run.backends.items():
        with bar(f"all hits: {label}", len(run.queries), "queries") as progress:
            started = time.perf_counter()
            for query in run.queries:
                query.checks[label] = all_hits(name, query.text)
                advance(progress, 1, started)
    console.print(recall_table(run))


def measure_latency(run: Run) -> None:
    from modelsearch.backends import get_search_backend

    console.rule("[bold]5. Latency")
    for label, name in run.backends.items():
        backend = get_search_backend(name)
        # Only SQLite statements can be interrupted; the engine has its timeout.
        timeout = run.args.timeout if label == "SQLite" else None
        with bar(f"count + page: {label}", len(run.queries), "queries") as progress:
            started = time.perf_counter()
            for query in run.queries:
                _count_and_page(run, query, label, backend, timeout)
                advance(progress, 1, started)
        with bar(f"search page: {label}", len(run.queries), "queries") as progress:
            started = time.perf_counter()
            for query in run.queries:
                _search_page(run, query, label, name, timeout)
                advance(progress, 1, started)
    console.print(latency_table(run))
    table, notes = summary_table(run)
    console.print(table)
    for note in notes:
        console.print(note)


def _count_and_page(run: Run, query: Query, label: str, backend, timeout) -> None:
    args = run.args
    fn = functools.partial(first_page, backend, query.text)
    query.latency[label] = timings(fn, args.warmup, args.repeat, args.budget, timeout)
    if label == "SQLite" and (match := fts_match(backend, query.text)):
        fn = functools.partial(fts_count, match)
        query.fts_alone = timings(fn, 1, 5, args.budget, timeout)


def _search_page(run: Run, query: Query, label: str, name: str, timeout) -> None:
    """The whole page, unless the count + page was interrupted (SQLite's
    --timeout). Not skipped for a slow count + page: the page counts in one
    statement, and on PostgreSQL from the index, so it may be far faster;
    its own runs stop at the budget."""
    if query.latency[label].stopped:
        return
    fn = functools.partial(search_page, name, query.text)
    query.page[label] = timings(fn, 1, run.args.page_repeat, run.args.budget, timeout)


# --- the entry point ---------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="default 100000")
    parser.add_argument("--seed", type=int, default=2025, help="default 2025")
    parser.add_argument(
        "--database-url",
        default="",
        help="an empty PostgreSQL database to use instead of a throwaway SQLite",
    )
    _timing_arguments(parser)
    engine = parser.add_mutually_exclusive_group()
    engine.add_argument(
        "--opensearch-url", help="OpenSearch to index into (default: $SEARCH_URL)"
    )
    engine.add_argument("--skip-opensearch", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temp folder and the index"
    )
    parser.add_argument("--dir", type=Path, help="where to make the temp folder")
    args = parser.parse_args()
    if min(args.cases, args.repeat, args.page_repeat) < 1 or args.warmup < 0:
        parser.error("--cases, --repeat and --page-repeat ≥ 1, --warmup ≥ 0")
    return args


def _timing_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repeat", type=int, default=20, help="timed runs per query (default 20)"
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="untimed runs first (default 2)"
    )
    parser.add_argument(
        "--page-repeat",
        type=int,
        default=10,
        help="timed runs of the whole search page per query (default 10)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help="seconds per query and measure; slower queries run once (default 20)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds after which a SQLite query is interrupted (default 30)",
    )


def setup(run: Run) -> None:
    """Django on a throwaway SQLite database (or the given PostgreSQL one);
    the engine as a second backend."""
    import logging

    # The settings' own backend must be the database, whatever the shell says,
    # or migrate would write Wagtail's pages into a real engine's indices.
    os.environ["SEARCH_BACKEND"] = "database"
    os.environ.pop("SEARCH_URL", None)
    # Its corpus registers its own agencies (one of them the example's fonds).
    django_setup(run.work, example_agency=False, database_url=run.args.database_url)
    from django.test import override_settings

    backends = {"default": {"BACKEND": "search.backends.database"}}
    if run.engine_url:
        backends["bench_opensearch"] = engine_config(run.engine_url, run.prefix)
    override_settings(WAGTAILSEARCH_BACKENDS=backends).enable()
    # The atomic rebuilder deletes an alias that does not exist yet: a 404.
    logging.getLogger("opensearch").setLevel(logging.ERROR)


def engine_url(args: argparse.Namespace) -> str | None:
    if args.skip_opensearch:
        return None
    return args.opensearch_url or os.environ.get("SEARCH_URL") or None


def main() -> int:
    args = parse_args()
    url = engine_url(args)
    work = Path(tempfile.mkdtemp(prefix="search-bench-", dir=args.dir))
    run = Run(args, work, url, f"bench_{os.getpid()}_")
    started, engine = time.perf_counter(), None
    try:
        print_machine(work)
        console.rule("[bold]1. The machine's limits")
        buffer = os.urandom(256 * MiB)
        limits = measure_limits(work, buffer, 512 * MiB, first=True)
        del buffer
        setup(run)
        if url:
            from modelsearch.backends import get_search_backend

            engine = get_search_backend("bench_opensearch")
        print_software(engine_describe(engine) if engine else None)
        print_queries()
        corpus, tokenizer = records(args)
        index_all(run, corpus)
        check_recall(run, corpus)
        measure_latency(run)
        status = report(run, corpus, limits, tokenizer)
        console.print(
            f"Total {time.perf_counter() - started:.0f} s; load average at the end "
            f"{load_average()}."
        )
        return status
    finally:
        cleanup(run, engine)


def records(args: argparse.Namespace) -> tuple[Corpus, float]:
    """The generated records, and the tokenizer's speed on a sample of them."""
    console.rule("[bold]2. The records")
    corpus = generate(args.cases, args.seed)
    tokenizer = tokenizer_rate(sample_text())
    console.print(
        f"{corpus.cases:,} records, {corpus.chars / 1e6:,.1f} M characters "
        f"({corpus.utf8 / MiB:,.0f} MiB UTF-8) in {corpus.seconds:.1f} s; "
        f"search.tokens.index_text runs at {tokenizer:.2f} M chars/s here."
    )
    return corpus, tokenizer


def cleanup(run: Run, engine) -> None:
    """Delete the engine's indices and the temp folder, unless --keep."""
    if engine is not None and not run.args.keep:
        deleted = engine_cleanup(engine, run.prefix)
        console.print(f"Deleted OpenSearch indices: {', '.join(deleted) or 'none'}")
    elif engine is not None:
        console.print(
            f"Kept the OpenSearch index; delete it with curl -X DELETE "
            f"'{run.engine_url}/{run.prefix}archive_search_casesearchrecord_*'"
        )
    if run.args.keep:
        console.print(f"Kept {run.work}")
    else:
        shutil.rmtree(run.work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
