"""The tables of bench/public_load.py: latency per page and method, the goal."""

import os

from ingest_machine import console
from public_load_clients import Load, percentile
from public_load_server import LIFTED, LIMITS
from rich.table import Table

GOAL_MS = 200  # p95 of every page and method, with no error (issue #13)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def latency_table(load: Load, measured: float) -> Table:
    table = Table(title=f"Latency over {measured:.0f} s (ms)", title_justify="left")
    for name in ("page", "method", "what", "requests", "errors"):
        left = name in ("page", "what")
        table.add_column(name, justify="left" if left else "right", no_wrap=left)
    for name in ("p50", "p95", "p99", "max", "req/s", "in worker p50", "p95 "):
        table.add_column(name, justify="right")
    every, server = [], []
    for row in load.rows:
        values = sorted(row.seconds)
        every += values
        server += row.server
        figures = _figures(values, row.errors, measured)
        table.add_row(row.page, row.method, row.what, *figures, *_worker(row.server))
    every.sort()
    server.sort()
    errors = sum(row.errors for row in load.rows)
    figures = _figures(every, errors, measured)
    table.add_row("all", "", "", *figures, *_worker(server), style="bold")
    return table


def _worker(values: list[float]) -> list[str]:
    """The time in a gunicorn worker (its access log), without the queue."""
    return [_ms(percentile(values, p)) if values else "–" for p in (50, 95)]


def _figures(values: list[float], errors: int, measured: float) -> list[str]:
    return [
        f"{len(values):,}",
        f"[red]{errors}[/]" if errors else "0",
        *(_ms(percentile(values, p)) for p in (50, 95, 99)),
        _ms(values[-1]) if values else "–",
        f"{len(values) / measured:,.1f}",
    ]


def goal_met(load: Load) -> tuple[bool, str]:
    """p95 ≤ 200 ms on every page and method, and no error at all."""
    worst = max(load.rows, key=lambda r: percentile(sorted(r.seconds), 95))
    p95 = percentile(sorted(worst.seconds), 95)
    errors = sum(row.errors for row in load.rows)
    met = p95 * 1000 <= GOAL_MS and errors == 0 and all(r.seconds for r in load.rows)
    why = (
        f"worst p95 {_ms(p95)} ms ({worst.page} {worst.method} {worst.what}), "
        f"{errors} errors"
    )
    return met, why


def setup_table(load: Load, args, limits, database: str) -> Table:
    table = Table(title="Set-up and machine", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("CPU count", f"{os.cpu_count()} (clients and server share them)")
    table.add_row("hashlib SHA-256", f"{limits.sha256:,.0f} MB/s")
    cold = "n/a" if limits.read_cold is None else f"{limits.read_cold:,.0f}"
    table.add_row("disk read", f"{cold} MB/s cold, {limits.read_cached:,.0f} cached")
    table.add_row("load average", f"{args.load_at_start} (1, 5, 15 min) at start")
    table.add_row("database", database)
    server = f"gunicorn 27, {args.workers} {args.worker_class} workers"
    if args.worker_class == "gthread":
        server += f" × {args.threads} threads"
    table.add_row(
        "server", f"{server}, settings.production behind a simulated TLS proxy"
    )
    table.add_row(
        "clients",
        f"{args.clients} threads, {args.apply_share:.0%} of journeys apply, "
        f"think time {args.think:g} s, {args.warmup:g} s warm-up",
    )
    table.add_row(
        "limits lifted",
        f"{', '.join(LIMITS)} = {LIFTED}: every client comes from 127.0.0.1",
    )
    table.add_row("applications", f"{len(load.filed):,} filed at the end")
    return table


def report(load: Load, args, measured: float, limits, database: str) -> None:
    console.print(latency_table(load, measured))
    console.print(setup_table(load, args, limits, database))
    for row in load.rows:
        for sample in row.samples:
            console.print(f"[red]error[/] {row.page} {row.method}: {sample}")
    met, why = goal_met(load)
    verdict = "[green]met[/]" if met else "[red]not met[/]"
    console.print(
        f"Goal (p95 ≤ {GOAL_MS} ms on every page and method, no error): "
        f"{verdict} — {why}."
    )
