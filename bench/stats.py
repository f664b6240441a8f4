"""The statistics dashboards (统计分析) over 100,000 cases and 1,000,000 materials.

Fills a throwaway database (SQLite in a temporary folder, or the empty
PostgreSQL database given with `--postgres URL`) by `bulk_create`, nothing
timed: one agency with four sections; `--cases` cases received from 2017 to
2026 (China time) over every category, one in ten with a 移交日期, one in
fifty 历史补录; ten materials each (`--materials` in all); two officers; a
regulation check event with 0–4 findings and its `CaseFinding` rows (as
`case_event_record` writes them, in bulk); a sealed dossier whose retention
ends within 2026–2045 (one in ten 永久); one package in two locations per
sealed dossier; one access request per ten cases and one 政府信息公开
application per fifty.

Then renders every dashboard page through the admin (Django's test client,
logged in as the agency's archivist: middleware, form, SQL, SVG and
template), `--runs` times after one warm-up, for this year (the default
filter) and for ten years (every case), and prints p50 and p95 per page
beside the machine and its load average. The goal: p95 ≤ 1 s.
"""

import argparse
import datetime as dt
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from ingest_machine import console, load_average, print_machine
from ingest_runs import django_setup
from rich.table import Table

BATCH = 5000
GOAL_SECONDS = 1.0
CHINA = ZoneInfo("Asia/Shanghai")
SECTIONS = ("法制科", "执法一科", "执法二科", "综合科")
CATEGORIES = (
    "administrative_penalty", "administrative_penalty", "administrative_penalty",
    "administrative_inspection", "administrative_coercion", "administrative_licensing",
)  # fmt: skip
RULES = (
    ("archived_late", "warning", "000 §33；003 §26", "归档"),
    ("av_missing", "error", "001 §16", "音像记录"),
    ("numbering_gap", "warning", "000 §33", "归档"),
    ("service_proof_missing", "warning", "000 §27", "送达"),
    ("long_term_retention", "info", "004 §19", "归档"),
)
OFFICERS = [f"执法员{n:03d}" for n in range(200)]


def _case(agency_id: int, i: int, rng: random.Random):
    from dossiers.models import Case

    day = (rng.randint(2017, 2026), rng.randint(1, 12), rng.randint(1, 28))
    received = dt.datetime(*day, rng.randint(0, 23), tzinfo=CHINA)
    closed = (received - dt.timedelta(days=rng.randint(3, 60))).date()
    transferred = (
        closed + dt.timedelta(days=rng.randint(1, 40)) if i % 10 == 0 else None
    )
    return Case(
        agency_id=agency_id,
        case_number=f"基准罚〔{closed.year}〕{i}号",
        title="某公司未按规定开展安全培训案",
        category=CATEGORIES[i % len(CATEGORIES)],
        procedure="ordinary",
        initiation="ex_officio",
        closed_on=closed,
        transferred_on=transferred,
        back_capture=i % 50 == 0,
        department=SECTIONS[i % len(SECTIONS)],
        package_fingerprint="0" * 64,
        ingested_at=received,
    )


def _materials(case, per_case: int, rng: random.Random):
    from dossiers.models import Material

    for n in range(1, per_case + 1):
        video = n == per_case
        yield Material(
            case_id=case.pk, sequence=n, path=f"data/materials/{n:02d}.pdf",
            original_name=f"{n:02d}.pdf", stage="investigation",
            form="video" if video else "text", doc_type="询问笔录", title="询问笔录",
            date=case.closed_on, media_type="video/mp4" if video else "application/pdf",
            size=rng.randint(50_000, 80_000_000 if video else 2_000_000),
            digest=f"{case.pk:032x}{n:032x}",
        )  # fmt: skip


def _report(case, size: int, per_case: int):
    from preservation.models import IngestReport

    return IngestReport(
        package_name=f"{case.pk}.zip", received_at=case.ingested_at,
        status="accepted", case_id=case.pk, case_number=case.case_number,
        file_count=per_case, byte_count=size,
    )  # fmt: skip


def _check(case, rng: random.Random):
    from dossiers.models import CaseEvent

    found = [
        {"code": c, "severity": s, "article": a, "category": k, "message": "…",
         "path": "", "detail": {}}
        for c, s, a, k in rng.sample(RULES, rng.randint(0, 4))
    ]  # fmt: skip
    return CaseEvent(
        case_id=case.pk, event_type="regulation_check",
        event_datetime=case.ingested_at, event_outcome="warning",
        event_outcome_detail={"findings": found}, linking_agent="ingest",
    )  # fmt: skip


def _officers(case, rng: random.Random):
    from dossiers.models import Officer

    for name in rng.sample(OFFICERS, 2):
        yield Officer(case_id=case.pk, name=name, certificate=f"证{name}")


