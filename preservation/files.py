"""Streamed digests, synced copies and atomic placement: the one file module.

Every part of the archive that hashes, copies or publishes files calls this
module (ingest and storage, AIP writing, fixity and repair, rebuild, disc
writing and verification), so each rule is kept in one place:

- Files are read in CHUNK_SIZE (1 MiB) reads into one reused buffer, and each
  byte is hashed once for all algorithms (any `hashlib.new` name, including
  "sm3" for GB/T 32905 manifests, which OpenSSL provides).
- A copy is hashed while it is written and fsynced before it is closed. A
  large one (over PIPELINE_MIN bytes) overlaps its three steps: a reader
  thread fills a few PIPELINE_CHUNK buffers, the caller's thread hashes each
  once, a writer thread writes it and has the kernel start writing it back
  every WRITEBACK_EVERY bytes, so the final fsync waits for little; hashlib
  and file I/O release the GIL, so the steps run at once. A failure in any
  step stops the others and is raised in the caller's thread.
- A large file copied whole (`copy_with_digests`), or a range of one (a
  plain tar's member, `copy_range_with_digests`), is copied by the kernel
  instead (copy_file_range, no trip through Python's buffers), and each
  chunk is read back from the target's page cache and hashed as the next one
  is copied: the digest is of the bytes stored. Where the kernel cannot copy
  between the two files, the buffers' pipeline does it.
- The threads and the disk they write to are in `preservation.copying`.
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

from preservation.copying import (
    CHUNK_SIZE,
    KERNEL_COPY_UNSUPPORTED,
    PIPELINE_CHUNK,  # noqa: F401 (part of this module's API)
    PIPELINE_MIN,
    KernelCopy,
    Pipeline,
    RangeReader,
    Span,
    copy_serially,
)

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
    total = src.stat().st_size
    with src.open("rb", buffering=0) as fsrc:
        read_sequentially(fsrc)
        if total >= PIPELINE_MIN:
            span = Span(fsrc.fileno(), 0, None)
            copied = _kernel_copy(span, dst, algorithms, total, progress)
            if copied is not None:
                return copied
        return stream_to_file(fsrc, dst, algorithms, size_hint=total, progress=progress)


def copy_range_with_digests(
    src_fd: int,
    offset: int,
    size: int,
    dst: Path,
    algorithms: Iterable[str] = (),
    *,
    sync: bool = True,
) -> tuple[dict[str, str], int]:
    """Copy `size` bytes at `offset` of the open file `src_fd` (a plain tar's
    member) to `dst`, hashing once, then fsync (unless not `sync`: the caller
    does, `fsync_files`); EOFError if the file ends before. Returns the
    digests by algorithm and the number of bytes copied."""
    if size >= PIPELINE_MIN:
        span = Span(src_fd, offset, size)
        copied = _kernel_copy(span, dst, algorithms, size, None, sync=sync)
        if copied is not None:
            return copied
    reader = RangeReader(src_fd, offset, size)
    return stream_to_file(reader, dst, algorithms, size_hint=size, sync=sync)


def _kernel_copy(
    span: Span,
    dst: Path,
    algorithms: Iterable[str],
    total: int,
    progress,
    *,
    sync: bool = True,
) -> tuple[dict[str, str], int] | None:
    """A large file or range copied by the kernel and hashed as written
    (`copying.KernelCopy`); None, with `dst` untouched beyond its creation, where
    the kernel cannot copy between these two files (another file system on
    an old kernel)."""
    hashers = {name: hashlib.new(name) for name in algorithms}
    with dst.open("w+b", buffering=0) as fdst:  # read back to be hashed
        copy = KernelCopy(span, fdst.fileno(), hashers, total, progress)
        try:
            first = copy.next_chunk(0)
        except OSError as exc:
            if exc.errno in KERNEL_COPY_UNSUPPORTED:
                return None
            raise
        size = copy.run(first)
        if sync:
            os.fsync(fdst.fileno())
    return {name: h.hexdigest() for name, h in hashers.items()}, size


def stream_to_file(
    src: BinaryIO,
    dst: Path,
    algorithms: Iterable[str] = (),
    *,
    size_hint: int = 0,
    progress: ByteProgress | None = None,
    sync: bool = True,
) -> tuple[dict[str, str], int]:
    """Write what `src` reads to `dst` (created or truncated), hashing once; fsync.

    `size_hint` (the expected size, 0 if unknown) chooses the overlapped copy
    for large files. An exception from `src` (an archive member longer than it
    said) or from the disk leaves `dst` partial: the caller removes it.
    Without `sync`, the caller fsyncs `dst` later (`fsync_files`).
    """
    hashers = {name: hashlib.new(name) for name in algorithms}
    with dst.open("wb", buffering=0) as fdst:
        if size_hint >= PIPELINE_MIN:
            size = Pipeline(src, fdst.fileno(), hashers, size_hint, progress).run()
        else:
            size = copy_serially(src, fdst.fileno(), hashers, size_hint, progress)
        if sync:
            os.fsync(fdst.fileno())
    return {name: h.hexdigest() for name, h in hashers.items()}, size


def fsync_files(paths: Iterable[Path]) -> None:
    """fsync files written without it, one after the other.

    Written in a row and synced together, a package's files share the file
    system's journal commits: the first fsync commits the metadata of all of
    them, the others wait only for their own last data, where one fsync per
    file as it was written cost one commit each.
    """
    for path in paths:
        fsync_path(path)


def read_sequentially(f: BinaryIO) -> None:
    """Ask for a larger readahead window on a file read from start to end."""
    if hasattr(os, "posix_fadvise"):  # a larger readahead window
        os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)


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
    fsync_path(path)


def fsync_path(path: Path) -> None:
    """fsync the file or folder at `path`."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
