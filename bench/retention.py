"""The due list (`retention_due`) over 1,000,000 sealed dossiers.

Fills a throwaway database (SQLite in a temporary folder, or the empty
PostgreSQL database given with `--postgres URL`) with cases and their sealed
dossiers by `bulk_create`, nothing timed: closing years spread over
1990–2026, 30-year retention ending on 31 December of the 30th year after
archiving, one in ten 永久, one in twenty superseded by a newer version, one
case in a hundred held. Then times, each five times after one warm-up run
(the median and the slowest):

- `count`: how many are due by the end of this year (`dossiers_due().count()`);
- `first page`: the admin's first 50 rows with their holds (`due_rows`);
- `dashboard`: the counts for this year and the next nine (one query);
- `retention_due --json`: the whole command, every due row written out.

Beside them: the machine (`ingest_machine.print_machine`), the database's
size, how fast this disk reads it once cached (a full scan's lower bound), and
the query plan, which must name `dossier_retention_end_idx`.

With `--destroy`, it measures the destruction of a disposition batch instead:
`--gb` GiB of originals (default 10) in `--cases` due cases, ingested, sealed,
packaged in both locations, appraised and approved through the services
(bench/retention_batch.py), then `batch_execute` timed step by step beside
the same files removed by the file system alone (bench/retention_destroy.py).
"""

import argparse
import datetime as dt
import io
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from ingest_machine import MiB, console, print_machine, read_all
from ingest_runs import django_setup
from retention_destroy import run_destroy
from rich.table import Table

BATCH = 5000
RUNS = 5
HELD_EVERY = 100
GOAL_SECONDS = 2.0


def _case(agency_id: int, i: int, rng: random.Random):
    from dossiers.models import Case

    closed = dt.date(rng.randint(1990, 2026), rng.randint(1, 12), rng.randint(1, 28))
    triggers = ["other"] if i % 10 == 0 else []
    return Case(
        agency_id=agency_id,
        case_number=f"基准罚〔{closed.year}〕{i}号",
        title="某公司未按规定开展安全培训案",
        category="administrative_penalty",
        procedure="ordinary",
        initiation="ex_officio",
        closed_on=closed,
        long_term_triggers=triggers,
        package_fingerprint="0" * 64,
    )


def _dossier(case, i: int):
    from dossiers.models import Dossier

    start = dt.date(case.closed_on.year + 1, 1, 1)
    permanent = bool(case.long_term_triggers)
    state = "superseded" if i % 20 == 1 else "sealed"
    return Dossier(
        case_id=case.pk,
        state=state,
        archival_code=f"B-{case.closed_on.year}-{i:07d}",
        archive_number=f"{i:08d}",
        title=case.title,
        period_end=case.closed_on,
        retention="permanent" if permanent else "30y",
        template="chronological",
        retention_start=start,
        retention_end=None if permanent else dt.date(start.year + 29, 12, 31),
    )


def populate(count: int, seed: int) -> None:
    """`count` cases, each with one dossier, and a hold on every 100th."""
    from django.contrib.auth import get_user_model

    from dossiers.models import Agency, Case, Dossier
    from preservation.models import Hold

    rng = random.Random(seed)
    agency = Agency.objects.order_by("pk").first()
    user = get_user_model().objects.create_user("bench-keeper")
    started = time.perf_counter()
    for first in range(0, count, BATCH):
        numbers = range(first, min(first + BATCH, count))
        cases = Case.objects.bulk_create([_case(agency.pk, i, rng) for i in numbers])
        pairs = list(zip(cases, numbers, strict=True))
        Dossier.objects.bulk_create([_dossier(c, i) for c, i in pairs])
        held = [c for c, i in pairs if i % HELD_EVERY == 0]
        Hold.objects.bulk_create(
            Hold(case=c, kind="litigation", reason="基准", placed_by=user,
                 placed_at=dt.datetime.now(dt.UTC))
            for c in held
        )  # fmt: skip
        done = numbers.stop
        if done % (BATCH * 40) == 0 or done == count:
            rate = done / (time.perf_counter() - started)
            console.print(f"filled {done:,} cases and dossiers ({rate:,.0f}/s)")


