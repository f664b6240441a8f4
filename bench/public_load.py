"""The public 政府信息公开 pages under load: gunicorn + PostgreSQL, N clients.

Run from the project root (see bench/README.md for the figures):

    .venv/bin/python bench/public_load.py [--clients 50] [--seconds 30]
        [--workers 4] [--worker-class sync|gthread] [--threads 1]
        [--apply-share 0.25] [--think 0] [--prefile 100] [--warmup 5]
        [--sqlite] [--keep] [--dir PATH]

It prints the machine's limits (hashlib SHA-256 and disk read, through
bench/ingest_machine.py), then sets up a throwaway PostgreSQL cluster
(initdb/pg_ctl in a temp folder, on a free port; --sqlite uses SQLite
instead), migrates a database in it, registers the sample packages' agencies
and runs `disclosure_pages_setup`. gunicorn serves the site with
settings.production (generated secrets; HTTPS as behind the deployment's TLS
proxy: the clients send `X-Forwarded-Proto: https`, so secure cookies, CSRF's
Origin check and no redirect to HTTPS apply as in production, without TLS's
cost). The public pages' rate limits are lifted (DISCLOSURE_SUBMISSIONS_PER_*,
DISCLOSURE_LOOKUP_FAILURES): every client comes from 127.0.0.1.

It files --prefile applications (half of them then received, so their status
page counts the statutory clock), warms up for --warmup seconds, then --clients
threads run journeys for --seconds: a share --apply-share apply (GET the form,
POST it), the others look an application up (GET the form, POST 受理编号 +
查询码, GET the status page in the session). Reported per page and method:
count, errors, p50/p95/p99/max, requests/s; and whether p95 ≤ 200 ms with no
error. Exit status 0 whatever the figures; 2 when the setup fails. Everything
is stopped and removed at the end, also on Ctrl-C.
"""

