"""The content gate's check + log write, and `access_log_verify`, at scale.

Fills a throwaway SQLite database with --grants grants (about ten per officer,
a tenth expired, a third listing two materials) and --entries chained
access-log entries (`access_populate`), then times:

- the gate as `material_content` asks it, for --checks random (officer,
  material) pairs, half allowed under a grant, half refused:
  `content_decision` + `access_log_record` (the check and the log write), and
  `read_pass` + `access_log_record` (the same through the view's helper, which
  also renders the refusal page); p50/p95/p99 in ms;
- `access_log_verify` over the whole log, in entries/s, beside hashlib SHA-256
  and `entry_digest` alone (verify recomputes one digest per entry).

Targets (issue #12): p95 <= 5 ms; verify >= 50,000 entries/s. Not part of the
test suite.

    .venv/bin/python bench/access_gate.py [--grants 10000] [--entries 1000000]
        [--checks 2000] [--keep] [--dir PATH] [--reuse PATH]

--reuse PATH times again on a folder an earlier run kept (--keep), without
filling it anew; the entries of that run's checks are part of its log.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from access_populate import World, log_fill, world_build, world_load
from ingest_machine import MiB, console, print_machine, sha256_rate
from ingest_runs import django_setup
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

P95_TARGET_MS = 5.0
VERIFY_TARGET = 50_000
WARM_UP = 20


@dataclass
class Check:
    user: object
    material: object
    allowed: bool


def counting_progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def populate(grants: int, entries: int) -> World:
    """The grants and the log, with a bar each; prints how long it took."""
    start = time.perf_counter()
    rows = grants // 10 + grants // 2 * 5 + grants  # users, cases+materials, grants
    with counting_progress() as bar:
        task = bar.add_task("officers, cases, grants", total=rows)
        world = world_build(grants, lambda n: bar.advance(task, n))
        bar.update(task, completed=rows)
        task = bar.add_task("chained log entries", total=entries)
        log_fill(world, entries, lambda n: bar.advance(task, n))
    console.print(
        f"Populated {len(world.users)} officers, {len(world.case_materials)} cases, "
        f"{grants} grants and {entries} log entries in "
        f"{time.perf_counter() - start:.0f} s (not timed below)."
    )
    return world


def checks_draw(world: World, count: int) -> list[Check]:
    """`count` (officer, material) pairs in random order, half allowed."""
    from django.contrib.auth import get_user_model

    from dossiers.models import Material

    rng, pairs = random.Random(3), []
    opens, cases = list(world.opens.items()), list(world.case_materials)
    for i in range(count):
        if i % 2 == 0:
            (user, _case), materials = opens[rng.randrange(len(opens))]
            pairs.append((user, rng.choice(materials), True))
            continue
        user, case = rng.choice(world.users), rng.choice(cases)
        while (user, case) in world.opens:
            case = rng.choice(cases)
        # Refused: no grant on the case, or an expired one.
        pairs.append((user, rng.choice(world.case_materials[case]), False))
    rng.shuffle(pairs)
    users = get_user_model().objects.in_bulk({u for u, _m, _a in pairs})
    materials = Material.objects.select_related("case__agency").in_bulk(
        {m for _u, m, _a in pairs}
    )
    return [Check(users[u], materials[m], a) for u, m, a in pairs]


def http_request(check: Check):
    """A GET of the material's content URL, as the view receives it."""
    from importlib import import_module

    from django.conf import settings
    from django.test import RequestFactory

    request = RequestFactory().get(
        f"/access/materials/{check.material.pk}/", HTTP_USER_AGENT="bench"
    )
    request.user = check.user
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    return request


def gate_direct(check: Check, request) -> bool:
    """`content_decision` + `access_log_record`, as `material_content` does."""
    from access_control.consultations import content_decision
    from access_control.models import AccessAction
    from access_control.services import access_log_record

    material, case = check.material, check.material.case
    decision = content_decision(check.user, case, material)
    data = {"path": material.path}
    if decision.grant:
        data |= {"request": decision.grant.request.number, "grant": decision.grant.pk}
    access_log_record(
        user=check.user,
        action=AccessAction.VIEW_CONTENT if decision.allowed else AccessAction.DENIED,
        obj=material,
        case_number=case.case_number,
        request=request,
        reason=decision.grant.request.reason if decision.grant else decision.why,
        data=data,
    )
    return decision.allowed


def gate_view(check: Check, request) -> bool:
    """`read_pass` (which logs a refusal itself) + the view's log write."""
    from django.http import Http404, HttpResponse

    from access_control.gate import read_pass
    from access_control.views import material_read_log

    material = check.material
    try:
        passed = read_pass(request, material.case, material)
    except Http404:
        return False
    if isinstance(passed, HttpResponse):
        return False
    material_read_log(request, material, passed)
    return True


