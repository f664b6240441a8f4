"""Ingest: from a submission package to a case in the archive.

`package_ingest` is the one entry point used by the command, the admin upload
and (later) the API. It unpacks, validates the bag and its metadata, copies
every original into content-addressed storage while verifying its checksum,
identifies and checks each file, and records the case with its history, all or
nothing. Whatever happens, it returns an `IngestReport`; only an unexpected
exception propagates, after cleaning up what this run created.

Cleaning up never takes an object from another run: an object is removed only
if this run created it, no material refers to it, and nobody has stored the
same bytes since (see `storage.object_remove_if_untouched`); anything else is
left to the storage janitor's collector, after its grace period.
"""

import hashlib
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dossiers.models import Case, EventOutcome, EventType
from dossiers.rules import case_check
from dossiers.services import (
    case_create,
    case_event_record,
)
from preservation.models import IngestReport, IngestStatus
from preservation.problems import Finding, PackageRefused, Problem, Severity
from preservation.profile import CASE_JSON
from preservation.selectors import objects_unreferenced
from preservation.services import storage
from preservation.services.ingest.bags import bag_read, checksum_problem
from preservation.services.ingest.four_checks import (
    check_case,
    check_source_organization,
)
from preservation.services.ingest.producers import agency_for_submission
from preservation.services.ingest.storing import store_all
from preservation.services.ingest.submission import (
    Submission,
    problems_placed,
    submission_read,
)
from preservation.services.ingest.unpack import (
    StagedFiles,
    package_unpack,
    staging_remove,
)
from preservation.tasks import case_texts_schedule

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int], None]


@dataclass
class IngestRun:
    """What one ingest run has done so far, so that it can be undone."""

    package_name: str
    user: Any
    progress: ProgressCallback | None
    required: Any = None  # the only agency allowed, if any
    # digest -> mtime of the objects this run created, as it left them
    created: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    submission: Submission | None = None
    agency: Any = None
    bag_info: dict[str, str] = field(default_factory=dict)
    file_count: int = 0
    byte_count: int = 0
    # files of an archive, hashed as they were unpacked (none for a directory)
    staged: StagedFiles = field(default_factory=StagedFiles)


def package_ingest(
    *,
    source: Path,
    user=None,
    package_name: str | None = None,
    progress: ProgressCallback | None = None,
    agency=None,
) -> IngestReport:
    """Ingest one submission package.

    Args:
        source: a bag directory, or a .zip/.tar/.tar.gz holding one.
        user: the person submitting, if any.
        package_name: the name to report (an upload's original file name).
        progress: called with (payload path, bytes) after each file is stored.
        agency: the only agency the package may belong to (an API token's).

    Returns:
        The saved report: accepted, refused (with errors) or duplicate.
    """
    run = IngestRun(package_name or source.name, user, progress, required=agency)
    staging_parent = Path(settings.ARCHIVE_STAGING)
    staging_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="sip-", dir=staging_parent))
    try:
        return _ingest(run, source, staging)
    except PackageRefused as refusal:
        _discard_objects(run)
        return _report_refused(run, refusal)
    except BaseException:
        _discard_objects(run)
        raise
    finally:
        staging_remove(staging)


def _ingest(run: IngestRun, source: Path, staging: Path) -> IngestReport:
    root = package_unpack(source, staging, name=run.package_name, staged=run.staged)
    bag = bag_read(root)
    run.bag_info = bag.info
    run.submission = submission = submission_read(bag)
    # Before anything is stored: only registered agencies the user holds.
    run.agency = agency_for_submission(
        declared=submission.case["agency"], user=run.user, required=run.required
    )
    fingerprint = package_fingerprint(bag.payload)
    existing = _existing_case(submission)
    if existing is not None:
        # Even a resubmission is validated in full: a damaged copy of an
        # archived package is refused, not waved through as a duplicate.
        _verify_payload(run, submission)
        return _report_existing(run, existing, fingerprint)
    stored = store_all(run, submission)
    run.findings += check_case(submission.document)
    run.findings += check_source_organization(
        declared=submission.case["agency"]["name"],
        organization=submission.bag.info.get("Source-Organization", ""),
    )
    blocking = [f for f in run.findings if f.blocking]
    if blocking:
        raise PackageRefused(
            [Problem(f.code, f.message, f.path) for f in blocking], run.findings
        )
    try:
        return _record(run, submission, stored, fingerprint)
    except (IntegrityError, ValidationError):
        # Another ingest of the same case number committed first: the unique
        # constraint fails in case_create's full_clean() (ValidationError) or,
        # in a closer race, on insert (IntegrityError).
        existing = _existing_case(submission)
        if existing is None:
            raise
        _discard_objects(run)
        return _report_existing(run, existing, fingerprint)


def package_fingerprint(payload: dict[str, dict[str, str]]) -> str:
    """A digest of the payload manifest: equal packages have equal fingerprints."""
    lines = []
    for rel in sorted(payload):
        algorithm = "sha256" if "sha256" in payload[rel] else "sha512"
        lines.append(f"{algorithm}:{payload[rel][algorithm]} {rel}\n")
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def _existing_case(submission: Submission) -> Case | None:
    return Case.objects.filter(
        agency__code=submission.case["agency"]["code"],
        case_number=submission.case_number,
    ).first()


def _verify_payload(run: IngestRun, submission: Submission) -> None:
    problems = []
    for rel, expected in submission.bag.payload.items():
        found = run.staged.digests(submission.bag.file(rel), tuple(expected))
        for algorithm, digest in expected.items():
            if found[algorithm] != digest:
                problems.append(
                    checksum_problem(rel, algorithm, digest, found[algorithm])
                )
    if problems:
        raise PackageRefused(problems)


