"""The machine under the ingest benchmark: what it is, and what no ingest can beat.

`print_machine` describes the CPU, memory, kernel and file system; `measure_limits`
measures hashlib SHA-256 over an in-memory buffer and the disk's sequential write
(with fsync) and read (cold and cached); `free_blocks` writes and deletes ballast
so that the next write lands on just-freed blocks (see bench/README.md, *VM
disks*). Also the constants and the console every `ingest_*` module shares.
Used by bench/ingest_throughput.py, bench/fixity_audit.py and bench/search.py.
"""

import hashlib
import os
import platform
import ssl
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # the archive's own (Django-free) helpers

from preservation.files import fsync_dir  # noqa: E402

MiB = 1024 * 1024
CHUNK = MiB  # the read size of preservation.services.storage
HASH_BUFFER = 256 * MiB
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


def copy_fsync(sources: list[Path], target: Path) -> tuple[float, float]:
    """Copy files into the new folder `target` as a plain copy does
    (`shutil.copyfile`: copy_file_range/sendfile in the kernel), fsync each
    file and the folder; the sources are dropped from the page cache first.
    Returns MB/s and seconds: what moving these bytes costs without hashing."""
    import shutil

    for source in sources:
        evict(source)
    target.mkdir(parents=True)
    size = sum(source.stat().st_size for source in sources)
    start = time.perf_counter()
    for n, source in enumerate(sources):
        copy = target / f"{n:04d}-{source.name}"
        shutil.copyfile(source, copy)
        fd = os.open(copy, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fsync_dir(target)
    seconds = time.perf_counter() - start
    return rate(size, seconds), seconds


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
