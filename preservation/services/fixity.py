"""Fixity audits of archival packages, with repair from a verified good copy.

Every copy of every package is verified in full — never Payload-Oxum alone:
the tag manifest must still be the one recorded at packaging time (so a
substituted bag is caught), every tag file must match it, every payload file
is hashed once (all manifest algorithms in one pass, 1 MiB reads) and must
match, and no file may be missing or extra. A damaged copy is replaced from
the other copy only after that copy has itself passed the same verification;
nothing is "repaired" from a copy that is also bad. Results are FixityCheck
rows and case events; callers (command, task) only choose what to check.
A disposition batch's package (the 销毁清册) and an agency's retention
register package belong to no case: their audits and repairs are recorded
in their FixityCheck rows only.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import F, Q
from django.utils import timezone

from dossiers.models import EventOutcome, EventType
from dossiers.services import case_event_record
from preservation import files
from preservation.models import (
    FixityCheck,
    FixityOutcome,
    PackageCopy,
    PackageLocation,
)
from preservation.problems import ReportLine
from preservation.services.aips import package_path

AGENT = "fixity audit"
AUDIT_INTERVAL = dt.timedelta(days=90)
Progress = Callable[[PackageCopy, int], None]


@dataclass(frozen=True)
class FixityProblem(ReportLine):
    """Damage found in one stored copy (see `preservation.problems`)."""

    code: str
    path: str
    message: str


@dataclass
class Verification:
    problems: list[FixityProblem] = field(default_factory=list)
    files: int = 0
    bytes: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, code: str, path: str, message: str) -> None:
        self.problems.append(FixityProblem(code, path, message))


@dataclass
class FixityReport:
    checks: list[FixityCheck] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(c.outcome == outcome for c in self.checks)

    def as_json(self) -> dict:
        return {
            "checked": len(self.checks),
            "ok": self.count(FixityOutcome.OK),
            "repaired": self.count(FixityOutcome.REPAIRED),
            "failed": self.count(FixityOutcome.FAILED),
            "problems": [
                {
                    "package": c.copy.package.identifier,
                    "location": c.copy.location,
                    "outcome": c.outcome,
                    **p,
                }
                for c in self.checks
                for p in c.problems
            ],
        }


def copies_due(*, now: dt.datetime | None = None) -> Iterable[PackageCopy]:
    """Copies never checked or last checked 90 days ago or more, oldest first."""
    limit = (now or timezone.now()) - AUDIT_INTERVAL
    return (
        PackageCopy.objects.filter(
            Q(last_checked_at__isnull=True) | Q(last_checked_at__lte=limit)
        )
        .select_related("package__dossier__case", "package__batch", "package__agency")
        .order_by(F("last_checked_at").asc(nulls_first=True), "pk")
    )


def copies_all() -> Iterable[PackageCopy]:
    return PackageCopy.objects.select_related(
        "package__dossier__case", "package__batch", "package__agency"
    ).order_by(F("last_checked_at").asc(nulls_first=True), "pk")


def fixity_check_run(
    *,
    copies: Iterable[PackageCopy],
    repair: bool = True,
    progress: Progress | None = None,
) -> FixityReport:
    """Verify each copy in full; repair damaged ones from a verified good copy."""
    report = FixityReport()
    for copy in copies:
        report.checks.append(copy_audit(copy, repair=repair))
        if progress:
            progress(copy, report.checks[-1].bytes_checked)
    return report


def copy_verify(copy: PackageCopy) -> Verification:
    """Verify one copy of a package against itself and the database."""
    result = Verification()
    root = package_path(copy.package, copy.location)
    if not (root / "bagit.txt").is_file():
        result.add("package_missing", str(root), "保存包副本不存在或不完整。")
        return result
    tag_manifest = root / "tagmanifest-sha256.txt"
    if not tag_manifest.is_file() or files.digest(tag_manifest) != (
        copy.package.tagmanifest_sha256
    ):
        result.add(
            "tag_manifest_changed",
            "tagmanifest-sha256.txt",
            "标签清单与生成保存包时登记的摘要不符：保存包被替换或改动。",
        )
    _verify_listing(root, tag_manifest, result)
    _verify_payload(root, result)
    _verify_no_extra(root, result)
    return result


def _entries(manifest: Path) -> dict[str, str]:
    entries = {}
    for line in manifest.read_text("utf-8", errors="replace").splitlines():
        digest, _, rel = line.partition("  ")
        if rel:
            entries[_decode(rel)] = digest
    return entries


def _decode(rel: str) -> str:
    return rel.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _verify_listing(root: Path, manifest: Path, result: Verification) -> None:
    """Check every entry of a tag manifest (small files, hashed directly)."""
    if not manifest.is_file():
        return
    algorithm = manifest.name.split("-", 1)[1].removesuffix(".txt")
    for rel, expected in _entries(manifest).items():
        _verify_file(root, rel, {algorithm: expected}, result)


def _verify_payload(root: Path, result: Verification) -> None:
    """Hash each payload file once, with every manifest's algorithm in one pass."""
    expected: dict[str, dict[str, str]] = {}
    for manifest in sorted(root.glob("manifest-*.txt")):
        algorithm = manifest.name.split("-", 1)[1].removesuffix(".txt")
        entries = _entries(manifest)
        if len(entries) != _expected_files(root):
            result.add(
                "manifest_truncated",
                manifest.name,
                f"清单只有 {len(entries)} 条，与 Payload-Oxum 登记的文件数不符。",
            )
        for rel, digest in entries.items():
            expected.setdefault(rel, {})[algorithm] = digest
    for rel, digests in expected.items():
        _verify_file(root, rel, digests, result)


