"""Ingest throughput, measured beside the machine's own limits.

Run from the project root (about a minute with the defaults; see bench/README.md):

    .venv/bin/python bench/ingest_throughput.py [--size-mb 512] [--files 4] [--keep]

It first measures what no ingest can beat on this machine: hashlib SHA-256 over
an in-memory buffer, and the disk's sequential write (with fsync) and read
(cold, after dropping the file from the page cache, and cached). Then it builds
a submission package (the example case plus large body-worn-camera videos),
configures Django for a throwaway SQLite database and storage roots in a
temporary folder, and times `storage.object_store` alone, then
`package_ingest` on the bag directory and on the same package as a .tar, in
--repeat rounds; the fastest of each counts.

Sizes are in MiB; rates are in MB/s (10^6 bytes per second), like dd and rich.
"""

import argparse
import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import platform
import shutil
import ssl
import struct
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT.parent / "shared" / "examples" / "sip-example-major-penalty"
EXAMPLE_VIDEO = "data/materials/investigation/03-现场检查录像.mp4"
VIDEO_NAME = "执法记录仪录像.mp4"  # the added videos: NN-执法记录仪录像.mp4
MiB = 1024 * 1024
CHUNK = MiB  # the read size of preservation.services.storage
HASH_BUFFER = 256 * MiB
POLL_SECONDS = 0.2
FREE_MARGIN = 2  # see free_blocks

# Piped output is laid out for 110 columns instead of rich's default 80.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 110)


# --- the machine ---------------------------------------------------------------


def cpu_info() -> tuple[str, bool]:
    """The CPU model name and whether it has the SHA extensions (SHA-NI)."""
    model, sha_ni = platform.processor() or "unknown", False
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return model, sha_ni
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "model name":
            model = value.strip()
        elif name.strip() == "flags":
            sha_ni = "sha_ni" in value.split()
            break
    return model, sha_ni


def memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def filesystem_of(path: Path) -> str:
    """The device and type of the file system holding `path` (from /proc/mounts)."""
    best, found = "", "unknown"
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return found
    resolved = str(path.resolve())
    for line in mounts:
        device, mount_point, fs_type, *_ = line.split()
        inside = resolved == mount_point or resolved.startswith(
            mount_point.rstrip("/") + "/"
        )
        if inside and len(mount_point) > len(best):
            best, found = mount_point, f"{device} ({fs_type}) on {mount_point}"
    return found


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def print_machine(work: Path) -> None:
    from importlib.metadata import version

    model, sha_ni = cpu_info()
    table = Table(title="Machine", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("nproc", str(os.cpu_count()))
    table.add_row("memory", memory_total())
    table.add_row("CPU", f"{model} (SHA-NI: {'yes' if sha_ni else 'no'})")
    table.add_row("kernel", f"{platform.system()} {platform.release()}")
    table.add_row("Python", sys.version.split()[0])
    backend = type(hashlib.sha256()).__module__  # _hashlib: OpenSSL's libcrypto
    table.add_row("hashlib", f"{ssl.OPENSSL_VERSION} (via {backend})")
    table.add_row(
        "Django / Wagtail / bagit",
        f"{version('django')} / {version('wagtail')} / {version('bagit')}",
    )
    filesystem = filesystem_of(work)
    table.add_row("temp folder", f"{work} on {filesystem}")
    table.add_row("load average", f"{load_average()} (1, 5, 15 min) at start")
    console.print(table)
    if "tmpfs" in filesystem:
        console.print("[yellow]The temp folder is in memory: use --dir on a disk.[/]")


# --- the machine's limits ------------------------------------------------------


@dataclass
class Limits:
    """One measurement of what no ingest can beat; MB/s."""

    sha256: float
    write: float  # onto blocks just freed, as every ingest run below writes
    write_first: float | None  # the first write of round 1: usually new blocks
    read_cold: float | None  # None where posix_fadvise is missing
    read_cached: float
    disk_bytes: int


def rate(size: int, seconds: float) -> float:
    return size / seconds / 1e6


def sha256_rate(buffer: bytes, rounds: int = 3) -> tuple[float, list[float]]:
    """hashlib SHA-256 over an in-memory buffer in 1 MiB updates; best of `rounds`."""
    view = memoryview(buffer)
    runs = []
    for _ in range(rounds):
        hasher = hashlib.sha256()
        start = time.perf_counter()
        for offset in range(0, len(view), CHUNK):
            hasher.update(view[offset : offset + CHUNK])
        hasher.digest()
        runs.append(rate(len(view), time.perf_counter() - start))
    return max(runs), runs


def evict(path: Path) -> bool:
    """Flush a file (or every file under a folder) and drop it from the page cache.

    Returns False where posix_fadvise does not exist (then reads stay cached).
    """
    if not hasattr(os, "posix_fadvise"):
        return False
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    for file in files:
        fd = os.open(file, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    return True


def write_fsync(path: Path, buffer: bytes, size: int) -> float:
    """Write `size` bytes (the random buffer, repeated) in 1 MiB writes, fsync."""
    view = memoryview(buffer)
    start = time.perf_counter()
    with path.open("wb", buffering=0) as f:
        written = 0
        while written < size:
            offset = written % len(view)
            n = min(CHUNK, size - written, len(view) - offset)
            written += f.write(view[offset : offset + n])
        os.fsync(f.fileno())
    return rate(size, time.perf_counter() - start)


def read_all(path: Path) -> float:
    buffer = bytearray(CHUNK)
    size = 0
    start = time.perf_counter()
    with path.open("rb", buffering=0) as f:
        while n := f.readinto(buffer):
            size += n
    return rate(size, time.perf_counter() - start)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def free_blocks(work: Path, buffer: bytes, writes: int) -> float:
    """Write twice `writes` bytes, delete them, commit; return the write rate.

    The writes that follow then land on blocks the file system has just freed.
    Where the disk is a sparse image on a VM host (as on the machine this was
    written on), the first write to a block is several times slower than a
    rewrite, so whichever run happened to get new blocks would lose whatever
    the code did. Twice as much as will be written, because ext4 does not hand
    every freed block to the next writer (a new folder may start elsewhere).
    """
    ballast = work / "ballast.bin"
    written = write_fsync(ballast, buffer, FREE_MARGIN * writes)
    ballast.unlink()
    fsync_dir(work)  # commit the unlink: ext4 reuses freed blocks only then
    return written


def measure_limits(
    work: Path, buffer: bytes, disk_bytes: int, *, first: bool
) -> Limits:
    sha256, runs = sha256_rate(buffer)
    write_first = free_blocks(work, buffer, disk_bytes)
    probe = work / "disk-probe.bin"
    write = write_fsync(probe, buffer, disk_bytes)
    # Dropped from this kernel's page cache; a VM's host may still cache it.
    read_cold = read_all(probe) if evict(probe) else None
    read_cached = read_all(probe)
    probe.unlink()
    listed = ", ".join(f"{r:.0f}" for r in runs)
    cold = "n/a (no posix_fadvise)" if read_cold is None else f"{read_cold:.0f}"
    first_write = f" (first write {write_first:.0f})" if first else ""
    console.print(
        f"hashlib SHA-256 [bold]{sha256:.0f}[/] MB/s (best of {listed}; "
        f"{len(buffer) // MiB} MiB in memory, 1 MiB updates) · "
        f"disk write+fsync [bold]{write:.0f}[/]{first_write} · "
        f"read cold [bold]{cold}[/] · read cached [bold]{read_cached:.0f}[/]"
    )
    return Limits(
        sha256,
        write,
        write_first if first else None,
        read_cold,
        read_cached,
        disk_bytes,
    )


def best_limits(rounds: list[Limits]) -> Limits:
    colds = [r.read_cold for r in rounds if r.read_cold is not None]
    firsts = [r.write_first for r in rounds if r.write_first is not None]
    return Limits(
        sha256=max(r.sha256 for r in rounds),
        write=max(r.write for r in rounds),
        write_first=max(firsts) if firsts else None,
        read_cold=max(colds) if colds else None,
        read_cached=max(r.read_cached for r in rounds),
        disk_bytes=rounds[0].disk_bytes,
    )


# --- the submission package ----------------------------------------------------


def mp4_with_padding(clip: bytes, size: int) -> tuple[bytes, int]:
    """The clip followed by the header of a `free` box padding it to `size`.

    Returns the bytes to write first and how many random bytes must follow.
    """
    padding = size - len(clip) - 16
    if padding < 0:
        raise SystemExit(f"Each video needs at least {len(clip) + 16} bytes.")
    header = struct.pack(">I4sQ", 1, b"free", 16 + padding)  # 64-bit box size
    return clip + header, padding


def write_video(path: Path, clip: bytes, size: int) -> str:
    """Write one video and return its SHA-256, computed while writing."""
    head, padding = mp4_with_padding(clip, size)
    hasher = hashlib.sha256(head)
    with path.open("wb") as f:
        f.write(head)
        while padding:
            chunk = os.urandom(min(CHUNK, padding))
            hasher.update(chunk)
            f.write(chunk)
            padding -= len(chunk)
    return hasher.hexdigest()


def video_entry(number: int, nth: int, agency: str, officer: str) -> dict:
    """The materials[] entry of the `nth` video, numbered `number` in the case."""
    start = dt.datetime(2025, 2, 10, 9, 0) + dt.timedelta(minutes=10 * nth)
    return {
        "path": f"materials/investigation/{number:02d}-{VIDEO_NAME}",
        "stage": "investigation",
        "form": "video",
        "doc_type": "执法记录仪录像",
        "doc_number": "",
        "author": agency,
        "title": f"现场检查执法记录仪录像（第 {nth} 段）",
        "date": "2025-02-10",
        "activity": "on_site_inspection",
        "av": {
            "recorded_from": f"{start:%Y-%m-%dT%H:%M}:00+08:00",
            "recorded_to": f"{start + dt.timedelta(minutes=9):%Y-%m-%dT%H:%M}:00+08:00",
            "stored_at": "2025-02-10T17:30:00+08:00",
            "device": f"ZFJLY-{nth:04d}",
            "made_by": officer,
            "method": "执法记录仪录像",
            "proves": "现场检查情况",
            "continuous": True,
            "interruptions": [],
        },
    }


@dataclass
class Package:
    """What every bag holds: the example's documents and the large videos.

    The videos are written once; every bag hard-links to them.
    """

    files: dict[str, tuple[Path, str]]  # path under data/ -> (file, SHA-256)
    videos: int
    each: int  # bytes of each video
    clip: int  # bytes of the real clip at the head of every video

    @property
    def payload(self) -> int:
        """Bytes of all materials: what the progress callback counts."""
        return sum(path.stat().st_size for path, _ in self.files.values())


def example_materials() -> list[dict]:
    document = json.loads((EXAMPLE / "data" / "case.json").read_text("utf-8"))
    return document["materials"]


def write_videos(work: Path, size: int, videos: int) -> Package:
    clip = (EXAMPLE / EXAMPLE_VIDEO).read_bytes()
    files = {}
    for entry in example_materials():
        path = EXAMPLE / "data" / entry["path"]
        files[entry["path"]] = (path, hashlib.sha256(path.read_bytes()).hexdigest())
    pool = work / "videos"
    pool.mkdir()
    each = size // videos
    first = len(files) + 1
    for number in range(first, first + videos):
        path = pool / f"{number:02d}.mp4"
        rel = f"materials/investigation/{number:02d}-{VIDEO_NAME}"
        files[rel] = (path, write_video(path, clip, each))
    return Package(files, videos, each, len(clip))


def case_document(case_number: str, package: Package) -> dict:
    """The example's case.json under another number, with the videos added."""
    document = json.loads((EXAMPLE / "data" / "case.json").read_text("utf-8"))
    case = document["case"]
    case["case_number"] = case_number
    agency, officer = case["agency"]["name"], case["officers"][0]["name"]
    first = len(document["materials"]) + 1
    document["materials"] += [
        video_entry(first + nth, nth + 1, agency, officer)
        for nth in range(package.videos)
    ]
    return document


def write_tag_file(bag: Path, name: str, lines: list[str]) -> str:
    data = "".join(f"{line}\n" for line in lines).encode("utf-8")
    (bag / name).write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def write_bag(bag: Path, package: Package, document: dict) -> None:
    """A BagIt 1.0 bag of the package's files and `document` as case.json.

    The videos are hard links, the example's small documents copies. The
    manifests are written here from the digests computed with the videos,
    which saves bagit-python a second read of every byte; ingest checks them
    with bagit-python like any other bag.
    """
    case_json = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    (bag / "data").mkdir(parents=True)
    (bag / "data" / "case.json").write_bytes(case_json)
    manifest = [f"{hashlib.sha256(case_json).hexdigest()}  data/case.json"]
    for entry in document["materials"]:
        source, digest = package.files[entry["path"]]
        target = bag / "data" / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_relative_to(EXAMPLE):
            shutil.copyfile(source, target)
        else:
            target.hardlink_to(source)
        manifest.append(f"{digest}  data/{entry['path']}")
    case = document["case"]
    oxum = f"{package.payload + len(case_json)}.{len(manifest)}"
    tags = {
        "bagit.txt": ["BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"],
        "bag-info.txt": [
            "Bag-Software-Agent: bench/ingest_throughput.py",
            f"Bagging-Date: {time.strftime('%Y-%m-%d')}",
            f"External-Identifier: {case['case_number']}",
            f"Payload-Oxum: {oxum}",
            f"Source-Organization: {case['agency']['name']}",
        ],
        "manifest-sha256.txt": manifest,
    }
    tag_manifest = [
        f"{write_tag_file(bag, name, lines)}  {name}" for name, lines in tags.items()
    ]
    write_tag_file(bag, "tagmanifest-sha256.txt", tag_manifest)


@dataclass
class Source:
    """One submission package to ingest: a bag directory or a .tar of one."""

    kind: str  # "dir" or "tar"
    path: Path
    unpacked: int  # bytes of every file in the bag (what a .tar unpacks)


def make_source(work: Path, package: Package, kind: str, number: int) -> Source:
    """A bag under its own case number, so that every ingest is a new case
    rather than a duplicate of the one before; for "tar", an uncompressed
    .tar of it."""
    bag = work / f"sip-{number:02d}-{kind}"
    case_number = f"珠应急罚〔2025〕{900 + number}号"
    write_bag(bag, package, case_document(case_number, package))
    unpacked = sum(p.stat().st_size for p in bag.rglob("*") if p.is_file())
    if kind == "dir":
        return Source(kind, bag, unpacked)
    tar = bag.with_suffix(".tar")
    with tarfile.open(tar, "w") as archive:
        archive.add(bag, arcname=bag.name)
    shutil.rmtree(bag)
    return Source(kind, tar, unpacked)


def build_package(
    work: Path, size: int, videos: int, repeat: int
) -> tuple[Package, list[Source]]:
    console.rule("[bold]2. The submission package")
    start = time.perf_counter()
    package = write_videos(work, size, videos)
    sources = []
    for i in range(repeat):
        sources.append(make_source(work, package, "dir", 2 * i + 1))
        sources.append(make_source(work, package, "tar", 2 * i + 2))
    small = len(package.files) - videos
    small_bytes = package.payload - videos * package.each
    console.print(
        f"The {small} documents of {EXAMPLE.name} (PDF, JPEG, a short MP4; "
        f"{small_bytes // 1024} KiB) and {videos} × {package.each / MiB:.1f} MiB "
        "body-worn-camera videos (materials/investigation/NN-执法记录仪录像.mp4, "
        "form “video”). Each video is the example's real 160×120 H.264/AAC clip "
        f"({package.clip // 1024} KiB) followed by an MP4 `free` box of random "
        "bytes (os.urandom): libmagic says video/mp4 and the PyAV container check "
        "opens it as it would a camera file, while the bytes cannot be compressed "
        "or deduplicated."
    )
    console.print(
        "case.json is the example's, with the videos added to materials[]. "
        f"{repeat} BagIt 1.0 bag director{'y' if repeat == 1 else 'ies'} and "
        f"{repeat} uncompressed .tar of {sources[1].unpacked / MiB:.0f} MiB, each "
        "under its own case number, all hard-linked to the same videos; manifests "
        "from the SHA-256 computed while writing them. "
        f"Built in {time.perf_counter() - start:.1f} s."
    )
    return package, sources


# --- Django --------------------------------------------------------------------


def django_setup(work: Path) -> None:
    """A throwaway SQLite database and storage roots inside `work`."""
    var = work / "var"
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings.dev"
    os.environ["ARCHIVE_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
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
    console.print(
        f"Django: settings.dev, SQLite in {var}, migrated in "
        f"{time.perf_counter() - start:.1f} s (not timed below)."
    )
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
    "identify": ("ingest", "identify"),
    "file checks": ("ingest", "check_file"),
    "record": ("ingest", "_record"),
    "cleanup": ("ingest", "staging_remove"),
}


def _timed(fn: Callable, phase: str, totals: dict[str, float]) -> Callable:
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
    from preservation.services import ingest, storage

    modules = {"ingest": ingest, "storage": storage}
    totals = dict.fromkeys(PHASES, 0.0)
    with contextlib.ExitStack() as stack:
        for phase, (module, name) in PHASES.items():
            target = modules[module]
            wrapped = _timed(getattr(target, name), phase, totals)
            stack.enter_context(mock.patch.object(target, name, wrapped))
        yield totals


# --- the runs ------------------------------------------------------------------


@dataclass
class Run:
    kind: str  # "copy", "dir" or "tar"
    round: int
    seconds: float
    payload: int
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return rate(self.payload, self.seconds)


def run_ingest(root: Path, source: Source, payload: int, number: int) -> Run:
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
    return Run(source.kind, number, seconds, payload, phases)


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


def run_object_store(root: Path, files: list[Path], payload: int, number: int) -> Run:
    """storage.object_store over the same files: the copy alone, no Django."""
    from django.test import override_settings

    from preservation.services import storage

    for file in files:
        evict(file)
    with override_settings(**storage_roots(root)):
        start = time.perf_counter()
        for file in files:
            storage.object_store(file)
        seconds = time.perf_counter() - start
    console.print(f"  storage.object_store of {len(files)} files: {seconds:.2f} s")
    return Run("copy", number, seconds, payload)


def run_rounds(
    work: Path,
    package: Package,
    sources: list[Source],
    buffer: bytes,
    limits: list[Limits],
    keep: bool,
) -> list[Run]:
    """Each round: the limits again (after the first), then the three runs,
    each writing onto blocks freed just before it (see free_blocks)."""
    console.rule("[bold]3. Ingest")
    django_setup(work)
    payload = package.payload
    # The materials of the first bag directory, for storage.object_store alone.
    files = [sources[0].path / "data" / rel for rel in package.files]
    runs = []
    for i in range(0, len(sources), 2):
        number = i // 2 + 1
        console.print(f"[bold]Round {number}[/]")
        if number > 1:
            disk_bytes = limits[0].disk_bytes
            limits.append(measure_limits(work, buffer, disk_bytes, first=False))
        root = work / f"storage-{number:02d}-copy"
        free_blocks(work, buffer, payload)
        runs.append(run_object_store(root, files, payload, number))
        _drop(root, keep)
        for source in sources[i : i + 2]:
            root = work / f"storage-{number:02d}-{source.kind}"
            staged = source.unpacked if source.kind == "tar" else 0
            free_blocks(work, buffer, payload + staged)
            runs.append(run_ingest(root, source, payload, number))
            _drop(root, keep)
    return runs


def _drop(root: Path, keep: bool) -> None:
    """Free the disk between runs (objects are read-only, their folders not)."""
    if not keep:
        shutil.rmtree(root, ignore_errors=True)


# --- the report ----------------------------------------------------------------

LABELS = {
    "copy": "storage.object_store alone",
    "dir": "package_ingest(bag directory)",
    "tar": "package_ingest(.tar)",
}
WHAT = {
    "copy": "the hash-while-copy + fsync step alone",
    "dir": "end to end: checks, store, identify, record",
    "tar": "unpack into staging + all of the above",
}


def best_runs(runs: list[Run]) -> dict[str, list[Run]]:
    """Runs by kind, fastest first."""
    by_kind: dict[str, list[Run]] = {}
    for run in runs:
        by_kind.setdefault(run.kind, []).append(run)
    return {k: sorted(v, key=lambda r: r.seconds) for k, v in by_kind.items()}


def serial_estimate(limits: Limits) -> float | None:
    """Read (cold), hash, then write + fsync, one after another, in one thread."""
    if limits.read_cold is None:
        return None
    return 1 / (1 / limits.read_cold + 1 / limits.sha256 + 1 / limits.write)


def _limit_rows(table: Table, rounds: list[Limits]) -> None:
    best = best_limits(rounds)
    disk = f"{best.disk_bytes // MiB} MiB file"
    rows = [
        ("hashlib SHA-256", "sha256", "in memory, 1 MiB updates"),
        ("disk write + fsync", "write", f"{disk}, onto just-freed blocks"),
        ("… first write", "write_first", "round 1's first write: new blocks"),
        ("disk read, cold", "read_cold", f"{disk}, after FADV_DONTNEED"),
        ("disk read, cached", "read_cached", f"{disk}, from the page cache"),
    ]
    for label, name, note in rows:
        values = [v for r in rounds if (v := getattr(r, name)) is not None]
        value = getattr(best, name)
        if value is None:
            table.add_row(label, "n/a", "", "", "", note)
            continue
        each = ", ".join(f"{v:.0f}" for v in values)
        table.add_row(label, f"{value:.0f}", _ratio(value, best), each, "", note)
    serial = serial_estimate(best)
    if serial is not None:
        note = "1 / (1/read cold + 1/SHA-256 + 1/write)"
        table.add_row(
            "serial estimate", f"{serial:.0f}", _ratio(serial, best), "", "", note
        )


def _ratio(value: float, best: Limits) -> str:
    return f"{value / best.sha256:.2f}"


def results_table(rounds: list[Limits], runs: list[Run]) -> Table:
    table = Table(
        title="Results: best of each, MB/s = 10^6 bytes/s", title_justify="left"
    )
    for name in ("measure", "MB/s", "÷ SHA-256", "each round MB/s", "best s"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    table.add_column("what it is")
    _limit_rows(table, rounds)
    table.add_section()
    best = best_limits(rounds)
    for kind, kind_runs in best_runs(runs).items():
        fastest = kind_runs[0]
        each = ", ".join(
            f"{r.rate:.0f}" for r in sorted(kind_runs, key=lambda r: r.round)
        )
        table.add_row(
            f"[bold]{LABELS[kind]}[/]",
            f"[bold]{fastest.rate:.0f}[/]",
            f"[bold]{_ratio(fastest.rate, best)}[/]",
            each,
            f"{fastest.seconds:.2f}",
            WHAT[kind],
        )
    return table


def phases_table(runs: list[Run]) -> Table:
    table = Table(title="Where each ingest's time went (seconds)", title_justify="left")
    table.add_column("run")
    for phase in [*PHASES, "other", "total"]:
        table.add_column(phase, justify="right")
    for run in runs:
        if run.kind == "copy":
            continue
        other = run.seconds - sum(run.phases.values())
        cells = [f"{run.phases[p]:.2f}" for p in PHASES]
        label = f"{run.kind} #{run.round}"
        table.add_row(label, *cells, f"{other:.2f}", f"{run.seconds:.2f}")
    return table


NOTES = """\
What ingest does per payload byte: it reads the bag's file once (from disk: each
package was dropped from the page cache before its run; in a VM the host may
still cache it, as it caches the disk probe's file), hashes it with SHA-256
while writing it to a temporary file in storage, fsyncs that file and links it
under its digest ("store"); then it identifies the stored object by content
(libmagic reads its first bytes, PyAV opens the MP4 container and reads one
packet) and records the case in one transaction. It does all of this in one
thread, so reading, hashing and the final fsync add up rather than overlap:
"serial estimate" is what that costs with the disk and hash figures above, and
min(read, SHA-256, write) the ceiling if they overlapped perfectly. An ingest
÷ SHA-256 ratio close to the serial estimate's means ingest does little beyond
the work it must do; "store" in the second table is that work. A .tar is first
unpacked into staging (a read of the .tar and a write into the page cache,
without fsync), then ingested from there like a directory: the difference
between the two package_ingest rows is the cost of extraction. Before each run
(and before the disk probe) twice what it will write was written and deleted,
so that every run writes onto just-freed blocks: on a VM disk image the first
write to a block can be several times slower ("… first write")."""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size-mb", type=int, default=512, help="total MiB of video (default 512)"
    )
    parser.add_argument(
        "--files", type=int, default=4, help="number of videos (default 4)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="rounds of ingest runs; the fastest counts (default 2)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument(
        "--dir", type=Path, help="where to make the temp folder (which disk)"
    )
    args = parser.parse_args()
    if args.size_mb < 1 or not 1 <= args.files <= 99 or args.repeat < 1:
        parser.error("--size-mb ≥ 1, --files from 1 to 99, --repeat ≥ 1")
    return args


def main() -> None:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="ingest-bench-", dir=args.dir))
    started = time.perf_counter()
    try:
        print_machine(work)
        size = args.size_mb * MiB
        console.rule("[bold]1. The machine's limits")
        buffer = os.urandom(HASH_BUFFER)
        limits = [measure_limits(work, buffer, size, first=True)]
        package, sources = build_package(work, size, args.files, args.repeat)
        runs = run_rounds(work, package, sources, buffer, limits, args.keep)
        del buffer
        console.rule("[bold]4. Results")
        console.print(results_table(limits, runs))
        console.print(phases_table(runs))
        console.print(NOTES)
        console.print(
            f"\nTotal {time.perf_counter() - started:.0f} s; "
            f"load average at the end {load_average()} (other work on this "
            "machine slows every figure)."
        )
    finally:
        if args.keep:
            console.print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
