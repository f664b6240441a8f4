"""The ingest benchmark's runs: Django in a throwaway folder, bars, timers.

`django_setup` points Django at a SQLite database and storage roots inside the
temporary folder and migrates; `run_rounds` then times a plain copy with fsync
of each package (the limit) and `package_ingest` of it, on new and on
just-freed disk blocks, each run with its own storage root,
a rich bar over bytes (`Watch`, polled every POLL_SECONDS) and the time of each
step of ingest (`phase_timers`, which only wraps the functions ingest calls).
"""

import contextlib
import functools
import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from ingest_machine import (
    ROOT,
    Limits,
    MiB,
    console,
    copy_fsync,
    evict,
    free_blocks,
    measure_limits,
    rate,
)
from ingest_package import EXAMPLE, VIDEO_NAME, Package, Source
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)

POLL_SECONDS = 0.2


# --- Django --------------------------------------------------------------------


def django_setup(
    work: Path, *, example_agency: bool = True, database_url: str = ""
) -> None:
    """A throwaway SQLite database (or the empty one at `database_url`) and
    storage roots inside `work`; with `example_agency`, the sample package's
    agency registered for ingest."""
    var = work / "var"
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings.dev"
    os.environ["ARCHIVE_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{var / 'bench.sqlite3'}"
    # The throwaway database indexes itself; never a configured search engine.
    os.environ["SEARCH_BACKEND"] = "database"
    os.environ["ARCHIVE_STORAGE"] = str(work / "storage")
    os.environ["ARCHIVE_STAGING"] = str(work / "storage" / "staging")
    os.environ["ARCHIVE_REPLICA"] = str(work / "replica")
    os.environ["MEDIA_ROOT"] = str(var / "media")
    os.environ["STATIC_ROOT"] = str(var / "static")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    where = "PostgreSQL" if database_url else f"SQLite in {var}"
    console.print(
        f"Django: settings.dev, {where}, migrated in "
        f"{time.perf_counter() - start:.1f} s (not timed below)."
    )
    if example_agency:
        register_example_agency()


def register_example_agency() -> None:
    """Ingest takes packages of registered agencies only: register the example's."""
    from dossiers.models import Agency
    from dossiers.services import agency_register

    case = json.loads((EXAMPLE / "data" / "case.json").read_text("utf-8"))["case"]
    if not Agency.objects.filter(code=case["agency"]["code"]).exists():
        agency_register(**case["agency"], reason="bench")


def storage_roots(root: Path) -> dict[str, Path]:
    return {"ARCHIVE_STORAGE": root, "ARCHIVE_STAGING": root / "staging"}


# --- progress ------------------------------------------------------------------


def _bytes_under(folder: Path, pattern: str) -> int:
    total = 0
    try:
        for path in folder.glob(pattern):
            with contextlib.suppress(OSError):  # removed while we looked
                if path.is_file():
                    total += path.stat().st_size
    except OSError:
        pass
    return total


@dataclass
class Watch:
    """Bars over bytes: the ingest callback marks whole files stored; a poller
    adds the object being copied and, for an archive, the bytes unpacked."""

    progress: Progress
    storage: Path
    store_task: TaskID
    unpack_task: TaskID | None = None
    stored: int = 0
    shown: dict[TaskID, int] = field(default_factory=dict)

    def on_file(self, _rel: str, size: int) -> None:
        self.stored += size
        self._show(self.store_task, self.stored)

    def poll(self) -> None:
        incoming = _bytes_under(self.storage / "objects" / "tmp", "incoming-*")
        self._show(self.store_task, self.stored + incoming)
        if self.unpack_task is not None:
            staged = _bytes_under(self.storage / "staging", "sip-*/**/*")
            self._show(self.unpack_task, staged)

    def _show(self, task: TaskID, completed: int) -> None:
        completed = max(completed, self.shown.get(task, 0))  # never backwards
        self.shown[task] = completed
        self.progress.update(task, completed=completed)


@contextlib.contextmanager
def polling(fn: Callable[[], None]) -> Iterator[None]:
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(POLL_SECONDS):
            fn()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def new_progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        DownloadColumn(binary_units=True),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        console=console,
    )


# --- where the time goes -------------------------------------------------------

# The steps of package_ingest, timed by wrapping the names it calls; "other" is
# the rest (fingerprint, duplicate lookup, case checks, the report).
PHASES = {
    "unpack": ("ingest", "package_unpack"),
    "bag check": ("ingest", "bag_read"),
    "case.json": ("ingest", "submission_read"),
    "store": ("storage", "object_store"),
    "adopt": ("storage", "object_adopt"),
    "identify": ("storing", "identify"),
    "file checks": ("storing", "check_file"),
    "record": ("ingest", "_record"),
    "cleanup": ("ingest", "staging_remove"),
}