import argparse
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_machine import MiB, console, load_average, measure_limits
from public_load_clients import Load, client, journey_apply, session_new
from public_load_report import report
from public_load_server import (
    PG_INSTALL,
    Gunicorn,
    Postgres,
    SetupError,
    pg_bin,
    receipts_confirm,
    site_env,
    site_setup,
)
from rich.progress import (
    BarColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--clients", type=int, default=50, help="client threads (default 50)")
    add("--seconds", type=float, default=30, help="measured seconds (default 30)")
    add("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    add("--worker-class", choices=("sync", "gthread"), default="sync")
    add("--threads", type=int, default=1, help="threads per gthread worker")
    add("--apply-share", type=float, default=0.25, help="journeys that apply")
    add("--think", type=float, default=0.0, help="mean pause between journeys (s)")
    add("--prefile", type=int, default=100, help="applications filed first")
    add("--warmup", type=float, default=5, help="unmeasured seconds of load first")
    add("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    add("--keep", action="store_true", help="keep the temp folder")
    add("--dir", type=Path, help="where to make the temp folder")
    args = parser.parse_args()
    if min(args.clients, args.workers, args.threads, args.prefile) < 1:
        parser.error("--clients, --workers, --threads and --prefile must be ≥ 1")
    if not 0 <= args.apply_share <= 1 or args.seconds <= 0:
        parser.error("--apply-share in 0–1, --seconds > 0")
    return args


def limits_measure(work: Path):
    """SHA-256 and disk rates, as every bench prints them (128 MiB each)."""
    console.rule("[bold]1. The machine's limits")
    buffer = os.urandom(128 * MiB)
    limits = measure_limits(work, buffer, 128 * MiB, first=False)
    del buffer
    return limits


def database(args, stack: list) -> tuple[str, str]:
    """The database URL and its description; SetupError when PostgreSQL is missing."""
    if args.sqlite:
        return f"sqlite:///{stack[0] / 'var' / 'bench.sqlite3'}", "SQLite (WAL)"
    folder = pg_bin()
    if folder is None:
        console.print(f"[red]{PG_INSTALL}[/]")
        raise SystemExit(2)
    pg = Postgres(folder, dir=Path(tempfile.mkdtemp(prefix="pg-", dir=args.dir)))
    stack.append(pg)
    url = pg.start()
    return url, f"PostgreSQL {folder.parent.name} (throwaway cluster, port {pg.port})"


def prefile(load: Load, env, work: Path, count: int) -> None:
    """File `count` applications over HTTP (4 at a time); receive half of them."""
    threads, started = [], time.perf_counter()

    def file_some(share: int) -> None:
        session = session_new(load.base)
        for _ in range(share):
            session.cookies.clear()
            if filed := journey_apply(load, session):
                with load.lock:
                    load.filed.append(filed)

    for i in range(4):
        threads.append(
            threading.Thread(target=file_some, args=(count // 4 + (i < count % 4),))
        )
        threads[-1].start()
    for thread in threads:
        thread.join()
    if len(load.filed) < count:
        raise SetupError(
            f"only {len(load.filed)} of {count} applications were filed; "
            f"the last error: {load.unrecorded}"
        )
    receipts_confirm(env, work, [number for number, _ in load.filed[::2]])
    console.print(
        f"Filed {count} applications in {time.perf_counter() - started:.1f} s "
        f"(not measured); confirmed the receipt of {len(load.filed[::2])}."
    )


def run_load(load: Load, args, server: Gunicorn) -> float:
    """Warm up, then measure for --seconds; the measured wall time."""
    threads = [
        threading.Thread(target=client, args=(load, seed), daemon=True)
        for seed in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[counts]}"),
    )
    with Progress(*columns, console=console) as progress:
        _phase(progress, load, "warm-up", args.warmup)
        load.recording, started = True, time.perf_counter()
        offset = server.access_offset()
        _phase(progress, load, "measured", args.seconds)
        load.recording = False
        measured = time.perf_counter() - started
        end = server.access_offset()
    load.stop.set()
    for thread in threads:
        thread.join(timeout=65)
    for index, seconds in server.server_times(offset, end).items():
        if 0 <= index < len(load.rows):
            load.rows[index].server = sorted(seconds)
    return measured


def _phase(progress: Progress, load: Load, name: str, seconds: float) -> None:
    task = progress.add_task(name, total=seconds, counts="")
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        done = sum(len(r.seconds) for r in load.rows)
        errors = sum(r.errors for r in load.rows)
        counts = f"{done:,} requests, {errors} errors" if load.recording else ""
        progress.update(task, completed=elapsed, counts=counts)
        time.sleep(0.25)
    progress.update(task, completed=seconds)


def measure(args, work: Path, stack: list) -> None:
    args.load_at_start = load_average()
    limits = limits_measure(work)
    console.rule("[bold]2. The site")
    url, described = database(args, stack)
    env = site_env(work, url)
    prefix, seconds = site_setup(env, work)
    console.print(f"{described}; migrated and set up in {seconds:.0f} s.")
    server = Gunicorn(env, work, args.workers, args.worker_class, args.threads)
    stack.append(server)
    base = server.start()
    console.print(f"gunicorn {' '.join(server.command()[1:8])} … at {base}{prefix}")
    load = Load(base, prefix, args.apply_share, args.think)
    prefile(load, env, work, args.prefile)
    console.rule(f"[bold]3. {args.clients} clients, {args.seconds:g} s")
    measured = run_load(load, args, server)
    report(load, args, measured, limits, described)
    console.print(f"Load average at the end: {load_average()}.")


def main() -> int:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="public-load-", dir=args.dir))
    stack: list = [work]  # what to stop, in reverse order
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        measure(args, work, stack)
    except SetupError as error:
        console.print(f"[red]Setup failed:[/] {error}")
        return 2
    except KeyboardInterrupt:
        console.print("[yellow]Interrupted: stopping and removing everything.[/]")
        return 130
    finally:
        for item in reversed(stack[1:]):
            item.stop()
        if args.keep:
            console.print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