@transaction.atomic
def _record(
    run: IngestRun, submission: Submission, stored: list, fingerprint: str
) -> IngestReport:
    case = case_create(
        agency=run.agency,
        data=submission.case,
        materials=stored,
        bag_info=submission.bag.info,
        fingerprint=fingerprint,
        user=run.user,
    )
    _record_events(run, case, submission)
    _record_regulation_check(run, case)
    case_texts_schedule(case=case)
    return _report_save(run, IngestStatus.ACCEPTED, case=case, fingerprint=fingerprint)


def _record_regulation_check(run: IngestRun, case: Case) -> None:
    """Check the case against the regulations; findings never refuse a package.

    What the rules find is for the archivist to review before sealing (a
    missing recording cannot be produced after the fact); the report and the
    `--json` output carry them with their articles.
    """
    seen = {(f.code, f.path) for f in run.findings}
    found = [
        f
        for f in case_check(case, archived_on=timezone.localdate())
        if (f.code, f.path) not in seen
    ]
    run.findings += found
    blocking = [f for f in found if f.blocking]
    case_event_record(
        case=case,
        event_type=EventType.REGULATION_CHECK,
        user=run.user,
        agent="ingest",
        outcome=EventOutcome.WARNING if found else EventOutcome.SUCCESS,
        detail=f"规范性检查发现 {len(found)} 项问题，其中严重 {len(blocking)} 项。",
        outcome_detail={"findings": [f.as_dict() for f in found]},
    )


def _record_events(run: IngestRun, case: Case, submission: Submission) -> None:
    now = timezone.now()
    common = {"case": case, "user": run.user, "agent": "ingest", "at": now}
    case_event_record(
        event_type=EventType.VALIDATION,
        detail=f"BagIt {submission.bag.version} 包结构、清单与提交规范校验通过。",
        outcome_detail={"algorithms": submission.bag.algorithms},
        **common,
    )
    case_event_record(
        event_type=EventType.FIXITY_CHECK,
        detail=f"{run.file_count} 个文件的校验值与清单一致。",
        outcome_detail={"files": run.file_count, "bytes": run.byte_count},
        **common,
    )
    case_event_record(
        event_type=EventType.FORMAT_IDENTIFICATION,
        detail="按内容识别全部文件格式。",
        outcome_detail=_media_type_counts(case),
        **common,
    )
    warnings = [f for f in run.findings if f.severity != Severity.INFO]
    case_event_record(
        event_type=EventType.FOUR_PROPERTY_CHECK,
        outcome=EventOutcome.WARNING if warnings else EventOutcome.SUCCESS,
        detail=f"四性检测完成，发现 {len(run.findings)} 项问题。",
        outcome_detail={"findings": [f.as_dict() for f in run.findings]},
        **common,
    )
    case_event_record(
        event_type=EventType.INGESTION,
        detail=f"提交包 {run.package_name} 接收入库。",
        **common,
    )


def _media_type_counts(case: Case) -> dict[str, int]:
    counts: dict[str, int] = {}
    for media_type in case.materials.values_list("media_type", flat=True):
        counts[media_type] = counts.get(media_type, 0) + 1
    return counts


def _report_existing(run: IngestRun, case: Case, fingerprint: str) -> IngestReport:
    if case.package_fingerprint == fingerprint:
        return _report_save(
            run, IngestStatus.DUPLICATE, case=case, fingerprint=fingerprint
        )
    problem = Problem(
        "case_already_archived",
        f"案号 {case.case_number} 已归档，且本次提交的内容与已归档的不同；"
        "已归档案件不能被覆盖或合并，如需更正请走新版本流程。",
        CASE_JSON,
        "case.case_number",
    )
    return _report_save(
        run, IngestStatus.REFUSED, errors=[problem], fingerprint=fingerprint
    )


def _report_refused(run: IngestRun, refusal: PackageRefused) -> IngestReport:
    run.findings = refusal.findings or run.findings
    errors = refusal.problems
    if run.submission is not None:  # later steps know the file, not the line
        errors = problems_placed(errors, run.submission.bag)
    return _report_save(run, IngestStatus.REFUSED, errors=errors)


def _report_save(
    run: IngestRun,
    status: str,
    *,
    case: Case | None = None,
    errors: list[Problem] | None = None,
    fingerprint: str = "",
) -> IngestReport:
    case_data = run.submission.case if run.submission else {}
    identifier = run.bag_info.get("External-Identifier", "")
    organization = run.bag_info.get("Source-Organization", "")
    report = IngestReport(
        package_name=run.package_name,
        finished_at=timezone.now(),
        submitted_by=run.user,
        status=status,
        case=case,
        case_number=str(case_data.get("case_number", identifier))[:100],
        agency_name=str((case_data.get("agency") or {}).get("name", organization))[
            :200
        ],
        fingerprint=fingerprint,
        file_count=run.file_count,
        byte_count=run.byte_count,
        errors=[p.as_dict() for p in errors or []],
        findings=[f.as_dict() for f in run.findings],
    )
    report.full_clean(exclude=["case", "submitted_by"])
    report.save()
    return report


def _discard_objects(run: IngestRun) -> None:
    """Remove the objects this run created that nobody else uses or reused."""
    unreferenced = objects_unreferenced(run.created)
    for digest, mtime_ns in run.created.items():
        if digest in unreferenced:
            storage.object_remove_if_untouched(digest, mtime_ns=mtime_ns)
    run.created.clear()
