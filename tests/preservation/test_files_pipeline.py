"""The overlapped copy: every byte hashed once and written once, and a failure
of the source or of the disk raised in the caller, with no thread left."""

import errno
import hashlib
import io
import os
import threading

import pytest

from preservation import files

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


def test_a_full_disk_is_raised_in_the_caller_and_stops_the_reader(
    tmp_path, monkeypatch
):
    source = tmp_path / "big.bin"
    source.write_bytes(CONTENT)
    written = []

    def full_disk(fd, chunk):
        if sum(written) >= files.PIPELINE_CHUNK:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(len(chunk))
        os.write(fd, chunk)

    monkeypatch.setattr(files, "disk_write", full_disk)
    before = threading.active_count()

    with pytest.raises(OSError, match="No space left"):
        files.copy_with_digests(source, tmp_path / "copy.bin", ("sha256",))

    assert threading.active_count() == before
    assert sum(written) == files.PIPELINE_CHUNK


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