def _dossier(case, i: int, rng: random.Random):
    from dossiers.models import Dossier

    permanent = i % 10 == 0
    end = dt.date(rng.randint(2026, 2045), 12, 31)
    return Dossier(
        case_id=case.pk, state="sealed", archival_code=f"B-{i:07d}",
        archive_number=f"{i:08d}", title=case.title, period_end=case.closed_on,
        retention="permanent" if permanent else "30y", template="chronological",
        retention_end=None if permanent else end,
    )  # fmt: skip


def _package(dossier, i: int, rng: random.Random):
    from preservation.models import Package

    created = dossier.case_ingested_at + dt.timedelta(days=rng.randint(1, 30))
    return Package(
        created_at=created,
        dossier_id=dossier.pk, identifier=f"pkg-{i}", relative_path=f"aips/{i}",
        tagmanifest_sha256="0" * 64, payload_oxum="1.1", file_count=11,
        byte_count=rng.randint(1_000_000, 200_000_000),
    )  # fmt: skip


def _copies(package, rng: random.Random):
    from preservation.models import PackageCopy

    checked = dt.datetime(2026, rng.randint(1, 11), rng.randint(1, 28), tzinfo=CHINA)
    for location in ("primary", "replica"):
        outcome = "failed" if rng.random() < 0.001 else "ok"
        yield PackageCopy(package_id=package.pk, location=location,
                          last_checked_at=checked, last_outcome=outcome)  # fmt: skip


def _fill_batch(agency, user, numbers, per_case, rng) -> None:
    from access_control.models import AccessRequest
    from dossiers.models import CaseEvent, Dossier, Material, Officer
    from preservation.models import IngestReport, Package, PackageCopy

    cases = _bulk(
        type(_case(agency.pk, 0, rng)), [_case(agency.pk, i, rng) for i in numbers]
    )
    materials = [m for c in cases for m in _materials(c, per_case, rng)]
    Material.objects.bulk_create(materials, batch_size=BATCH)
    sizes = dict.fromkeys((c.pk for c in cases), 0)
    for m in materials:
        sizes[m.case_id] += m.size
    IngestReport.objects.bulk_create(_report(c, sizes[c.pk], per_case) for c in cases)
    checks = CaseEvent.objects.bulk_create(_check(c, rng) for c in cases)
    officers = Officer.objects.bulk_create(o for c in cases for o in _officers(c, rng))
    _finding_rows(cases, checks, officers)
    pairs = list(zip(cases, numbers, strict=True))
    dossiers = Dossier.objects.bulk_create(_dossier(c, i, rng) for c, i in pairs)
    for dossier, case in zip(dossiers, cases, strict=True):
        dossier.case_ingested_at = case.ingested_at
    packages = Package.objects.bulk_create(
        _package(d, i, rng) for d, i in zip(dossiers, numbers, strict=True)
    )
    PackageCopy.objects.bulk_create(c for p in packages for c in _copies(p, rng))
    AccessRequest.objects.bulk_create(
        AccessRequest(number=f"CY-{i}", requester=user, case_id=c.pk,
                      kind=("view", "copy", "loan", "retrieval")[i % 4],
                      status=("pending", "approved", "refused", "withdrawn")[i % 4 - 1],
                      reason="工作需要", rule="chief",
                      created_at=c.ingested_at + dt.timedelta(days=i % 300))
        for c, i in pairs if i % 10 == 0
    )  # fmt: skip


def _finding_rows(cases, checks, officers) -> None:
    """The statistics' finding rows, as `case_event_record` writes them with
    each check (`finding_rows`), in bulk."""
    from dossiers.models import CaseFinding
    from dossiers.services.findings import finding_rows

    by_case = {}
    for officer in officers:
        by_case.setdefault(officer.case_id, []).append(officer)
    rows = (
        row
        for case, event in zip(cases, checks, strict=True)
        for row in finding_rows(
            case, event.event_outcome_detail["findings"], by_case.get(case.pk, [])
        )
    )
    CaseFinding.objects.bulk_create(rows, batch_size=BATCH)


def _bulk(model, rows):
    return model.objects.bulk_create(rows)


