"""Rebuilding the catalogue from the archival packages alone (invariant 4).

`catalogue_rebuild` finds every bag under a folder (a storage location, its
replica, a restored disc), validates each with bagit-python in full (`found`), and
recreates each case once, from its newest valid package, whose metadata lists
every dossier version up to it. For each case, in one transaction:

- the originals go back into content-addressed storage, each verified against
  the digest the catalogue had recorded (`originals`);
- the agency, case, parties, officers, materials, dossier versions and their
  order, the ingest report and the event history are recreated from the
  package metadata (`preservation.services.aips.case_restore`);
- every package of the case that was found gets its `Package` row and one
  `PackageCopy` per storage location; a location that lacks the package gets
  a copy of the validated one (`copies`);
- one event records the rebuild in the case's history.

Disposition (issue #14) comes from the batches' own packages (the 销毁清册,
`registers/…`), read by `batches`: a dossier package they list as destroyed
is never imported, even if a copy of it survived (it is reported, for a
person to destroy); after the live cases, the tombstones of destroyed cases,
the batches with their items, exclusions and witnesses, and the
re-appraisals they approved are restored. Last, each agency's retention
register package (`registers/<全宗号>/retention/…`, read by `registers`)
restores its 保管期限表 and the holds no dossier package recorded — placed
or released after the case's newest package.

A package that fails validation, or whose metadata cannot be used, is reported
and not imported; the other cases are. The catalogue must be empty unless
`merge` is asked for, and then cases already in it are skipped and reported.
What to do with the report (print it, exit non-zero) is left to the caller.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from dossiers.models import Case, EventType
from dossiers.services import case_event_record
from preservation.models import Package
from preservation.problems import ReportLine
from preservation.services.aips import Restored, case_restore
from preservation.services.rebuild.batches import (
    batches_newest,
    batches_restore,
    destroyed_identifiers,
)
from preservation.services.rebuild.copies import packages_record
from preservation.services.rebuild.found import (
    IMPORT_ERRORS,
    BatchFound,
    Found,
    RegisterFound,
    Unusable,
    bag_paths,
    bag_read,
    newest_first,
)
from preservation.services.rebuild.originals import (
    originals_discard,
    originals_restore,
)
from preservation.services.rebuild.registers import registers_restore
from preservation.tasks import case_texts_schedule

AGENT = "enforcement-archive catalogue rebuild"

ProgressCallback = Callable[[int, int, Path], None]


class CatalogueNotEmpty(Exception):
    """The catalogue already holds cases and merging was not asked for."""


@dataclass(frozen=True)
class RebuildMessage(ReportLine):
    package: str
    message: str


@dataclass
class RebuildReport:
    """The outcome of one rebuild: counts, problems and notes, each per package.

    `problems` are packages (or copies) that are damaged or could not be
    imported; `notes` are what the operator should know but need not fix
    (skipped cases, copies put back, users missing from this installation).
    """

    root: str
    packages_read: int = 0
    cases_created: int = 0
    dossiers_created: int = 0
    packages_recorded: int = 0
    originals_restored: int = 0
    tombstones_created: int = 0
    batches_restored: int = 0
    holds_restored: int = 0
    schedule_rules_restored: int = 0
    problems: list[RebuildMessage] = field(default_factory=list)
    notes: list[RebuildMessage] = field(default_factory=list)

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(RebuildMessage(str(path), message))

    def note(self, path: Path, message: str) -> None:
        self.notes.append(RebuildMessage(str(path), message))

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def catalogue_rebuild(
    *, root: Path, merge: bool = False, progress: ProgressCallback | None = None
) -> RebuildReport:
    """Recreate the catalogue from the packages under `root`.

    Args:
        root: a storage location (its `aips/` folder is searched) or any folder
            holding packages.
        merge: add to a catalogue that already has cases, skipping those cases.
        progress: called with (packages done, packages in all, package path)
            after each package is read and validated.

    Returns:
        The report; packages that failed are in `problems`.

    Raises:
        CatalogueNotEmpty: if the catalogue has cases and `merge` is false.
    """
    if not merge and Case.objects.exists():
        raise CatalogueNotEmpty(
            "目录中已有案件：重建只能在空目录上进行；"
            "如需补入缺少的案件，请使用 --merge（已有的案件会被跳过）。"
        )
    report = RebuildReport(root=str(root))
    users = _Users()
    found, batch_found, register_found = _read_all(root, report, progress)
    batches = batches_newest(batch_found)
    found = _not_destroyed(found, destroyed_identifiers(batches), report)
    for versions in _by_case(found, report).values():
        _case_rebuild(versions, report, users)
    batches_restore(batches, report, users)
    registers_restore(newest_first(register_found), report, users)
    if users.missing:
        report.note(
            root,
            "以下用户在本系统中不存在，相应的接收人、封存人、提交人留空："
            + "、".join(sorted(users.missing)),
        )
    return report


def _read_all(
    root: Path, report: RebuildReport, progress: ProgressCallback | None
) -> tuple[list[Found], list[BatchFound], list[RegisterFound]]:
    """The dossiers' packages, the disposition batches' and the agencies'
    retention registers'."""
    paths = bag_paths(root)
    read: dict[type, list] = {Found: [], BatchFound: [], RegisterFound: []}
    for done, path in enumerate(paths, start=1):
        try:
            bag = bag_read(path)
            read[type(bag)].append(bag)
        except Unusable as exc:
            report.problem(path, str(exc))
        report.packages_read += 1
        if progress:
            progress(done, len(paths), path)
    return read[Found], read[BatchFound], read[RegisterFound]