def time_gate(label: str, gate, checks: list[Check]) -> list[tuple[float, float]]:
    """Wall and CPU milliseconds per check; fails if the gate answers wrongly.

    The CPU time (this thread's) leaves out waiting for a core and for I/O: on
    a busy machine it shows what the same check costs on a quiet one.
    """
    requests = [http_request(c) for c in checks]
    for check, request in zip(checks[:WARM_UP], requests, strict=False):
        gate(check, request)
    times = []
    with counting_progress() as bar:
        task = bar.add_task(label, total=len(checks))
        for check, request in zip(checks, requests, strict=True):
            start, cpu = time.perf_counter(), time.thread_time()
            allowed = gate(check, request)
            cpu = time.thread_time() - cpu
            times.append(((time.perf_counter() - start) * 1000, cpu * 1000))
            if allowed != check.allowed:
                raise SystemExit(f"{label}: unexpected answer for {check}")
            bar.advance(task)
    return times


def queries_per_check(checks: list[Check]) -> dict[bool, int]:
    """SQL statements of one allowed and one refused check + log write."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for check in checks:
        if check.allowed in counts:
            continue
        with CaptureQueriesContext(connection) as captured:
            gate_direct(check, http_request(check))
        counts[check.allowed] = len(captured)
    return counts


def digest_rate(sample: int = 20_000) -> float:
    """`entry_digest` alone over entries already in memory, entries/s."""
    from access_control.models import AccessLogEntry
    from access_control.services import entry_digest

    entries = list(AccessLogEntry.objects.order_by("sequence")[:sample])
    start = time.perf_counter()
    for entry in entries:
        entry_digest(entry)
    return len(entries) / (time.perf_counter() - start)


def time_verify() -> tuple[int, float, float]:
    """Entries checked, wall seconds and this process's CPU seconds."""
    from access_control.services import access_log_verify

    with console.status("access_log_verify over the whole log …"):
        start, cpu = time.perf_counter(), time.process_time()
        report = access_log_verify()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if not report.ok:
        raise SystemExit(f"the chain does not verify: {report}")
    return report.checked, seconds, cpu


def percentiles(times: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def met(ok: bool) -> str:
    return "[green]met[/]" if ok else "[red]not met[/]"


def report_gate(series, queries: dict[bool, int]) -> None:
    table = Table(title="Access gate", title_justify="left")
    columns = ("measure", "p50 ms", "p95 ms", "p99 ms", "CPU p50", "CPU p95")
    for column in (*columns, "target", ""):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for label, times in series:
        for name, allowed in (("all", None), ("allowed", True), ("refused", False)):
            chosen = [t for t in times if allowed is None or t[2] == allowed]
            wall = percentiles([w for w, _c, _a in chosen])
            cpu = percentiles([c for _w, c, _a in chosen])
            target = f"p95 ≤ {P95_TARGET_MS:.0f}" if allowed is None else ""
            verdict = met(wall[1] <= P95_TARGET_MS) if allowed is None else ""
            figures = [f"{v:.2f}" for v in (*wall, *cpu[:2])]
            table.add_row(f"{label}, {name}", *figures, target, verdict)
    console.print(table)
    console.print(
        f"SQL statements per check + log write: {queries.get(True)} allowed, "
        f"{queries.get(False)} refused."
    )


def report_verify(verify, sha256: float, digests: float) -> None:
    checked, seconds, cpu = verify
    speed = checked / seconds
    table = Table(title="Access-log verification", title_justify="left")
    for column in ("measure", "rate", "target", ""):
        table.add_column(column, justify="left" if column == "measure" else "right")
    table.add_row("hashlib SHA-256 (1 MiB updates)", f"{sha256:.0f} MB/s", "", "")
    table.add_row("entry_digest alone, in memory", f"{digests:,.0f} entries/s", "", "")
    table.add_row(
        f"[bold]access_log_verify[/] ({checked:,} entries, {seconds:.1f} s)",
        f"[bold]{speed:,.0f} entries/s[/]",
        f"≥ {VERIFY_TARGET:,}",
        met(speed >= VERIFY_TARGET),
    )
    table.add_row(
        f"… per CPU second ({cpu:.1f} s of CPU)", f"{checked / cpu:,.0f} entries/s"
    )
    console.print(table)


def run(args, work: Path) -> None:
    print_machine(work)
    sha256, _runs = sha256_rate(os.urandom(64 * MiB))
    django_setup(work)
    from django.conf import settings

    # settings.dev logs every query under DEBUG: a cost no server pays.
    settings.DEBUG = False
    world = world_load() if args.reuse else populate(args.grants, args.entries)
    checks = checks_draw(world, args.checks)
    queries = queries_per_check(checks)
    series = []
    for label, gate in (
        ("content_decision + log", gate_direct),
        ("read_pass + log (view)", gate_view),
    ):
        times = time_gate(label, gate, checks)
        allowed = [c.allowed for c in checks]
        series.append((label, [(*t, a) for t, a in zip(times, allowed, strict=True)]))
    report_gate(series, queries)
    digests = digest_rate()
    report_verify(time_verify(), sha256, digests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grants", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--checks", type=int, default=2000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--reuse", type=Path, default=None)
    args = parser.parse_args()
    work = args.reuse or Path(tempfile.mkdtemp(prefix="bench-access-", dir=args.dir))
    started = time.perf_counter()
    try:
        run(args, work)
        console.print(f"Total {time.perf_counter() - started:.0f} s.")
    finally:
        if args.keep or args.reuse:
            console.print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
