"""The overlapped copies — a kernel copy hashed as written, and buffers read,
hashed and written — every byte hashed once and written once, and a failure
of the source or of the disk raised in the caller, with no thread left."""

import errno
import hashlib
import io
import os
import threading

import pytest

from preservation import copying, files

CONTENT = os.urandom(files.PIPELINE_MIN + 5 * files.PIPELINE_CHUNK + 777)


def test_a_large_copy_is_exact_and_hashed_once_with_each_algorithm(tmp_path):
    source = tmp_path / "big.bin"
    source.write_bytes(CONTENT)
    seen = []

    found, size = files.copy_with_digests(
        source,
        tmp_path / "copy.bin",
        ("sha256", "sha512"),
        progress=lambda done, total: seen.append((done, total)),
    )

    assert (tmp_path / "copy.bin").read_bytes() == CONTENT
    assert size == len(CONTENT)
    assert found == {
        "sha256": hashlib.sha256(CONTENT).hexdigest(),
        "sha512": hashlib.sha512(CONTENT).hexdigest(),
    }
    assert seen[-1] == (len(CONTENT), len(CONTENT))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


class BrokenSource(io.RawIOBase):
    """A source that fails after `good` bytes (an archive cut off mid-member)."""

    def __init__(self, good: int):
        self.left = good

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left <= 0:
            raise EOFError("unexpected end of data")
        n = min(len(buffer), self.left)
        buffer[:n] = b"\0" * n
        self.left -= n
        return n


def test_a_failing_source_is_raised_in_the_caller_and_stops_the_threads(tmp_path):
    before = threading.active_count()

    with pytest.raises(EOFError, match="unexpected end"):
        files.stream_to_file(
            BrokenSource(3 * files.PIPELINE_CHUNK),
            tmp_path / "partial.bin",
            ("sha256",),
            size_hint=len(CONTENT),
        )

    assert threading.active_count() == before


def _full_after(room: int, written: list[int]):
    """The disk as the copies see it, full after `room` bytes (both ways in)."""

    def take(size: int) -> None:
        if sum(written) + size > room:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(size)

    def write(fd, chunk):
        take(len(chunk))
        os.write(fd, chunk)

    def copy(src_fd, dst_fd, count, src_at, dst_at):
        take(count)
        return os.copy_file_range(src_fd, dst_fd, count, src_at, dst_at)

    return write, copy


@pytest.mark.parametrize("way", ["kernel copy", "buffers"])
def test_a_full_disk_is_raised_in_the_caller_and_stops_the_other_thread(
    tmp_path, monkeypatch, way
):
    source = tmp_path / "big.bin"
    source.write_bytes(CONTENT)
    written = []
    write, copy = _full_after(2 * files.PIPELINE_CHUNK, written)
    monkeypatch.setattr(copying, "disk_write", write)
    monkeypatch.setattr(copying, "disk_copy", copy)
    before = threading.active_count()

    with pytest.raises(OSError, match="No space left"):
        if way == "kernel copy":
            files.copy_with_digests(source, tmp_path / "copy.bin", ("sha256",))
        else:
            with source.open("rb") as f:
                files.stream_to_file(
                    f, tmp_path / "copy.bin", ("sha256",), size_hint=len(CONTENT)
                )

    assert threading.active_count() == before
    assert sum(written) == 2 * files.PIPELINE_CHUNK


def test_where_the_kernel_cannot_copy_the_file_is_copied_through_buffers(
    tmp_path, monkeypatch
):
    # copy_file_range between two file systems on a kernel before 5.3.
    def refused(src_fd, dst_fd, count, src_at, dst_at):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(copying, "disk_copy", refused)
    source = tmp_path / "big.bin"
    source.write_bytes(CONTENT)

    found, size = files.copy_with_digests(source, tmp_path / "copy.bin", ("sha256",))

    assert (tmp_path / "copy.bin").read_bytes() == CONTENT
    assert size == len(CONTENT)
    assert found["sha256"] == hashlib.sha256(CONTENT).hexdigest()


def test_a_kernel_copy_error_other_than_unsupported_is_raised(tmp_path, monkeypatch):
    def failing(src_fd, dst_fd, count, src_at, dst_at):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(copying, "disk_copy", failing)
    source = tmp_path / "big.bin"
    source.write_bytes(CONTENT)

    with pytest.raises(OSError, match="Input/output error"):
        files.copy_with_digests(source, tmp_path / "copy.bin", ("sha256",))


class OddReads(io.RawIOBase):
    """A source whose reads come in odd sizes (a decompressor's), after
    `aligned` bytes of whole buffers."""

    def __init__(self, content: bytes, aligned: int):
        self.content, self.position, self.aligned = content, 0, aligned

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        limit = len(buffer) if self.position < self.aligned else 4099
        chunk = self.content[self.position : self.position + limit]
        buffer[: len(chunk)] = chunk
        self.position += len(chunk)
        return len(chunk)


def test_a_copy_whose_reads_turn_odd_midway_is_still_exact(tmp_path):
    # Whole buffers first, then reads of 4,099 bytes: every chunk is hashed
    # and written in order, whatever its size.
    target = tmp_path / "copy.bin"
    source = OddReads(CONTENT, aligned=2 * files.PIPELINE_CHUNK)

    found, size = files.stream_to_file(
        source, target, ("sha256",), size_hint=len(CONTENT)
    )

    assert size == len(CONTENT)
    assert target.read_bytes() == CONTENT
    assert found == {"sha256": hashlib.sha256(CONTENT).hexdigest()}


@pytest.mark.parametrize("kernel", [True, False], ids=["kernel copy", "pread"])
def test_a_range_of_a_file_is_copied_exactly(tmp_path, monkeypatch, kernel):
    # A plain tar's member: its bytes at an offset inside the tar.
    if not kernel:
        monkeypatch.setattr(copying, "disk_copy", _unsupported)
    source = tmp_path / "archive.tar"
    source.write_bytes(b"h" * 1536 + CONTENT + b"\0" * 1024)
    with source.open("rb") as f:
        found, size = files.copy_range_with_digests(
            f.fileno(), 1536, len(CONTENT), tmp_path / "member", ("sha256",)
        )
    assert (tmp_path / "member").read_bytes() == CONTENT
    assert size == len(CONTENT)
    assert found == {"sha256": hashlib.sha256(CONTENT).hexdigest()}


@pytest.mark.parametrize("kernel", [True, False], ids=["kernel copy", "pread"])
def test_a_range_past_the_end_of_its_file_is_a_truncated_archive(
    tmp_path, monkeypatch, kernel
):
    if not kernel:
        monkeypatch.setattr(copying, "disk_copy", _unsupported)
    source = tmp_path / "cut.tar"
    source.write_bytes(b"h" * 512 + CONTENT[: 3 * files.PIPELINE_CHUNK])
    before = threading.active_count()
    with source.open("rb") as f, pytest.raises(EOFError, match="unexpected end"):
        files.copy_range_with_digests(
            f.fileno(), 512, len(CONTENT), tmp_path / "member", ("sha256",)
        )
    assert threading.active_count() == before


def _unsupported(src_fd, dst_fd, count, src_at, dst_at):
    raise OSError(errno.ENOSYS, "Function not implemented")