def _not_destroyed(
    found: list[Found], destroyed: dict[str, str], report: RebuildReport
) -> list[Found]:
    """Packages no batch destroyed; a survivor of a destruction is reported."""
    kept = []
    for item in found:
        batch = destroyed.get(item.identifier)
        if batch is None:
            kept.append(item)
            continue
        report.problem(
            item.path,
            f"保存包 {item.identifier} 已随销毁鉴定批次 {batch} 销毁，未导入；"
            "这是销毁时未能删除的副本，应予销毁。",
        )
    return kept


def _by_case(
    found: list[Found], report: RebuildReport
) -> dict[tuple[str, str], dict[int, Found]]:
    """Packages grouped by case, then by dossier version."""
    cases: dict[tuple[str, str], dict[int, Found]] = {}
    for item in found:
        versions = cases.setdefault(item.key, {})
        if item.version in versions:
            report.note(item.path, f"与 {versions[item.version].path} 为同一保存包。")
            continue
        versions[item.version] = item
    return cases


class _Users:
    """Usernames recorded in packages, looked up in this installation."""

    def __init__(self) -> None:
        self._known: dict[str, Any] = {}
        self.missing: set[str] = set()

    def __call__(self, username: str):
        if not username:
            return None
        if username not in self._known:
            model = get_user_model()
            self._known[username] = model.objects.filter(username=username).first()
        if self._known[username] is None:
            self.missing.add(username)
        return self._known[username]


def _case_rebuild(
    versions: dict[int, Found], report: RebuildReport, users: _Users
) -> None:
    newest = versions[max(versions)]
    agency_code, case_number = newest.key
    if Case.objects.filter(agency__code=agency_code, case_number=case_number).exists():
        report.note(newest.path, f"案件 {case_number} 已在目录中，已跳过。")
        return
    created: dict[str, int] = {}
    try:
        created = originals_restore(newest)
        with transaction.atomic():
            restored = case_restore(
                metadata=newest.metadata, events=newest.events, users=users
            )
            packages = packages_record(restored, versions, report)
            _rebuild_event(restored, newest, packages)
            case_texts_schedule(case=restored.case)
    except IMPORT_ERRORS as exc:
        originals_discard(created)
        report.problem(newest.path, f"案件 {case_number} 未能重建：{_reason(exc)}")
        return
    report.cases_created += 1
    report.dossiers_created += len(restored.dossiers)
    report.packages_recorded += len(packages)
    report.originals_restored += len(newest.metadata["materials"])


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    if isinstance(exc, KeyError):
        return f"元数据缺少 {exc}"
    return str(exc)


def _rebuild_event(restored: Restored, found: Found, packages: list[Package]) -> None:
    case_event_record(
        case=restored.case,
        event_type=EventType.VALIDATION,
        agent=AGENT,
        detail=f"依据长期保存包 {packages[-1].identifier} 重建目录："
        "保存包完整校验通过，"
        f"{len(found.metadata['materials'])} 个原件已放回存储，摘要与登记一致。",
        outcome_detail={
            "rebuilt_from": str(found.path),
            "packages": [p.identifier for p in packages],
        },
    )
