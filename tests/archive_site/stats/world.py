"""A small, hand-counted world for the statistics tests.

Agency `mine` (归档期限 20 日) and agency `theirs`; "today" is 2026-06-15 in
China. Every number the tests assert is counted by hand in the comments here.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from access_control.disclosure.models import DisclosureApplication
from access_control.models import AccessRequest
from dossiers.devices.models import AvProblem, AvRecording
from dossiers.findings import Severity
from dossiers.models import Case, CaseEvent, Dossier, EventType, Officer
from dossiers.services import case_event_record
from preservation.models import IngestReport, IngestStatus, Package, PackageCopy
from tests.dossiers.factories import add_material, make_agency, make_case
from tests.preservation.retention.helpers import sealed_row

CHINA = ZoneInfo("Asia/Shanghai")
TODAY = dt.datetime(2026, 6, 15, 10, 0, tzinfo=CHINA)
MiB = 1024 * 1024


def china(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHINA)


def archived(case: Case, moment: dt.datetime) -> Case:
    Case.objects.filter(pk=case.pk).update(ingested_at=moment)
    case.refresh_from_db()
    return case


def finding(code, severity, article="000 §33", category="归档") -> dict:
    return {"code": code, "severity": severity, "article": article,
            "category": category, "message": "…", "path": "", "detail": {}}  # fmt: skip


def check(case, event_type, *found, at=None) -> CaseEvent:
    """A check recorded as ingest and corrections record it (its rows too)."""
    return case_event_record(
        case=case,
        event_type=event_type,
        at=at or case.ingested_at,
        outcome="warning",
        outcome_detail={"findings": list(found)},
        agent="ingest",
    )


def build(user) -> dict:
    mine, theirs = make_agency(), make_agency()
    cases = _cases(mine, theirs)
    _findings(cases)
    _av(cases)
    _requests(cases, user)
    _disclosure(mine, theirs)
    _retention_and_storage(cases)
    return {"mine": mine, "theirs": theirs, **cases}


def _cases(mine, theirs) -> dict:
    c = {}
    # January: 23:30 on 31 January in Beijing (15:30 UTC). Closed on 5 January:
    # 26 days, late against 20.
    c["c1"] = archived(
        make_case(mine, department="法制科", closed_on=dt.date(2026, 1, 5),
                  opened_on=dt.date(2026, 1, 1)),
        china(2026, 1, 31, 23, 30),
    )  # fmt: skip
    # February: 00:30 on 1 February in Beijing is still 31 January in UTC.
    # 12 days: on time. A 行政许可 case.
    c["c2"] = archived(
        make_case(mine, department="执法一科", category="administrative_licensing",
                  closed_on=dt.date(2026, 1, 20), opened_on=dt.date(2026, 1, 2)),
        china(2026, 2, 1, 0, 30),
    )  # fmt: skip
    # February, transferred 15 days after closing (received later): on time.
    c["c3"] = archived(
        make_case(mine, department="法制科", closed_on=dt.date(2026, 1, 10),
                  opened_on=dt.date(2026, 1, 3), transferred_on=dt.date(2026, 1, 25)),
        china(2026, 2, 10, 12, 0),
    )  # fmt: skip
    # March: a 历史补录 case, counted apart.
    c["c4"] = archived(
        make_case(mine, department="执法一科", back_capture=True,
                  closed_on=dt.date(2020, 1, 1), opened_on=dt.date(2019, 12, 1)),
        china(2026, 3, 5, 9, 0),
    )  # fmt: skip
    # Another agency's, January: never in mine's figures.
    c["c5"] = archived(make_case(theirs), china(2026, 1, 15, 9, 0))
    # The last minute of 2025 in Beijing: December 2025, outside 2026.
    c["c6"] = archived(make_case(mine), china(2025, 12, 31, 23, 59))
    return c


def _findings(c) -> None:
    # The officers come with the case (ingest creates them before its check).
    for case, name in ((c["c1"], "张伟"), (c["c1"], "李娜"), (c["c2"], "张伟")):
        Officer.objects.create(case=case, name=name, certificate=f"证{name}")
    check(c["c1"], EventType.REGULATION_CHECK,
          finding("archived_late", Severity.WARNING),
          finding("av_missing", Severity.ERROR, "001 §16", "音像记录"),
          finding("long_term_retention", Severity.INFO))  # fmt: skip
    # A correction re-ran the checks: only archived_late is left for c1.
    check(c["c1"], EventType.METADATA_CORRECTED,
          finding("archived_late", Severity.WARNING),
          at=china(2026, 2, 2, 9, 0))  # fmt: skip
    check(c["c2"], EventType.REGULATION_CHECK,
          finding("av_missing", Severity.ERROR, "001 §16", "音像记录"),
          finding("numbering_gap", Severity.WARNING))  # fmt: skip
    check(c["c5"], EventType.REGULATION_CHECK,
          finding("av_missing", Severity.ERROR, "001 §16", "音像记录"))  # fmt: skip


def _av(c) -> None:
    # 法制科: one recording made by 张伟 and 李娜 (primary for 张伟), its
    # device unregistered; 执法一科: one by 张伟, stored late; theirs: one.
    for case, makers, code in (
        (c["c1"], ["张伟", "李娜"], "device_unregistered"),
        (c["c2"], ["张伟"], "stored_late"),
        (c["c5"], ["王五"], "stored_late"),
    ):
        video = add_material(case, "执法记录仪录像", form="video")
        for n, name in enumerate(makers):
            common = {"case": case, "agency": case.agency, "year": 2026,
                      "department": case.department, "officer": name,
                      "primary": n == 0}  # fmt: skip
            AvRecording.objects.create(material=video, device="D1", **common)
            AvProblem.objects.create(material=video, code=code, **common)


def _request(case, user, kind, status, at, n) -> None:
    request = AccessRequest.objects.create(
        number=f"CY2026-{n}", requester=user, case=case, kind=kind,
        status=status, reason="工作需要", rule="chief",
    )  # fmt: skip
    AccessRequest.objects.filter(pk=request.pk).update(created_at=at)


def _requests(c, user) -> None:
    # Mine in 2026: 查阅 2 (批准 1, 不予批准 1), 复制 1 (待审批).
    _request(c["c1"], user, "view", "approved", china(2026, 3, 1, 9, 0), 1)
    _request(c["c1"], user, "view", "refused", china(2026, 3, 2, 9, 0), 2)
    _request(c["c2"], user, "copy", "pending", china(2026, 1, 1, 0, 30), 3)
    _request(c["c5"], user, "view", "approved", china(2026, 3, 1, 9, 0), 4)
    _request(c["c1"], user, "loan", "withdrawn", china(2025, 12, 31, 23, 0), 5)


def _application(agency, n, outcome, answered, due) -> None:
    DisclosureApplication.objects.create(
        agency=agency, number=f"GK2026-{n}", query_code_digest="0" * 64,
        applicant_type="person", name="王某", id_kind="resident_id",
        id_number="110101199001011234", phone="13800000000", address="某地",
        description="某信息", delivery_form="paper", pickup_method="post",
        channel="online", submitted_at=china(2026, 1, 5, 9, 0),
        received_on=dt.date(2026, 1, 5), status="answered", outcome=outcome,
        answered_on=answered, due_on=due,
    )  # fmt: skip


def _disclosure(mine, theirs) -> None:
    # Mine, answered in 2026: 予以公开 1 (on time), 不予公开 1 (late).
    _application(mine, 1, "release", dt.date(2026, 2, 10), dt.date(2026, 2, 20))
    _application(mine, 2, "withhold", dt.date(2026, 3, 30), dt.date(2026, 3, 20))
    _application(mine, 3, "release", dt.date(2025, 12, 30), dt.date(2025, 12, 31))
    _application(theirs, 4, "release", dt.date(2026, 2, 10), dt.date(2026, 2, 20))


def _retention_and_storage(c) -> None:
    # Due in 2026 (1) and 2035 (1); 2036 is past the ten years; overdue 1;
    # 永久 1; a superseded version is not counted.
    d1 = sealed_row(c["c1"], retention_end=dt.date(2026, 12, 31))
    Dossier.objects.create(
        case=c["c2"], version=1, state="superseded", archival_code="S-1",
        archive_number="S0000001", title="旧版", period_end=c["c2"].closed_on,
        retention="30y", template="chronological",
        retention_end=dt.date(2027, 12, 31),
    )  # fmt: skip
    sealed_row(c["c3"], retention_end=dt.date(2035, 12, 31))
    sealed_row(c["c4"], retention_end=None)
    sealed_row(c["c6"], retention_end=dt.date(2025, 12, 31))
    sealed_row(c["c5"], retention_end=dt.date(2026, 12, 31))
    # Received: 5 MiB before 2026 (c6), 3 MiB in January (c1), 3 in
    # February (c2), each when its case was; a refused package counts nothing.
    for case, size in ((c["c6"], 5), (c["c1"], 3), (c["c2"], 3), (c["c5"], 7)):
        _received(case, size * MiB, IngestStatus.ACCEPTED)
    _received(c["c1"], 9 * MiB, IngestStatus.REFUSED)
    add_material(c["c1"], "立案审批表", size=1 * MiB)
    _package(d1)


def _received(case, size: int, status: str) -> None:
    report = IngestReport.objects.create(
        package_name="p.zip", status=status, case=case, byte_count=size
    )
    IngestReport.objects.filter(pk=report.pk).update(received_at=case.ingested_at)


def _package(dossier) -> None:
    # 1 MiB, written at midnight of 1 February in Beijing: February's.
    package = Package.objects.create(
        dossier=dossier, identifier="pkg-1", relative_path="aips/pkg-1",
        tagmanifest_sha256="0" * 64, payload_oxum="1.1", file_count=1,
        byte_count=MiB,
    )  # fmt: skip
    Package.objects.filter(pk=package.pk).update(created_at=china(2026, 2, 1, 0, 0))
    checked = china(2026, 5, 20, 3, 0)
    for location, outcome in (("primary", "ok"), ("replica", "failed")):
        PackageCopy.objects.create(
            package=package,
            location=location,
            last_checked_at=checked,
            last_outcome=outcome,
        )
