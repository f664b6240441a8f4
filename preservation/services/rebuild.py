"""Rebuilding the catalogue from the archival packages alone (invariant 4).

`catalogue_rebuild` finds every bag under a folder (a storage location, its
replica, a restored disc), validates each with bagit-python in full, and
recreates each case once, from its newest valid package, whose metadata lists
every dossier version up to it. For each case, in one transaction:

- the originals go back into content-addressed storage, each verified against
  the digest the catalogue had recorded;
- the agency, case, parties, officers, materials, dossier versions and their
  order, the ingest report and the event history are recreated from the
  package metadata (`aip_records.case_restore`);
- every package of the case that was found gets its `Package` row and one
  `PackageCopy` per storage location; a location that lacks the package gets
  a copy of the validated one;
- one event records the rebuild in the case's history.

A package that fails validation, or whose metadata cannot be used, is reported
and not imported; the other cases are. The catalogue must be empty unless
`merge` is asked for, and then cases already in it are skipped and reported.
What to do with the report (print it, exit non-zero) is left to the caller.
"""

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import bagit
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dossiers.models import Case, EventType
from dossiers.services import case_event_record
from preservation import files
from preservation.models import Package, PackageCopy, PackageLocation
from preservation.problems import ReportLine
from preservation.selectors import objects_unreferenced
from preservation.services import storage
from preservation.services.aip_metadata import AIP_PROFILE
from preservation.services.aip_records import Restored, case_restore
from preservation.services.aips import (
    location_root,
    package_identifier,
    package_relative_path,
)
from preservation.tasks import case_texts_schedule

AGENT = "enforcement-archive catalogue rebuild"
TAGMANIFEST = "tagmanifest-sha256.txt"

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
    problems: list[RebuildMessage] = field(default_factory=list)
    notes: list[RebuildMessage] = field(default_factory=list)

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(RebuildMessage(str(path), message))

    def note(self, path: Path, message: str) -> None:
        self.notes.append(RebuildMessage(str(path), message))

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Found:
    """One validated package and its metadata."""

    path: Path
    bag: bagit.Bag
    metadata: dict[str, Any]
    events: list[dict[str, Any]]
    tagmanifest_sha256: str

    @property
    def version(self) -> int:
        return max(d["version"] for d in self.metadata["dossiers"])

    @property
    def key(self) -> tuple[str, str]:
        return self.metadata["agency"]["code"], self.metadata["case"]["case_number"]


class _Unusable(Exception):
    """A package or case that cannot be imported; the message says why."""


# What metadata that does not fit the catalogue raises while a case is restored.
_IMPORT_ERRORS = (
    _Unusable,
    ValidationError,
    IntegrityError,
    LookupError,
    TypeError,
    ValueError,
    AttributeError,
)


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
    for versions in _by_case(_read_all(root, report, progress), report).values():
        _case_rebuild(versions, report, users)
    if users.missing:
        report.note(
            root,
            "以下用户在本系统中不存在，相应的接收人、封存人、提交人留空："
            + "、".join(sorted(users.missing)),
        )
    return report


def _bag_paths(root: Path) -> list[Path]:
    """Every bag under `root` (under `root/aips` when `root` is a location)."""
    base = root / "aips" if (root / "aips").is_dir() else root
    bags = []
    for dirpath, dirnames, filenames in os.walk(base):
        if "bagit.txt" in filenames:
            bags.append(Path(dirpath))
            dirnames.clear()  # files inside a bag are its payload
            continue
        # `.incoming-…` folders are copies being written, never packages.
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    return sorted(bags)


def _read_all(
    root: Path, report: RebuildReport, progress: ProgressCallback | None
) -> list[_Found]:
    paths = _bag_paths(root)
    found = []
    for done, path in enumerate(paths, start=1):
        try:
            found.append(_read(path))
        except _Unusable as exc:
            report.problem(path, str(exc))
        report.packages_read += 1
        if progress:
            progress(done, len(paths), path)
    return found


def _read(path: Path) -> _Found:
    try:
        bag = bagit.Bag(str(path))
        bag.validate(processes=1)  # every checksum, never Payload-Oxum alone
    except (bagit.BagError, OSError, UnicodeError) as exc:
        raise _Unusable(f"保存包校验失败，未导入：{exc}") from exc
    count = str(bag.info.get("Bag-Count", "1 of 1")).strip()
    if count not in ("1 of 1", "1"):
        raise _Unusable(
            f"这是跨盘保存包的一部分（Bag-Count: {count}），"
            "请先按光盘说明合并各部分，再从合并后的包重建。"
        )
    metadata = _json(path / "data" / "metadata" / "dossier.json")
    if not isinstance(metadata, dict) or metadata.get("profile") != AIP_PROFILE:
        raise _Unusable(f"不是 {AIP_PROFILE} 保存包，未导入。")
    if not (path / TAGMANIFEST).is_file():
        raise _Unusable(f"缺少 {TAGMANIFEST}，未导入。")
    events = _json(path / "data" / "metadata" / "events.json")
    found = _Found(path, bag, metadata, events, files.digest(path / TAGMANIFEST))
    try:
        version, _key = found.version, found.key
    except (KeyError, TypeError, ValueError) as exc:
        raise _Unusable(f"dossier.json 不完整（{exc!r}），未导入。") from exc
    if bag.info.get("Package-Version") != str(version):
        raise _Unusable(
            "bag-info.txt 的 Package-Version 与 dossier.json 不符，未导入。"
        )
    return found


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise _Unusable(f"{path.name} 无法读取（{exc}），未导入。") from exc


