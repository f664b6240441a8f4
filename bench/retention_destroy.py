"""Timing `batch_execute` over the batch of bench/retention_batch.py.

Before the run it lists what must go: the due cases' originals that no live
case holds (content-addressed storage) and every file of their AIPs in both
locations, with sizes. It then times `batch_execute` once, with the time of
each step it calls recorded by wrapping the functions (`PHASES`; the wrappers
only time), and after it the journal commit that makes the removal durable
(an fsync of the storage folders). It checks that every listed file is gone
and the live case's originals and AIP are intact.

The yardstick is the file system itself: the same number of files of the
same sizes, in the same folders' shape, written, committed, then removed
with plain `os.unlink` and `shutil.rmtree` and committed — what any
destruction of these bytes costs on this disk, Django or not.
"""

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from ingest_machine import (
    HASH_BUFFER,
    Limits,
    MiB,
    console,
    measure_limits,
    print_machine,
    write_fsync,
)
from ingest_runs import django_setup, new_progress, timed
from retention_batch import Batch, batch_build
from rich.table import Table

from preservation.files import fsync_dir

PROBE = 1024 * MiB  # the disk probe of the machine's limits

# phase -> (module, function). "rows" holds "per case", which holds the next
# four; "files" holds the batch's reference check and "object removal", which
# holds one reference check per object; the rest of "files" is the rmtree of
# the AIP folders.
PHASES = {
    "rows": ("execute", "_execute_rows"),
    "per case": ("execute", "_destroy"),
    "extent (件/页)": ("execute", "dossier_totals"),
    "extent: entries": ("execute", "dossier_entries"),
    "permits": ("execute", "deletion_permits_issue"),
    "history event": ("execute", "_event_record"),
    "files": ("execute", "_files_remove"),
    "reference check, batch": ("execute", "objects_unreferenced"),
    "object removal": ("storage", "object_remove_if_untouched"),
    "reference check, per object": ("storage", "objects_unreferenced"),
    # After the files, where the 销毁清册 package is written (when present).
    "register package": ("execute", "batch_package_schedule"),
}


def gib(size: int) -> str:
    return f"{size / (1024 * MiB):,.2f} GiB"


@dataclass
class Inventory:
    """What the execution must remove: files and their sizes."""

    objects: list[tuple[Path, int]] = field(default_factory=list)
    folders: dict[Path, list[int]] = field(default_factory=dict)  # folder: sizes
    kept: list[Path] = field(default_factory=list)  # the live case's files

    @property
    def files(self) -> int:
        return len(self.objects) + sum(len(s) for s in self.folders.values())

    @property
    def size(self) -> int:
        sizes = [s for _, s in self.objects]
        return sum(sizes) + sum(sum(s) for s in self.folders.values())

    def remaining(self) -> list[Path]:
        paths = [p for p, _ in self.objects] + list(self.folders)
        return [p for p in paths if p.exists()]


def _folder_sizes(folder: Path) -> list[int]:
    return [p.stat().st_size for p in folder.rglob("*") if p.is_file()]


def inventory(batch: Batch) -> Inventory:
    from dossiers.models import Material
    from preservation.models import Package, PackageLocation
    from preservation.services.aips import package_path
    from preservation.services.storage import object_path

    found = Inventory()
    digests = set(Material.objects.filter(case__in=batch.due).values_list("digest"))
    for (digest,) in sorted(digests):
        if digest not in batch.shared:
            path = object_path(digest)
            found.objects.append((path, path.stat().st_size))
    for package in Package.objects.filter(dossier__case__in=batch.due):
        for location in PackageLocation.values:
            folder = package_path(package, location)
            found.folders[folder] = _folder_sizes(folder)
    found.kept = [object_path(d) for d in batch.shared] + [
        package_path(p, loc)
        for p in Package.objects.filter(dossier__case=batch.live)
        for loc in PackageLocation.values
    ]
    return found


@contextlib.contextmanager
def phase_timers() -> Iterator[dict[str, float]]:
    from preservation.retention import disposition_execute
    from preservation.services import storage

    modules = {"execute": disposition_execute, "storage": storage}
    totals = dict.fromkeys(PHASES, 0.0)
    with contextlib.ExitStack() as stack:
        for phase, (module, name) in PHASES.items():
            target = modules[module]
            if not hasattr(target, name):
                continue
            wrapped = timed(getattr(target, name), phase, totals)
            stack.enter_context(mock.patch.object(target, name, wrapped))
        yield totals


def commit_journal(roots: list[Path]) -> float:
    """fsync the folders: ext4 commits its journal, unlinks and discards with it."""
    start = time.perf_counter()
    for root in roots:
        fsync_dir(root)
    return time.perf_counter() - start


@dataclass
class Execution:
    seconds: float
    journal: float
    phases: dict[str, float]
    result: object


def execute(batch: Batch, found: Inventory, roots: list[Path]) -> Execution:
    from preservation.retention.disposition_execute import batch_execute

    console.print(
        f"batch_execute: {len(batch.due)} cases, {found.files:,} files, "
        f"{gib(found.size)} to remove…"
    )
    with phase_timers() as phases:
        start = time.perf_counter()
        result = batch_execute(batch=batch.batch, witnesses=batch.witnesses)
        seconds = time.perf_counter() - start
    journal = commit_journal(roots)
    left = found.remaining()
    missing = [p for p in found.kept if not p.exists()]
    if left or missing:
        raise SystemExit(f"left behind: {left[:3]}; live files lost: {missing[:3]}")
    return Execution(seconds, journal, dict(phases), result)