def _times(fn) -> tuple[float, float, object]:
    result = fn()  # warm-up
    seconds = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), max(seconds), result


def measure(by: dt.date) -> list[tuple[str, float, float, str]]:
    from django.core.management import call_command

    from preservation.retention.due import (
        dossiers_due,
        due_counts_by_year,
        due_rows,
    )

    def command() -> int:
        out = io.StringIO()
        call_command("retention_due", "--by", by.isoformat(), "--json", stdout=out)
        return len(out.getvalue())

    def page() -> int:
        return len(due_rows(dossiers_due(by=by)[:50]))

    def dashboard() -> int:
        return due_counts_by_year(agencies=None, first_year=by.year)[0][1]

    checks = [
        ("count", lambda: dossiers_due(by=by).count(), "{:,} due"),
        ("first page (50 rows + holds)", page, "{} rows"),
        ("dashboard (10 years, 1 query)", dashboard, "{:,} this year"),
        ("retention_due --json (all rows)", command, "{:,} bytes of JSON"),
    ]
    rows = []
    for label, fn, shown in checks:
        median, slowest, result = _times(fn)
        rows.append((label, median, slowest, shown.format(result)))
    return rows


def query_plan(by: dt.date) -> str:
    from django.db import connection

    from preservation.retention.due import dossiers_due

    sql, params = dossiers_due(by=by).query.sql_with_params()
    explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
    with connection.cursor() as cursor:
        cursor.execute(f"{explain} {sql}", params)
        return "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())


def report(rows, work: Path, plan: str, count: int) -> None:
    from django.db import connection

    table = Table(title=f"retention_due over {count:,} dossiers ({connection.vendor})")
    for column in ("measure", "median s", "slowest s", "result", f"≤ {GOAL_SECONDS} s"):
        table.add_column(column)
    for label, median, slowest, result in rows:
        ok = "yes" if median <= GOAL_SECONDS else "NO"
        table.add_row(label, f"{median:.3f}", f"{slowest:.3f}", result, ok)
    console.print(table)
    database = work / "var" / "bench.sqlite3"
    if connection.vendor == "sqlite" and database.exists():
        size = database.stat().st_size
        read = read_all(database)  # cached: the limit of any full scan
        console.print(
            f"database {size / MiB:,.0f} MiB; read cached at {read:,.0f} MB/s, "
            f"so a full scan costs at least {size / 1e6 / read:.2f} s."
        )
    console.print("query plan:\n" + plan)


def run(args, work: Path) -> None:
    print_machine(work)
    django_setup(work, database_url=args.postgres)
    from django.conf import settings

    settings.DEBUG = False  # settings.dev keeps every query under DEBUG
    started = time.perf_counter()
    populate(args.dossiers, args.seed)
    console.print(f"filled in {time.perf_counter() - started:.0f} s (not timed).")
    if args.postgres:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    by = dt.date(args.year, 12, 31)
    report(measure(by), work, query_plan(by), args.dossiers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2026, help="due by 31 December")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--postgres", default="", help="URL of an empty PostgreSQL database"
    )
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    destroy = parser.add_argument_group("--destroy: a disposition batch's execution")
    destroy.add_argument("--destroy", action="store_true")
    destroy.add_argument("--gb", type=float, default=10, help="GiB of originals")
    destroy.add_argument("--cases", type=int, default=40, help="due cases")
    destroy.add_argument("--videos", type=int, default=2, help="videos per case")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-retention-", dir=args.dir))
    started = time.perf_counter()
    try:
        (run_destroy if args.destroy else run)(args, work)
        console.print(f"Total {time.perf_counter() - started:.0f} s.")
    finally:
        if args.keep:
            console.print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