def populate(count: int, materials: int, seed: int):
    """The world; returns the agency's archivist."""
    from django.contrib.auth import get_user_model

    from access_control.models import Role
    from access_control.roles import membership_set
    from dossiers.models import Agency

    rng = random.Random(seed)
    _dates_as_given()
    agency = Agency.objects.order_by("pk").first()
    user = get_user_model().objects.create_user("bench-keeper")
    membership_set(user=user, agency=agency, role=Role.ARCHIVIST)
    per_case = max(1, materials // count)
    started = time.perf_counter()
    for first in range(0, count, BATCH):
        numbers = range(first, min(first + BATCH, count))
        _fill_batch(agency, user, list(numbers), per_case, rng)
        done = numbers.stop
        if done % (BATCH * 4) == 0 or done == count:
            rate = done / (time.perf_counter() - started)
            console.print(f"filled {done:,} cases ({rate:,.0f}/s)")
    _applications(agency, count // 50, rng)
    return user


def _dates_as_given() -> None:
    """Keep the dates the bench gives (receipt, package, request) instead of
    `auto_now_add`'s now: the world spans ten years."""
    from access_control.models import AccessRequest
    from dossiers.models import Case
    from preservation.models import IngestReport, Package

    for model, name in ((Case, "ingested_at"), (Package, "created_at"),
                        (AccessRequest, "created_at"),
                        (IngestReport, "received_at")):  # fmt: skip
        model._meta.get_field(name).auto_now_add = False


def _applications(agency, count: int, rng: random.Random) -> None:
    from access_control.disclosure.models import DisclosureApplication

    def one(n):
        received = dt.date(
            rng.randint(2017, 2026), rng.randint(1, 12), rng.randint(1, 28)
        )
        answered = received + dt.timedelta(days=rng.randint(5, 40))
        return DisclosureApplication(
            agency=agency, number=f"GK-{n}", query_code_digest="0" * 64,
            applicant_type="person", name="王某", id_kind="resident_id",
            id_number="110101199001011234", phone="13800000000", address="某地",
            description="某信息", delivery_form="paper", pickup_method="post",
            channel="online", received_on=received, status="answered",
            submitted_at=dt.datetime.combine(received, dt.time(9), tzinfo=CHINA),
            outcome=("release", "partial", "withhold", "unable")[n % 4],
            answered_on=answered, due_on=received + dt.timedelta(days=30),
        )  # fmt: skip

    DisclosureApplication.objects.bulk_create(one(n) for n in range(count))


def measure(user, runs: int) -> list[tuple[str, str, float, float]]:
    from django.test import Client

    from archive_site.stats.registry import DASHBOARDS

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    periods = {
        "this year": {},
        "ten years": {"start": "2017-01-01", "end": "2026-12-31"},
    }
    rows = []
    for period, query in periods.items():
        for dashboard in DASHBOARDS:
            url = f"/admin/archive/stats/{dashboard.key}/"
            seconds = _times(lambda u=url, q=query: _get(client, u, q), runs)
            rows.append((dashboard.title, period, *_p50_p95(seconds)))
            console.print(f"{dashboard.title} ({period}): p95 {rows[-1][3]:.3f} s")
    return rows


def _get(client, url: str, query: dict) -> None:
    response = client.get(url, query)
    if response.status_code != 200 or b"<caption>" not in response.content:
        raise RuntimeError(f"{url}: {response.status_code}")


def _times(fn, runs: int) -> list[float]:
    fn()  # warm-up
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return seconds


def _p50_p95(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def report(rows, count: int, materials: int) -> None:
    from django.db import connection

    world = f"{count:,} cases, {materials:,} materials"
    title = f"dashboards over {world} ({connection.vendor})"
    table = Table(title=title)
    for column in ("dashboard", "period", "p50 s", "p95 s", f"p95 ≤ {GOAL_SECONDS} s"):
        table.add_column(column)
    for name, period, p50, p95 in rows:
        ok = "yes" if p95 <= GOAL_SECONDS else "NO"
        table.add_row(name, period, f"{p50:.3f}", f"{p95:.3f}", ok)
    console.print(table)
    console.print(f"load average at the end: {load_average()}")


def run(args, work: Path) -> None:
    print_machine(work)
    django_setup(work, database_url=args.postgres)
    from django.conf import settings

    settings.DEBUG = False  # settings.dev keeps every query under DEBUG
    started = time.perf_counter()
    if args.measure_only:  # a database a previous run filled (--postgres)
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username="bench-keeper")
    else:
        user = populate(args.cases, args.materials, args.seed)
    console.print(f"filled in {time.perf_counter() - started:.0f} s (not timed).")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    import time_machine

    # "This year" is 2026, whatever the machine's clock says.
    with time_machine.travel(dt.datetime(2026, 12, 5, 10, tzinfo=CHINA), tick=True):
        report(measure(user, args.runs), args.cases, args.materials)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--materials", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--postgres", default="", help="URL of an empty PostgreSQL database"
    )
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="with --postgres: time the pages over what an earlier run filled",
    )
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-stats-", dir=args.dir))
    started = time.perf_counter()
    try:
        run(args, work)
        console.print(f"Total {time.perf_counter() - started:.0f} s.")
    finally:
        if args.keep:
            console.print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