def _expected_files(root: Path) -> int:
    for line in (root / "bag-info.txt").read_text("utf-8").splitlines():
        if line.startswith("Payload-Oxum:"):
            return int(line.split(".")[-1])
    return -1


def _verify_file(root, rel: str, expected: dict[str, str], result) -> None:
    path = root / rel
    if not path.is_file():
        result.add("file_missing", rel, "清单列出的文件不存在。")
        return
    found = files.digests(path, expected)
    result.files += 1
    result.bytes += path.stat().st_size
    for algorithm, digest in expected.items():
        if found[algorithm] != digest:
            result.add(
                "checksum_mismatch",
                rel,
                f"{algorithm} 校验值不符：清单为 {digest}，实际为 {found[algorithm]}。",
            )


def _verify_no_extra(root: Path, result: Verification) -> None:
    listed = (
        set(_entries(root / "manifest-sha256.txt"))
        if (root / "manifest-sha256.txt").is_file()
        else set()
    )
    for path in sorted((root / "data").rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in listed:
            result.add("file_unexpected", rel, "保存包中出现清单之外的文件。")


def copy_audit(copy: PackageCopy, *, repair: bool = True) -> FixityCheck:
    """Verify one copy, repair it if damaged and possible, and record it all."""
    started = timezone.now()
    result = copy_verify(copy)
    outcome, source = FixityOutcome.OK, ""
    if not result.ok:
        outcome = FixityOutcome.FAILED
        if repair and (good := _verified_other_copy(copy)) is not None:
            _replace_copy(copy, good)
            if copy_verify(copy).ok:
                outcome, source = FixityOutcome.REPAIRED, good.location
    return _record(copy, started, result, outcome, source)


def _verified_other_copy(copy: PackageCopy) -> PackageCopy | None:
    for other in copy.package.copies.exclude(pk=copy.pk):
        if copy_verify(other).ok:
            return other
    return None


def _replace_copy(damaged: PackageCopy, good: PackageCopy) -> None:
    """Swap in a fresh copy of the good bag; the damaged one is removed after."""
    target = package_path(damaged.package, damaged.location)
    files.place_tree(
        package_path(good.package, good.location), target, aside=".repair-"
    )


def _record(copy, started, result: Verification, outcome: str, source: str):
    check = FixityCheck.objects.create(
        copy=copy,
        started_at=started,
        finished_at=timezone.now(),
        outcome=outcome,
        files_checked=result.files,
        bytes_checked=result.bytes,
        problems=[p.__dict__ for p in result.problems],
        repaired_from=source,
    )
    copy.last_checked_at, copy.last_outcome = check.finished_at, outcome
    copy.save(update_fields=["last_checked_at", "last_outcome"])
    _events(copy, check, source)
    return check


def _events(copy: PackageCopy, check: FixityCheck, source: str) -> None:
    if copy.package.dossier_id is None:
        # A register package (a batch's, an agency's) has no case history.
        return
    case = copy.package.dossier.case
    where = copy.get_location_display()
    detail = (
        f"{copy.package.identifier}（{where}）：{check.get_outcome_display()}，"
        f"校验 {check.files_checked} 个文件。"
    )
    case_event_record(
        case=case,
        event_type=EventType.FIXITY_AUDIT,
        agent=AGENT,
        detail=detail,
        outcome=EventOutcome.SUCCESS
        if check.outcome == FixityOutcome.OK
        else EventOutcome.FAILURE,
        outcome_detail={
            **copy.package.event_reference,
            "location": copy.location,
            "problems": check.problems,
        },
    )
    if source:
        case_event_record(
            case=case,
            event_type=EventType.REPAIR,
            agent=AGENT,
            detail=f"以经校验完好的{PackageLocation(source).label}副本修复"
            f"{copy.package.identifier}（{where}）。",
            outcome_detail={
                **copy.package.event_reference,
                "from": source,
                "to": copy.location,
            },
        )
