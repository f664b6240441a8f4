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
- A large file copied whole (`copy_with_digests`) is copied by the kernel
  instead (copy_file_range, no trip through Python's buffers), and each
  chunk is read back from the target's page cache and hashed as the next one
  is copied: the digest is of the bytes stored (`_KernelCopy`). Where the
  kernel cannot copy between the two files, the buffers' pipeline does it.
- A file or folder becomes visible under its final name only complete: it is
  written to a temporary name in the target folder, fsynced, renamed (or
  linked) into place, and the folder is fsynced so the new entry survives a
  crash. A temporary left by a crash keeps a prefix the janitor recognises.

`progress`, where accepted, is called as `progress(done_bytes, total_bytes)`
after every read.
"""

import errno
import hashlib
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK_SIZE = 1024 * 1024  # reads of at least 256 KiB keep hashing CPU-bound
PIPELINE_MIN = 8 * CHUNK_SIZE  # smaller copies are not worth two threads
PIPELINE_CHUNK = 4 * CHUNK_SIZE
PIPELINE_DEPTH = 4  # buffers in flight: 16 MiB per copy
WRITEBACK_EVERY = 8 * CHUNK_SIZE
# copy_file_range errors that mean "not between these files": copy by hand.
KERNEL_COPY_UNSUPPORTED = {errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL}

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


class RangeReader:
    """`size` bytes at `offset` of an open file, read with `os.preadv` (the
    file's own position is left alone); the file's end before the range's is
    EOFError ("unexpected end of data", a truncated archive)."""

    def __init__(self, fd: int, offset: int, size: int) -> None:
        self.fd, self.position, self.end = fd, offset, offset + size

    def readinto(self, buffer) -> int:
        want = min(len(buffer), self.end - self.position)
        if want <= 0:
            return 0
        n = os.preadv(self.fd, [memoryview(buffer)[:want]], self.position)
        if n == 0:
            raise EOFError("unexpected end of data")
        self.position += n
        return n

    def read(self, size: int = -1) -> bytes:
        want = self.end - self.position if size < 0 else size
        buffer = bytearray(min(want, self.end - self.position))
        n = self.readinto(buffer)
        return bytes(buffer[:n])

    def __enter__(self) -> "RangeReader":
        return self

    def __exit__(self, *exc) -> None:
        return None


@dataclass(frozen=True)
class Span:
    """Where a kernel copy reads: `size` bytes at `offset` of `fd` (None: to
    the file's end)."""

    fd: int
    offset: int
    size: int | None


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
    (`_KernelCopy`); None, with `dst` untouched beyond its creation, where
    the kernel cannot copy between these two files (another file system on
    an old kernel)."""
    hashers = {name: hashlib.new(name) for name in algorithms}
    with dst.open("w+b", buffering=0) as fdst:  # read back to be hashed
        copy = _KernelCopy(span, fdst.fileno(), hashers, total, progress)
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
            size = _Pipeline(src, fdst.fileno(), hashers, size_hint, progress).run()
        else:
            size = _copy_serially(src, fdst.fileno(), hashers, size_hint, progress)
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
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def disk_write(fd: int, chunk: memoryview) -> None:
    """Write all of `chunk` to the file `fd` (the disk, as the copies see it)."""
    while chunk:
        chunk = chunk[os.write(fd, chunk) :]


def disk_copy(src_fd: int, dst_fd: int, count: int, src_at: int, dst_at: int) -> int:
    """Have the kernel copy up to `count` bytes at `src_at` of one file to
    `dst_at` of another (the disk, as the kernel copies see it); returns the
    bytes copied, fewer only at the source's end."""
    done = 0
    while done < count:
        n = os.copy_file_range(
            src_fd, dst_fd, count - done, src_at + done, dst_at + done
        )
        if not n:
            break
        done += n
    return done


def read_sequentially(f: BinaryIO) -> None:
    """Ask for a larger readahead window on a file read from start to end."""
    if hasattr(os, "posix_fadvise"):  # a larger readahead window
        os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)


def _start_writeback(fd: int, start: int, end: int) -> None:
    """Have the kernel start writing these bytes to disk now, not at fsync."""
    if hasattr(os, "posix_fadvise"):  # DONTNEED starts writeback, never waits
        os.posix_fadvise(fd, start, end - start, os.POSIX_FADV_DONTNEED)


def _copy_serially(src, fd: int, hashers: dict, total: int, progress) -> int:
    buffer = bytearray(CHUNK_SIZE)
    view = memoryview(buffer)
    size = 0
    while n := src.readinto(buffer):
        chunk = view[:n]
        for hasher in hashers.values():
            hasher.update(chunk)
        disk_write(fd, chunk)
        size += n
        if progress:
            progress(size, total)
    return size


class _Pipeline:
    """Read ‖ hash ‖ write of one copy: a reader and a writer thread around the
    caller's thread, which hashes. Buffers go free → hashing → writing → free;
    an empty buffer (0 bytes) marks the end, also after a failure."""

    def __init__(self, src, fd: int, hashers: dict, total: int, progress) -> None:
        self.src, self.fd, self.hashers = src, fd, hashers
        self.total, self.progress = total, progress
        self.free: queue.Queue = queue.Queue()
        self.hashing: queue.Queue = queue.Queue()
        self.writing: queue.Queue = queue.Queue()
        self.failed = threading.Event()
        self.errors: list[BaseException] = []
        for _ in range(PIPELINE_DEPTH):
            self.free.put(bytearray(PIPELINE_CHUNK))

    def run(self) -> int:
        threads = [
            threading.Thread(target=self._guard, args=(step,), daemon=True)
            for step in (self._read, self._write)
        ]
        for thread in threads:
            thread.start()
        try:
            size = self._hash()
        except BaseException as exc:  # noqa: BLE001 (raised below, after the joins)
            self._fail(exc)
        finally:
            self.writing.put((None, 0))  # after a failure, the writer stops
            for thread in threads:
                thread.join()
        if self.errors:
            raise self.errors[0]
        return size

    def _guard(self, step) -> None:
        try:
            step()
        except BaseException as exc:  # noqa: BLE001 (raised in the caller's thread)
            self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        self.errors.append(exc)
        self.failed.set()
        self.hashing.put((None, 0))  # wakes the hashing thread if it waits

    def _read(self) -> None:
        while not self.failed.is_set():
            try:
                buffer = self.free.get(timeout=0.1)
            except queue.Empty:
                continue
            n = self.src.readinto(buffer)
            self.hashing.put((buffer, n))
            if not n:
                return

    def _hash(self) -> int:
        size = 0
        while True:
            buffer, n = self.hashing.get()
            if self.failed.is_set():
                return size
            if not n:
                return size
            chunk = memoryview(buffer)[:n]
            for hasher in self.hashers.values():
                hasher.update(chunk)
            size += n
            self.writing.put((buffer, n))
            if self.progress:
                self.progress(size, self.total)

    def _write(self) -> None:
        written = flushed = 0
        while True:
            buffer, n = self.writing.get()
            if not n or self.failed.is_set():
                return
            disk_write(self.fd, memoryview(buffer)[:n])
            written += n
            self.free.put(buffer)
            if written - flushed >= WRITEBACK_EVERY:
                _start_writeback(self.fd, flushed, written)
                flushed = written


class _KernelCopy:
    """Kernel copy ‖ hash of what was written, for a file copied whole.

    A copier thread has the kernel copy each PIPELINE_CHUNK (`disk_copy`:
    copy_file_range, no trip through Python's buffers) and start writing it
    back every WRITEBACK_EVERY bytes (pages being written stay cached), and
    the caller's thread reads each chunk back from the target's page cache,
    where the copy has just put it, and hashes it. The digest is thus of the
    bytes stored. At most PIPELINE_DEPTH chunks
    are copied ahead of the hashing; a failure in either stops both and is
    raised in the caller's thread.
    """

    def __init__(self, span: Span, dst_fd: int, hashers: dict, total, progress):
        self.span, self.dst_fd, self.hashers = span, dst_fd, hashers
        self.total, self.progress = total, progress
        self.copied: queue.Queue = queue.Queue(maxsize=PIPELINE_DEPTH)
        self.failed = threading.Event()
        self.errors: list[BaseException] = []

    def run(self, first: int) -> int:
        """Go on from the `first` bytes, already copied; returns the size."""
        self.copied.put((0, first))
        copier = threading.Thread(target=self._copy, args=(first,), daemon=True)
        if first:
            copier.start()
        try:
            size = self._hash()
        except BaseException as exc:  # noqa: BLE001 (raised below, after the join)
            self.errors.append(exc)
            self.failed.set()
        finally:
            if first:
                copier.join()
        if self.errors:
            raise self.errors[0]
        return size

    def _put(self, item: tuple[int, int]) -> None:
        while not self.failed.is_set():
            try:
                self.copied.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def next_chunk(self, offset: int) -> int:
        """Copy the chunk at `offset` of the target; 0 at the end. A range
        whose file ends before it is EOFError (a truncated archive)."""
        span = self.span
        count = PIPELINE_CHUNK
        if span.size is not None:
            count = min(count, span.size - offset)
            if count <= 0:
                return 0
        n = disk_copy(span.fd, self.dst_fd, count, span.offset + offset, offset)
        if n < count and span.size is not None:
            raise EOFError("unexpected end of data")
        return n

    def _copy(self, offset: int) -> None:
        flushed = offset
        try:
            while not self.failed.is_set():
                n = self.next_chunk(offset)
                if offset + n - flushed >= WRITEBACK_EVERY:
                    _start_writeback(self.dst_fd, flushed, offset + n)
                    flushed = offset + n
                self._put((offset, n))
                if not n:
                    return
                offset += n
        except BaseException as exc:  # noqa: BLE001 (raised in the caller's thread)
            self.errors.append(exc)
            self.failed.set()

    def _next(self) -> tuple[int, int]:
        while not self.failed.is_set():
            try:
                return self.copied.get(timeout=0.1)
            except queue.Empty:
                continue
        return 0, 0

    def _hash(self) -> int:
        view = memoryview(bytearray(PIPELINE_CHUNK))
        size = 0
        while True:
            offset, n = self._next()
            if not n or self.failed.is_set():
                return size
            chunk = view[:n]
            read = 0
            while read < n:  # the page cache may hand it back in parts
                got = os.preadv(self.dst_fd, [chunk[read:]], offset + read)
                if not got:
                    raise OSError(f"目标文件在偏移 {offset + read} 处意外结束")
                read += got
            for hasher in self.hashers.values():
                hasher.update(chunk)
            size += n
            if self.progress:
                self.progress(size, self.total)
            if n < PIPELINE_CHUNK:  # the source's end
                return size


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
