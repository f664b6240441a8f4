"""The storage janitor: removes what interrupted runs left behind.

A kill can leave temporary files that nothing else ever removes: half-copied
objects (`objects/tmp/incoming-*`), unpacked submissions (`staging/sip-*`),
packages being built (`staging/aip-*`), package copies being placed or
repaired (`aips/…/.incoming-*`, `.repair-*`) and partial packages moved aside
(`aips/…/.aside-*`), in the primary and the replica location. Ingest never
removes an object that another run may have reused, so objects that no
material refers to (from a killed or refused ingest) are collected here too.
So are the producers' API uploads (`staging/uploads/`): a `.upload-*` file of
a server killed mid-upload, and a stored package no submission still needs
(`staging_uploads_needed` asks the API, which registers what it keeps).

Everything is removed only once it is older than the grace period (default
24 hours; for a folder, its newest entry counts): a run still in progress
keeps touching its files, and an object is "touched" whenever an ingest
stores the same bytes again, so nothing a running job may still use — or an
uncommitted transaction may be about to reference — is taken. `storage_janitor_run`
returns a `JanitorReport` naming every path removed; the command, the daily
task and the worker's start-up all call it.
"""

import contextlib
import datetime as dt
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from preservation.selectors import objects_unreferenced, staging_uploads_needed
from preservation.services import storage

GRACE = dt.timedelta(hours=24)
_OBJECT_BATCH = 500
_PACKAGE_TEMPORARIES = (".incoming-", ".repair-", ".aside-")


@dataclass(frozen=True)
class Leftover:
    # object_incoming, staging, package_temporary, object_unreferenced, upload
    kind: str
    path: Path
    bytes: int


@dataclass
class JanitorReport:
    grace: dt.timedelta
    dry_run: bool
    removed: list[Leftover] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(item.bytes for item in self.removed)

    def as_json(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "grace_hours": self.grace.total_seconds() / 3600,
            "removed": [
                {"kind": i.kind, "path": str(i.path), "bytes": i.bytes}
                for i in self.removed
            ],
            "count": len(self.removed),
            "bytes": self.bytes,
            "notes": self.notes,
        }


def storage_janitor_run(
    *, grace: dt.timedelta = GRACE, dry_run: bool = False, now: float | None = None
) -> JanitorReport:
    """Remove temporary leftovers and unreferenced objects older than `grace`.

    Args:
        grace: how old a leftover must be before it is removed.
        dry_run: only report what would be removed.
        now: the current time (seconds since the epoch); the real clock if None.

    Returns:
        The report of what was (or, with `dry_run`, would be) removed.
    """
    report = JanitorReport(grace=grace, dry_run=dry_run)
    cutoff = (time.time() if now is None else now) - grace.total_seconds()
    for kind, path in _temporaries():
        if _newest_mtime(path) < cutoff:
            size = _size(path)
            if dry_run or _remove(path):
                report.removed.append(Leftover(kind, path, size))
    _collect_uploads(report, cutoff)
    _collect_objects(report, int(cutoff * 1e9))
    return report


def _collect_uploads(report: JanitorReport, cutoff: float) -> None:
    """Remove old uploads in staging/uploads/ that no submission still needs."""
    folder = Path(settings.ARCHIVE_STAGING) / "uploads"
    if not folder.is_dir():
        return
    old = [path for path in sorted(folder.iterdir()) if _older(path, cutoff)]
    needed = staging_uploads_needed(path.name for path in old)
    for path in old:
        # Asked again: a new upload of the same package may have replaced it.
        if path.name in needed or not _older(path, cutoff):
            continue
        size = _size(path)
        if report.dry_run or _remove(path):
            report.removed.append(Leftover("upload", path, size))


def _older(path: Path, cutoff: float) -> bool:
    """Whether `path` is still there and untouched since `cutoff`."""
    try:
        return _newest_mtime(path) < cutoff
    except FileNotFoundError:
        return False


def _temporaries() -> Iterator[tuple[str, Path]]:
    incoming = storage.storage_root() / "objects" / "tmp"
    if incoming.is_dir():
        for path in sorted(incoming.glob("incoming-*")):
            yield "object_incoming", path
    staging = Path(settings.ARCHIVE_STAGING)
    if staging.is_dir():
        for pattern in ("sip-*", "aip-*"):
            for path in sorted(staging.glob(pattern)):
                yield "staging", path
    for root in _location_roots():
        # Beside the package folders aips/<全宗号>/<档号>/v<版本>, where they are
        # made, and registers/<全宗号>/<批次号>/v<版本> (disposition batches') or
        # registers/<全宗号>/retention/v<版本> (the agency's retention register).
        for pattern in ("aips/*/*/.*", "registers/*/*/.*"):
            for path in sorted(root.glob(pattern)):
                if path.is_dir() and path.name.startswith(_PACKAGE_TEMPORARIES):
                    yield "package_temporary", path


def _location_roots() -> list[Path]:
    roots = [Path(settings.ARCHIVE_STORAGE), Path(settings.ARCHIVE_REPLICA)]
    return list(dict.fromkeys(roots))


def _newest_mtime(path: Path) -> float:
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for dirpath, dirnames, filenames in os.walk(path):
            for name in dirnames + filenames:
                with contextlib.suppress(FileNotFoundError):
                    newest = max(newest, (Path(dirpath) / name).lstat().st_mtime)
    return newest


def _size(path: Path) -> int:
    if not path.is_dir():
        return path.lstat().st_size
    total = 0
    for dirpath, _dirnames, filenames in os.walk(path):
        for name in filenames:
            with contextlib.suppress(FileNotFoundError):
                total += (Path(dirpath) / name).lstat().st_size
    return total


def _remove(path: Path) -> bool:
    if path.is_dir() and not path.is_symlink():
        # Copies of originals are read-only; make the tree writable to remove it.
        for dirpath, dirnames, _files in os.walk(path):
            for name in dirnames:
                (Path(dirpath) / name).chmod(0o755)
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    return True


def _collect_objects(report: JanitorReport, cutoff_ns: int) -> None:
    """Remove objects no material refers to, untouched for the grace period."""
    from dossiers.models import Material

    if not Material.objects.exists():
        # An empty catalogue (a lost database, before rebuild_from_aips) must
        # not read as "nothing is referenced": keep every object.
        report.notes.append("目录中没有任何材料，未回收任何对象。")
        return
    for batch in _old_objects(cutoff_ns):
        unreferenced = objects_unreferenced(path.name for path in batch)
        for path in batch:
            if path.name not in unreferenced:
                continue
            size = path.stat().st_size
            if report.dry_run or storage.object_remove_if_untouched(
                path.name, older_than_ns=cutoff_ns
            ):
                report.removed.append(Leftover("object_unreferenced", path, size))


def _old_objects(cutoff_ns: int) -> Iterator[list[Path]]:
    batch: list[Path] = []
    for path in stored_object_paths():
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime_ns < cutoff_ns:
                batch.append(path)
        if len(batch) >= _OBJECT_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def stored_object_paths() -> Iterator[Path]:
    """Every finished object in content-addressed storage."""
    base = storage.storage_root() / "objects" / storage.ALGORITHM
    if base.is_dir():
        yield from (p for p in sorted(base.glob("??/??/*")) if p.is_file())
