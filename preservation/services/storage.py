"""Content-addressed storage of original files.

An original is stored once under its SHA-256 digest, written read-only and
fsynced before it becomes visible under its final name, so a file at a final
path is always complete. This module knows nothing of cases: callers record
which case refers to which digest, and decide when an object may be removed.
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

ALGORITHM = "sha256"
CHUNK_SIZE = 1024 * 1024  # reads of at least 256 KiB keep hashing CPU-bound


@dataclass(frozen=True)
class StoredObject:
    digest: str
    size: int
    path: Path
    created: bool  # False when an identical object was already stored
    extra_digests: dict[str, str]


def storage_root() -> Path:
    return Path(settings.ARCHIVE_STORAGE)


def object_path(digest: str, *, root: Path | None = None) -> Path:
    """Where the object with this SHA-256 digest lives (or would live)."""
    if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        raise ValueError(f"不是有效的 SHA-256 摘要：{digest!r}")
    base = (root or storage_root()) / "objects" / ALGORITHM
    return base / digest[:2] / digest[2:4] / digest


def object_open(digest: str) -> BinaryIO:
    """Open a stored object for reading."""
    return object_path(digest).open("rb")


def object_store(
    source: Path, *, extra_algorithms: tuple[str, ...] = ()
) -> StoredObject:
    """Copy `source` into storage, hashing while copying.

    Args:
        source: the file to store; it is read once.
        extra_algorithms: further hashlib algorithms to compute in the same pass
            (a bag may carry a sha512 manifest beside the sha256 one).

    Returns:
        The stored object, with `created` False if it was already there.
    """
    tmp_dir = storage_root() / "objects" / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="incoming-")
    tmp = Path(tmp_name)
    try:
        with source.open("rb") as src, os.fdopen(fd, "wb") as dst:
            digests, size = copy_hashing(src, dst, (ALGORITHM, *extra_algorithms))
            dst.flush()
            os.fsync(dst.fileno())
        return _publish(tmp, digests, size)
    finally:
        tmp.unlink(missing_ok=True)


def copy_hashing(
    src: BinaryIO, dst: BinaryIO, algorithms: tuple[str, ...]
) -> tuple[dict[str, str], int]:
    """Copy a stream, hashing every chunk with each algorithm on the way."""
    hashers = {name: hashlib.new(name) for name in algorithms}
    size = 0
    buffer = bytearray(CHUNK_SIZE)
    view = memoryview(buffer)
    while n := src.readinto(buffer):
        chunk = view[:n]
        for hasher in hashers.values():
            hasher.update(chunk)
        dst.write(chunk)
        size += n
    return {name: h.hexdigest() for name, h in hashers.items()}, size


def _publish(tmp: Path, digests: dict[str, str], size: int) -> StoredObject:
    digest = digests.pop(ALGORITHM)
    final = object_path(digest)
    extra = digests
    if final.exists():
        return StoredObject(digest, size, final, created=False, extra_digests=extra)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp.chmod(0o444)
    try:
        # link() never replaces an existing file, unlike rename(): two ingests
        # storing the same bytes at once cannot clobber each other.
        os.link(tmp, final)
    except FileExistsError:
        return StoredObject(digest, size, final, created=False, extra_digests=extra)
    _fsync_dir(final.parent)
    return StoredObject(digest, size, final, created=True, extra_digests=extra)


def object_discard(digest: str) -> None:
    """Remove an object that a failed ingest created and nothing refers to."""
    path = object_path(digest)
    if path.exists():
        path.chmod(0o644)
        path.unlink()


def file_digest(path: Path, algorithm: str = ALGORITHM) -> str:
    """Streamed digest of a file, in reads of CHUNK_SIZE."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, lambda: hashlib.new(algorithm)).hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in `path` durable."""
    _fsync_dir(path)