def _by_case(
    found: list[_Found], report: RebuildReport
) -> dict[tuple[str, str], dict[int, _Found]]:
    """Packages grouped by case, then by dossier version."""
    cases: dict[tuple[str, str], dict[int, _Found]] = {}
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
    versions: dict[int, _Found], report: RebuildReport, users: _Users
) -> None:
    newest = versions[max(versions)]
    agency_code, case_number = newest.key
    if Case.objects.filter(agency__code=agency_code, case_number=case_number).exists():
        report.note(newest.path, f"案件 {case_number} 已在目录中，已跳过。")
        return
    created: dict[str, int] = {}
    try:
        created = _originals_restore(newest)
        with transaction.atomic():
            restored = case_restore(
                metadata=newest.metadata, events=newest.events, users=users
            )
            packages = _packages_record(restored, versions, report)
            _rebuild_event(restored, newest, packages)
            case_texts_schedule(case=restored.case)
    except _IMPORT_ERRORS as exc:
        _discard(created)
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


def _originals_restore(found: _Found) -> dict[str, int]:
    """Store every original of the package; return the objects newly stored."""
    created: dict[str, int] = {}
    try:
        for material in found.metadata["materials"]:
            rel = f"data/{material['file']}"
            if rel not in found.bag.entries:  # also keeps paths inside the bag
                raise _Unusable(f"原件 {rel} 不在保存包的清单中。")
            obj = storage.object_store(found.path / rel)
            if obj.created or obj.digest in created:
                created[obj.digest] = obj.mtime_ns
            if obj.digest != material["digest"] or obj.size != material["size"]:
                raise _Unusable(
                    f"原件 {rel} 的摘要 {obj.digest} "
                    f"与登记的 {material['digest']} 不符。"
                )
    except BaseException:
        _discard(created)
        raise
    return created


def _discard(created: dict[str, int]) -> None:
    """Remove objects this run stored for a case that was not rebuilt."""
    unreferenced = objects_unreferenced(created)
    for digest, mtime_ns in created.items():
        if digest in unreferenced:
            storage.object_remove_if_untouched(digest, mtime_ns=mtime_ns)


def _packages_record(
    restored: Restored, versions: dict[int, _Found], report: RebuildReport
) -> list[Package]:
    return [
        _package_record(restored, found, report)
        for version, found in sorted(versions.items())
        if version in restored.dossiers
    ]


def _package_record(
    restored: Restored, found: _Found, report: RebuildReport
) -> Package:
    dossier = restored.dossiers[found.version]
    size, count = found.bag.info["Payload-Oxum"].split(".")
    package = Package(
        dossier=dossier,
        identifier=package_identifier(dossier),
        relative_path=package_relative_path(dossier),
        bagit_version=".".join(str(n) for n in found.bag.version_info),
        algorithms=sorted(found.bag.algorithms, key=lambda a: (a != "sha256", a)),
        tagmanifest_sha256=found.tagmanifest_sha256,
        payload_oxum=found.bag.info["Payload-Oxum"],
        file_count=int(count),
        byte_count=int(size),
    )
    package.full_clean()
    package.save()
    for location in PackageLocation:
        _copy_record(package, found, location, report)
    return package


def _copy_record(
    package: Package, found: _Found, location: str, report: RebuildReport
) -> None:
    """Record the package's copy in one location, putting it there if missing."""
    target = location_root(location) / package.relative_path
    label = PackageLocation(location).label
    checked_at, outcome = None, ""  # left for the next fixity audit
    if target.exists() and target.samefile(found.path):
        checked_at, outcome = timezone.now(), "ok"  # validated in full just now
    elif not target.exists():
        # A crash never leaves half a package at `target`.
        files.place_tree(found.path, target)
        report.note(found.path, f"{label}缺少该保存包，已复制到 {target}。")
    elif _tagmanifest_digest(target) != found.tagmanifest_sha256:
        report.problem(
            target,
            f"{label}中的保存包与已校验的 {found.path} 不一致；请运行固定性审计修复。",
        )
    PackageCopy.objects.create(
        package=package,
        location=location,
        last_checked_at=checked_at,
        last_outcome=outcome,
    )


def _tagmanifest_digest(path: Path) -> str | None:
    try:
        return files.digest(path / TAGMANIFEST)
    except OSError:
        return None


def _rebuild_event(restored: Restored, found: _Found, packages: list[Package]) -> None:
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