def timed(fn: Callable, phase: str, totals: dict[str, float]) -> Callable:
    """`fn`, adding the seconds of each call to `totals[phase]`."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[phase] += time.perf_counter() - start

    return wrapper


@contextlib.contextmanager
def phase_timers() -> Iterator[dict[str, float]]:
    from preservation.services import storage
    from preservation.services.ingest import ingest, storing

    modules = {"ingest": ingest, "storing": storing, "storage": storage}
    totals = dict.fromkeys(PHASES, 0.0)
    with contextlib.ExitStack() as stack:
        for phase, (module, name) in PHASES.items():
            target = modules[module]
            wrapped = timed(getattr(target, name), phase, totals)
            stack.enter_context(mock.patch.object(target, name, wrapped))
        yield totals


# --- the runs ------------------------------------------------------------------

# Where the writes of a run land: "new" blocks (nothing written and deleted
# before it, and earlier runs' files kept until the mode ends) or blocks the
# file system has just "freed" (ballast written and deleted first).
MODES = ("new", "freed")


@dataclass
class Run:
    kind: str  # "dir" or "tar": package_ingest; "copy-dir"/"copy-tar": the limit
    round: int
    seconds: float
    payload: int
    mode: str = "freed"
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return rate(self.payload, self.seconds)


def run_ingest(root: Path, source: Source, payload: int, number: int, mode: str) -> Run:
    from django.test import override_settings

    from preservation.services.ingest import package_ingest

    evict(source.path)  # read the package from disk, not from the page cache
    with override_settings(**storage_roots(root)), new_progress() as progress:
        unpack = None
        if source.kind == "tar":
            name = f"unpack {source.path.name}"
            unpack = progress.add_task(name, total=source.unpacked)
        store = progress.add_task(f"ingest {source.path.name}", total=payload)
        watch = Watch(progress, root, store, unpack)
        with polling(watch.poll), phase_timers() as phases:
            start = time.perf_counter()
            report = package_ingest(source=source.path, progress=watch.on_file)
            seconds = time.perf_counter() - start
    check_report(report, payload)
    return Run(source.kind, number, seconds, payload, mode, phases)


def check_report(report, payload: int) -> None:
    if report.status != "accepted":
        for error in report.errors:
            console.print(f"[red]✗ {error['path']}：{error['message']}[/]")
        raise SystemExit(f"The package was not accepted: {report.status}")
    codes = sorted({f["code"] for f in report.findings}) or ["none"]
    on_videos = sum(VIDEO_NAME in f["path"] for f in report.findings)
    console.print(
        f"  [green]accepted[/] {report.case_number}: {report.file_count} files, "
        f"{report.byte_count / MiB:.0f} MiB; findings: {', '.join(codes)} "
        f"({on_videos} on the added videos)"
    )
    if report.byte_count != payload:
        raise SystemExit("The stored bytes differ from the package.")


def run_copy(target: Path, source: Source, number: int, mode: str) -> Run:
    """The limit of moving these bytes: a plain copy with fsync, no hashing.
    A bag directory's payload files, or the .tar file itself."""
    if source.kind == "tar":
        files = [source.path]
    else:
        files = sorted(p for p in (source.path / "data").rglob("*") if p.is_file())
    size = sum(f.stat().st_size for f in files)
    mb_s, seconds = copy_fsync(files, target)
    console.print(
        f"  plain copy + fsync of the {source.kind} ({len(files)} files, "
        f"{size / MiB:.0f} MiB): {mb_s:.0f} MB/s"
    )
    return Run(f"copy-{source.kind}", number, seconds, size, mode)


def run_rounds(
    work: Path,
    package: Package,
    sources: list[Source],
    buffer: bytes,
    limits: list[Limits],
    keep: bool,
) -> list[Run]:
    """Each round: the limits again (after the first), then, on new blocks and
    then on just-freed ones, a plain copy of the bag directory's payload and
    its ingest, and the same for the .tar."""
    console.rule("[bold]3. Ingest")
    django_setup(work)
    runs = []
    per_round = 2 * len(MODES)
    for i in range(0, len(sources), per_round):
        number = i // per_round + 1
        console.print(f"[bold]Round {number}[/]")
        if number > 1:
            disk_bytes = limits[0].disk_bytes
            limits.append(measure_limits(work, buffer, disk_bytes, first=False))
        for m, mode in enumerate(MODES):
            pair = sources[i + 2 * m : i + 2 * m + 2]
            runs += _run_mode(work, package, pair, buffer, number, mode, keep)
    return runs


def _run_mode(work, package, pair, buffer, number: int, mode: str, keep: bool):
    console.print(f"[bold]{mode} blocks[/]")
    runs, written = [], []
    for source in pair:
        # After the first round, the first writer on "new" blocks lands on
        # blocks the previous round freed (fast on this VM's disk image), the
        # second on blocks never written (several times slower): the copy and
        # the ingest take turns at going first, so neither is always favoured.
        order = ("copy", "ingest") if number % 2 else ("ingest", "copy")
        for kind in order:
            root = work / f"{kind}-{number:02d}-{mode}-{source.kind}"
            if mode == "freed":
                staged = source.unpacked if source.kind == "tar" else 0
                free_blocks(work, buffer, package.payload + staged)
            if kind == "copy":
                runs.append(run_copy(root, source, number, mode))
            else:
                runs.append(run_ingest(root, source, package.payload, number, mode))
            written.append(root)
            if mode == "freed":
                _drop(root, keep)
    for root in written:  # new blocks: nothing freed until the mode is done
        _drop(root, keep)
    return runs


def _drop(root: Path, keep: bool) -> None:
    """Free the disk between runs (objects are read-only, their folders not)."""
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