@dataclass
class Baseline:
    unlink: float  # os.unlink + shutil.rmtree
    journal: float


def baseline(work: Path, found: Inventory, buffer: bytes) -> Baseline:
    """The same files, sizes and folders, written, then removed without Django."""
    root = work / "baseline"
    objects = root / "objects"
    objects.mkdir(parents=True)
    with new_progress() as bar:
        task = bar.add_task("baseline: write", total=found.size)
        paths = []
        for n, (_path, size) in enumerate(found.objects):
            paths.append(objects / f"{n:06d}")
            write_fsync(paths[-1], buffer, size)
            bar.advance(task, size)
        folders = []
        for n, sizes in enumerate(found.folders.values()):
            folders.append(root / f"aip-{n:04d}")
            folders[-1].mkdir()
            for m, size in enumerate(sizes):
                write_fsync(folders[-1] / f"{m:04d}", buffer, size)
                bar.advance(task, size)
    commit_journal([objects, root])
    start = time.perf_counter()
    for path in paths:
        path.unlink()
    for folder in folders:
        shutil.rmtree(folder)
    unlink = time.perf_counter() - start
    journal = commit_journal([objects, root])
    shutil.rmtree(root)
    return Baseline(unlink, journal)


def _row(table: Table, label: str, seconds: float, total: float, note: str = ""):
    share = f"{100 * seconds / total:.0f} %" if total else ""
    table.add_row(label, f"{seconds:.3f}", share, note)


def report(run: Execution, base: Baseline, found: Inventory, limits: Limits) -> None:
    p, total = run.phases, run.seconds
    extent = p["extent (件/页)"] + p["extent: entries"]
    db_case = p["per case"] - extent - p["permits"] - p["history event"]
    unlink = p["object removal"] - p["reference check, per object"]
    rmtree = p["files"] - p["object removal"] - p["reference check, batch"]
    commit = total - p["rows"] - p["files"] - p["register package"]
    database = p["rows"] + commit + p["reference check, batch"]
    database += p["reference check, per object"]
    files = unlink + rmtree + run.journal
    table = Table(title=f"batch_execute: {found.files:,} files, {gib(found.size)}")
    for column in ("step", "s", "share", "what"):
        table.add_column(column)
    _row(
        table, "batch_execute, total", total, total, f"{len(run.result.destroyed)} 案卷"
    )
    _row(table, "  rows (one transaction)", p["rows"], total, "checks, locks, batch")
    _row(table, "    per case: deletes, updates", db_case, total, "materials, items…")
    _row(table, "    per case: extent (件/页)", extent, total, "entries, pages")
    _row(table, "    per case: permits", p["permits"], total)
    _row(table, "    per case: history event", p["history event"], total)
    _row(table, "  commit + on-commit", commit, total, "search drop")
    refs = p["reference check, batch"] + p["reference check, per object"]
    _row(table, "  reference checks (SELECT)", refs, total, "batch + one per object")
    _row(table, "  unlink originals", unlink, total, f"{len(found.objects)} objects")
    _row(table, "  rmtree AIP folders", rmtree, total, f"{len(found.folders)} folders")
    _row(table, "  销毁清册 package", p["register package"], total, "both locations")
    _row(table, "journal commit after (fsync)", run.journal, total, "durable")
    console.print(table)
    _summary(database, files, base, found, limits)


def _summary(database, files, base: Baseline, found: Inventory, limits: Limits):
    raw = base.unlink + base.journal
    console.print(
        f"database part {database:.3f} s · file part {files:.3f} s (unlink, rmtree, "
        f"journal) · the same files removed with os.unlink/rmtree alone: "
        f"{base.unlink:.3f} s + journal {base.journal:.3f} s = {raw:.3f} s\n"
        f"removed {found.files:,} files, {gib(found.size)}: "
        f"{found.size / 1e6 / (database + files):,.0f} MB/s of data destroyed; "
        f"disk write+fsync {limits.write:,.0f} MB/s, read cold "
        f"{limits.read_cold or 0:,.0f} MB/s, hashlib SHA-256 {limits.sha256:,.0f} MB/s"
    )


def run_destroy(args, work: Path) -> None:
    """The machine and its limits, the batch, the execution, the yardstick."""
    print_machine(work)
    buffer = os.urandom(HASH_BUFFER)
    limits = measure_limits(work, buffer, PROBE, first=True)
    django_setup(work)
    from django.conf import settings

    settings.DEBUG = False  # settings.dev keeps every query under DEBUG
    batch = batch_build(work, args.gb, args.cases, args.videos, buffer)
    found = inventory(batch)
    roots = [Path(settings.ARCHIVE_STORAGE), Path(settings.ARCHIVE_REPLICA)]
    run = execute(batch, found, roots)
    base = baseline(work, found, buffer)
    report(run, base, found, limits)
