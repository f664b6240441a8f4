"""Streamed digests, synced copies and atomic placement: the one file module.

Every part of the archive that hashes, copies or publishes files calls this
module (ingest and storage, AIP writing, fixity and repair, rebuild, disc
writing and verification), so each rule is kept in one place:

- Files are read in CHUNK_SIZE (1 MiB) reads into one reused buffer, and each
  byte is hashed once for all algorithms (any `hashlib.new` name, including
  "sm3" for GB/T 32905 manifests, which OpenSSL provides).
- A copy is hashed while it is written and fsynced before it is closed.
- A file or folder becomes visible under its final name only complete: it is
  written to a temporary name in the target folder, fsynced, renamed (or
  linked) into place, and the folder is fsynced so the new entry survives a
  crash. A temporary left by a crash keeps a prefix the janitor recognises.

`progress`, where accepted, is called as `progress(done_bytes, total_bytes)`
after every read.
"""

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

CHUNK_SIZE = 1024 * 1024  # reads of at least 256 KiB keep hashing CPU-bound

ByteProgress = Callable[[int, int], None]


def hash_stream(
    src: BinaryIO,
    algorithms: Iterable[str],
    *,
    on_chunk: Callable[[memoryview], None] | None = None,
) -> tuple[dict[str, str], int]:
    """Read `src` to its end, hashing every chunk once with each algorithm.

    `on_chunk` sees each chunk (a view of a reused buffer: copy it to keep
    it). Returns the hex digests by algorithm and the number of bytes read.
    """
    hashers = {name: hashlib.new(name) for name in algorithms}
    size = 0
    buffer = bytearray(CHUNK_SIZE)
    view = memoryview(buffer)
    while n := src.readinto(buffer):
        chunk = view[:n]
        for hasher in hashers.values():
            hasher.update(chunk)
        if on_chunk is not None:
            on_chunk(chunk)
        size += n
    return {name: h.hexdigest() for name, h in hashers.items()}, size


def digests(
    path: Path, algorithms: Iterable[str], progress: ByteProgress | None = None
) -> dict[str, str]:
    """The digests of the file at `path`, read once, by algorithm."""
    total = path.stat().st_size if progress else 0
    done = 0

    def report(chunk: memoryview) -> None:
        nonlocal done
        done += len(chunk)
        progress(done, total)

    with path.open("rb", buffering=0) as f:
        found, _ = hash_stream(f, algorithms, on_chunk=report if progress else None)
    return found


def digest(path: Path, algorithm: str = "sha256") -> str:
    """The digest of the file at `path` with one algorithm."""
    return digests(path, (algorithm,))[algorithm]


def content_digests(content: bytes, algorithms: Iterable[str]) -> dict[str, str]:
    """The digests of bytes already in memory, by algorithm."""
    return {a: hashlib.new(a, content).hexdigest() for a in algorithms}


def copy_with_digests(
    src: Path,
    dst: Path,
    algorithms: Iterable[str] = (),
    progress: ByteProgress | None = None,
) -> tuple[dict[str, str], int]:
    """Copy `src` to `dst` (created or truncated), hashing once, then fsync.

    Returns the digests by algorithm and the number of bytes copied.
    """
    total = src.stat().st_size if progress else 0
    with src.open("rb", buffering=0) as fsrc, dst.open("wb") as fdst:
        done = 0

        def write(chunk: memoryview) -> None:
            nonlocal done
            fdst.write(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)

        found, size = hash_stream(fsrc, algorithms, on_chunk=write)
        fdst.flush()
        os.fsync(fdst.fileno())
    return found, size


def copy_synced(src: str | Path, dst: str | Path) -> None:
    """Copy one file and fsync it (a `shutil.copytree` copy_function)."""
    copy_with_digests(Path(src), Path(dst))


def write_synced(target: Path, content: bytes) -> None:
    """Write `content` to `target` (created or truncated) and fsync it."""
    with target.open("wb") as f:
        f.write(content)
        f.flush()
        os.fsync(f.fileno())


def write_atomically(target: Path, content: bytes) -> None:
    """Replace `target` with `content`; readers see the old or the new file."""
    tmp = target.with_name(f".{target.name}.partial")
    write_synced(tmp, content)
    place_atomically(tmp, target)


def place_atomically(tmp: Path, final: Path, *, link: bool = False) -> None:
    """Move a complete, fsynced `tmp` to `final` and fsync the folder.

    With `link`, `final` is hard-linked and never replaced: FileExistsError
    if it is already there (the caller decides what that means); `tmp` stays.
    """
    if link:
        os.link(tmp, final)
    else:
        tmp.replace(final)
    fsync_dir(final.parent)


def place_tree(source: Path, target: Path, *, aside: str = "") -> None:
    """Copy the folder `source` to `target`, which appears only complete.

    Every file is copied synced into `.incoming-*` beside `target`, then the
    copy is renamed into place. With `aside` (a temporary-folder prefix such
    as ".repair-"), an existing `target` is first moved into that temporary
    folder and removed with it afterwards.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = aside or ".incoming-"
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
    try:
        shutil.copytree(source, work / "bag", copy_function=copy_synced)
        if aside and target.exists():
            target.rename(work / "damaged")
        place_atomically(work / "bag", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
