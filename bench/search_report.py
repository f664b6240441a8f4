"""What the search benchmark prints, and the failures that make it exit with 1.

The software and the query set first; then the tables of the records,
indexing, index size, recall and latency, the summary over the whole query
set, the notes on how to read them, and the final verdict.
"""

import os
import sqlite3

from ingest_machine import MiB, console
from rich.table import Table
from search_corpus import Corpus
from search_measure import QUERIES, Query, Run, percentile

from search import tokens

# --- before the run ----------------------------------------------------------------

# What the "write" of indexing is, by backend (the engines: bulk HTTP).
WRITES = {"SQLite": "SQL insert + FTS5", "PostgreSQL": "SQL upsert (tsvector)"}


def print_software(engine: str | None) -> None:
    from importlib.metadata import version

    table = Table(title="Search software", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("SQLite", f"{sqlite3.sqlite_version} (FTS5, dbstat)")
    table.add_row("database", _database())
    table.add_row(
        "modelsearch / opensearch-py",
        f"{version('modelsearch')} / {version('opensearch-py')}",
    )
    table.add_row("engine", engine or "not run (--skip-opensearch or no URL)")
    console.print(table)


def _database() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def print_queries() -> None:
    table = Table(title="The query set", title_justify="left")
    table.add_column("kind")
    table.add_column("query")
    table.add_column("terms as searched (search.tokens.query_terms)")
    for kind, text in QUERIES:
        table.add_row(kind, text, " + ".join(tokens.query_terms(text)))
    console.print(table)


# --- the report --------------------------------------------------------------------


def corpus_table(corpus: Corpus) -> Table:
    table = Table(title="The records", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("cases = search records", f"{corpus.cases:,}")
    table.add_row("searchable characters", f"{corpus.chars:,}")
    table.add_row("… per record", f"{corpus.chars / corpus.cases:,.0f}")
    table.add_row("… UTF-8", f"{corpus.utf8 / MiB:,.1f} MiB")
    table.add_row("pages of text (texts lines)", f"{corpus.pages:,}")
    table.add_row("generated + inserted in", f"{corpus.seconds:.1f} s")
    return table


def index_table(run: Run, corpus: Corpus) -> Table:
    table = Table(title="Indexing (as update_index does)", title_justify="left")
    for name in ("backend", "total s", "records/s", "M chars/s", "fetch s"):
        table.add_column(name, justify="left" if name == "backend" else "right")
    table.add_column("Python prepare s", justify="right")
    table.add_column("write s", justify="right")
    table.add_column("what write is")
    for ix in run.indexed:
        what = WRITES.get(ix.backend.split()[0], "bulk HTTP")
        table.add_row(
            ix.backend,
            f"{ix.seconds:.1f}",
            f"{corpus.cases / ix.seconds:,.0f}",
            f"{corpus.chars / ix.seconds / 1e6:.2f}",
            f"{ix.fetch:.1f}",
            f"{ix.prepare:.1f}",
            f"{ix.write:.1f}",
            what,
        )
    return table


def size_table(run: Run, corpus: Corpus) -> Table:
    table = Table(title="Index size", title_justify="left")
    table.add_column("backend")
    table.add_column("part")
    table.add_column("MiB", justify="right")
    table.add_column("× text", justify="right")
    text = corpus.utf8
    for ix in run.indexed:
        for part, value in ix.size.items():
            if part in ("docs", "segments"):
                table.add_row(ix.backend, part, f"{value:,}", "")
            elif value:
                cells = [f"{value / MiB:,.1f}", f"{value / text:.2f}"]
                table.add_row(ix.backend, part, *cells)
    table.add_row("", "the searchable text, UTF-8", f"{text / MiB:,.1f}", "1.00")
    return table


def _check_cells(query: Query, label: str) -> list[str]:
    check = query.checks[label]
    recall = check.recall(query.oracle)
    extra = check.found - query.oracle
    wrong = check.found - query.folded
    missed = query.folded - check.found
    recall_cell = "–" if recall is None else f"{recall:.2%}"
    if recall is not None and recall < 1:
        recall_cell = f"[red]{recall_cell}[/]"
    extra_cell = f"{len(extra & query.folded):,}"
    if wrong or missed:
        extra_cell += f" [red]wrong {len(wrong):,} missed {len(missed):,}[/]"
    seconds = f"{check.seconds:.2f}"
    return [f"{len(check.found):,}", recall_cell, extra_cell, seconds]


def recall_table(run: Run) -> Table:
    table = Table(title="Recall", title_justify="left")
    table.add_column("query")
    table.add_column("LIKE", justify="right")
    table.add_column("folded", justify="right")
    for label in run.backends:
        table.add_column(f"{label} hits", justify="right")
        table.add_column("recall", justify="right")
        table.add_column("extra", justify="right")
        table.add_column("fetch s", justify="right")
    if len(run.backends) > 1:
        table.add_column("same")
    for query in run.queries:
        cells = [query.text, f"{len(query.oracle):,}", f"{len(query.folded):,}"]
        for label in run.backends:
            cells += _check_cells(query, label)
        if len(run.backends) > 1:
            sets = [c.found for c in query.checks.values()]
            cells.append("yes" if all(s == sets[0] for s in sets) else "[red]no[/]")
        table.add_row(*cells)
    return table


def latency_table(run: Run) -> Table:
    table = Table(title="Latency, ms", title_justify="left")
    table.add_column("query")
    table.add_column("hits", justify="right")
    for label in run.backends:
        table.add_column(f"{label} p50", justify="right")
        table.add_column("p95", justify="right")
        table.add_column("n", justify="right")
        if label == "SQLite":
            table.add_column("FTS5 alone", justify="right")
        table.add_column("page p50", justify="right")
        table.add_column("page p95", justify="right")
    for query in run.queries:
        hits = len(next(iter(query.checks.values())).found)
        cells = [query.text, f"{hits:,}"]
        for label in run.backends:
            samples = query.latency[label]
            cells += [samples.cell(50), samples.cell(95), str(len(samples.seconds))]
            if label == "SQLite":
                cells.append(query.fts_alone.cell(50) if query.fts_alone else "–")
            page = query.page.get(label)
            cells += [page.cell(50), page.cell(95)] if page else ["–", "–"]
        table.add_row(*cells)
    return table


def summary_table(run: Run) -> tuple[Table, list[str]]:
    table, notes = Table(title="Over the whole query set, ms", title_justify="left"), []
    names = (
        "backend",
        "median p50",
        "max p50",
        "max p95",
        "median page",
        "max page p95",
    )
    for name in names:
        table.add_column(name, justify="left" if name == "backend" else "right")
    table.add_column("pages timed", justify="right")
    for label in run.backends:
        latency = [q.latency[label] for q in run.queries]
        p50s = [samples.p(50) for samples in latency]
        p95s = [samples.p(95) for samples in latency]
        timed = [q.page[label] for q in run.queries if label in q.page]
        pages = [page.p(50) for page in timed if not page.stopped]
        stopped = sum(samples.stopped for samples in latency)
        more = "> " if stopped else ""  # a stopped run counts as its timeout
        table.add_row(
            label,
            f"{more}{percentile(p50s, 50) * 1000:,.0f}",
            f"{more}{max(p50s) * 1000:,.0f}",
            f"{more}{max(p95s) * 1000:,.0f}",
            f"{percentile(pages, 50) * 1000:,.0f}" if pages else "–",
            f"{max(p.p(95) for p in timed) * 1000:,.0f}" if timed else "–",
            f"{len(pages)} of {len(run.queries)}",
        )
        if stopped:
            notes.append(
                f"{label}: {stopped} of {len(run.queries)} queries were stopped at "
                f"--timeout {run.args.timeout:g} s; the figures marked > count them "
                "at the timeout."
            )
    return table, notes


def failures(run: Run) -> list[str]:
    found = []
    for query in run.queries:
        if not query.oracle <= query.folded:
            found.append(
                f"{query.text}: LIKE hits outside the folded oracle (bench bug)"
            )
        for label, check in query.checks.items():
            recall = check.recall(query.oracle)
            if recall is not None and recall < 1:
                missing = sorted(query.oracle - check.found)[:10]
                found.append(
                    f"{label} {query.text!r}: recall {recall:.4%}, e.g. {missing}"
                )
            wrong = check.found - query.folded
            missed = query.folded - check.found
            if wrong or missed:
                found.append(
                    f"{label} {query.text!r}: {len(wrong)} hits without the term "
                    f"(e.g. {sorted(wrong)[:10]}), {len(missed)} folded matches "
                    f"missed (e.g. {sorted(missed)[:10]})"
                )
    return found


NOTES = """\
LIKE: records where every term occurs as typed in one of title, identifiers,
people, body or texts (Django __contains, i.e. LIKE '%term%'; case-insensitive
for ASCII on SQLite). folded: records where every term's letters and digits
occur inside one value (line) after search.tokens folding, which is what the
backends promise. recall = |hits ∩ LIKE| / |LIKE|. extra = hits outside LIKE
that the folded oracle explains: the record has the term with other
punctuation, white space, width or case (〔2025〕 read as [2025], full-width
digits, a name split by a space, or a run of digits such as the 归档号
20251234). "wrong" would be hits without the term and "missed" folded matches
the backend did not return. fetch s: one fetch of every hit's id through the
backend, ranked (on OpenSearch a scroll of 100 per request).

Latency: p50/p95 over n runs (--repeat after --warmup, cut short by --budget)
of the total count plus the first 20 hits ranked by relevance
(backend.search(...).count() and [:20], with the record's case and agency).
FTS5 alone: the same MATCH counted on the FTS5 table by itself, without the
join to the index entries. page: p50/p95 of --page-repeat runs of
search.selectors.case_search (count, 20 hits with snippets, 精确匹配 and the
facets; on PostgreSQL above 5,000 candidates counted from the index, a long
term's counts estimated); "–" where the count + page was interrupted. "> N": the
SQLite statement was interrupted after --timeout seconds (a progress handler),
so the query took longer."""


def report(run: Run, corpus: Corpus, limits, tokenizer: float) -> int:
    console.rule("[bold]6. Summary")
    cold = f"{limits.read_cold:.0f}" if limits.read_cold else "n/a"
    console.print(
        f"Machine: {os.cpu_count()} CPUs, hashlib SHA-256 {limits.sha256:.0f} MB/s, "
        f"disk read cold {cold} / cached {limits.read_cached:.0f} MB/s, write+fsync "
        f"{limits.write:.0f} MB/s; search.tokens.index_text {tokenizer:.2f} M chars/s "
        "(one core)."
    )
    console.print(corpus_table(corpus))
    console.print(NOTES)
    problems = failures(run)
    for problem in problems:
        console.print(f"[red]✗ {problem}[/]")
    if not problems:
        console.print(
            "[green]Recall 100 % on every query and backend; no wrong hits.[/]"
        )
    return 1 if problems else 0
