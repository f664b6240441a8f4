"""How the bytes of a copy move: the disk as the copies see it, and the
threads that overlap reading, hashing and writing.

`preservation.files` is the API (what to copy, where, with which digests);
this module is its engine:

- `Pipeline`: read ‖ hash ‖ write through a few PIPELINE_CHUNK buffers, for a
  source that is a stream (an archive member being decompressed);
- `KernelCopy`: the kernel copies (copy_file_range) while the caller hashes
  each chunk back from the target's page cache, for a file or a range of one;
- `disk_write` and `disk_copy`: every byte a copy puts on the disk goes
  through one of these two (the tests put a full disk in their place);
- `RangeReader`: a range of an open file read with pread (a plain tar's
  member where the kernel cannot copy it).

A failure in any thread stops the others and is raised in the caller's.
"""

import errno
import os
import queue
import threading
from dataclasses import dataclass

CHUNK_SIZE = 1024 * 1024  # reads of at least 256 KiB keep hashing CPU-bound
PIPELINE_MIN = 8 * CHUNK_SIZE  # smaller copies are not worth two threads
PIPELINE_CHUNK = 4 * CHUNK_SIZE
PIPELINE_DEPTH = 4  # buffers in flight: 16 MiB per copy
WRITEBACK_EVERY = 8 * CHUNK_SIZE
# copy_file_range errors that mean "not between these files": copy by hand.
KERNEL_COPY_UNSUPPORTED = {errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL}


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


def start_writeback(fd: int, start: int, end: int) -> None:
    """Have the kernel start writing these bytes to disk now, not at fsync."""
    if hasattr(os, "posix_fadvise"):  # DONTNEED starts writeback, never waits
        os.posix_fadvise(fd, start, end - start, os.POSIX_FADV_DONTNEED)


def copy_serially(src, fd: int, hashers: dict, total: int, progress) -> int:
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


class Pipeline:
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
                start_writeback(self.fd, flushed, written)
                flushed = written


class KernelCopy:
    """Kernel copy ‖ hash of what was written, for a file or a range of one.

    A copier thread has the kernel copy each PIPELINE_CHUNK of `span`
    (`disk_copy`: copy_file_range, no trip through Python's buffers) and
    start writing it back every WRITEBACK_EVERY bytes (pages being written
    stay cached); the caller's thread reads each chunk back from the
    target's page cache, where the copy has just put it, and hashes it. The
    digest is thus of the bytes stored. At most PIPELINE_DEPTH chunks are
    copied ahead of the hashing; a failure in either stops both and is
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
        flushed = 0
        try:
            while not self.failed.is_set():
                n = self.next_chunk(offset)
                if offset + n - flushed >= WRITEBACK_EVERY:
                    start_writeback(self.dst_fd, flushed, offset + n)
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
