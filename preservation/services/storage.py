"""Content-addressed storage of original files.

An original is stored once under its SHA-256 digest, written read-only and
fsynced before it becomes visible under its final name, so a file at a final
path is always complete. This module knows nothing of cases: callers record
which case refers to which digest, and decide when an object may be removed.
As the last line of deletion protection (issue #14), removal still asks
`objects_unreferenced` itself and keeps any object a record refers to.

Removal is safe against concurrent reuse: storing bytes that are already
there moves the object's mtime forward (under a shared lock), and
`object_remove_if_untouched` removes an object only under the exclusive lock
and only if its mtime is still the one the caller saw. So an object that
another run has just reused — and may be about to reference in a
transaction that has not committed yet — is never removed under it.
"""

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from preservation import files
from preservation.selectors import objects_unreferenced

ALGORITHM = "sha256"


@dataclass(frozen=True)
class StoredObject:
    digest: str
    size: int
    path: Path
    created: bool  # False when an identical object was already stored
    extra_digests: dict[str, str]
    mtime_ns: int = 0  # the object's mtime once this store touched it


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
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        algorithms = (ALGORITHM, *extra_algorithms)
        digests, size = files.copy_with_digests(source, tmp, algorithms)
        return _publish(tmp, digests, size)
    finally:
        tmp.unlink(missing_ok=True)


def object_adopt(
    staged: Path,
    digests: dict[str, str],
    size: int,
    *,
    extra_algorithms: tuple[str, ...] = (),
) -> StoredObject:
    """Store a file that was hashed and fsynced as it was written, without a copy.

    `staged` (a package member unpacked into staging) becomes the object by a
    hard link, so its bytes are written once. It must be complete, fsynced and
    never written again. `digests` must hold the SHA-256; algorithms among
    `extra_algorithms` that it lacks are computed by reading the file once
    more. Where staging is on another file system than the storage, the file
    is copied (and hashed again) as `object_store` does.
    """
    if not _same_file_system(staged):
        return object_store(staged, extra_algorithms=extra_algorithms)
    missing = [a for a in extra_algorithms if a not in digests]
    found = {**digests, **(files.digests(staged, missing) if missing else {})}
    wanted = {a: found[a] for a in (ALGORITHM, *extra_algorithms)}
    return _publish(staged, wanted, size)


def _same_file_system(path: Path) -> bool:
    objects = storage_root() / "objects"
    objects.mkdir(parents=True, exist_ok=True)
    return path.stat().st_dev == objects.stat().st_dev


def _publish(tmp: Path, digests: dict[str, str], size: int) -> StoredObject:
    digest = digests.pop(ALGORITHM)
    final = object_path(digest)
    extra = digests
    if (mtime := _touch(final)) is not None:
        return StoredObject(digest, size, final, False, extra, mtime)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp.chmod(0o444)
    try:
        # link() never replaces an existing file, unlike rename(): two ingests
        # storing the same bytes at once cannot clobber each other.
        files.place_atomically(tmp, final, link=True)
    except FileExistsError:
        if (mtime := _touch(final)) is not None:
            return StoredObject(digest, size, final, False, extra, mtime)
        # removed between link() and touch: ours instead
        files.place_atomically(tmp, final, link=True)
    mtime = final.stat().st_mtime_ns
    return StoredObject(digest, size, final, True, extra, mtime)


@contextlib.contextmanager
def _objects_lock(kind: int) -> Iterator[None]:
    """The lock that orders reuse (shared) against removal (exclusive)."""
    # Beside objects/, not in it: listings of the objects never see it.
    lock = storage_root() / "objects.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as f:
        fcntl.flock(f.fileno(), kind)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _touch(final: Path) -> int | None:
    """Mark an existing object as just reused; None if it is not there."""
    with _objects_lock(fcntl.LOCK_SH):
        try:
            before = final.stat().st_mtime_ns
            # Explicit, strictly later times: coarse file-system clocks could
            # otherwise give a reuse the same mtime as the creation.
            mtime = max(time.time_ns(), before + 1)
            os.utime(final, ns=(mtime, mtime))
        except FileNotFoundError:
            return None
    return mtime


def object_remove_if_untouched(
    digest: str, *, mtime_ns: int | None = None, older_than_ns: int | None = None
) -> bool:
    """Remove an object unless it was stored or reused since the caller looked.

    Args:
        digest: the object.
        mtime_ns: remove only if the mtime is still exactly this (an ingest
            discarding what it created itself).
        older_than_ns: remove only if the mtime is before this (the collector's
            grace period).

    Returns:
        True if the object was removed. The caller must have checked that no
        record refers to the object; a run that reuses it from then on moves
        its mtime, so the check stays true until the removal. An object a
        material (or another record) refers to is kept whatever the caller
        checked: an original leaves only with its case's disposition.
    """
    path = object_path(digest)
    with _objects_lock(fcntl.LOCK_EX):
        if not objects_unreferenced([digest]):
            return False
        try:
            found = path.stat().st_mtime_ns
        except FileNotFoundError:
            return False
        if mtime_ns is not None and found != mtime_ns:
            return False
        if older_than_ns is not None and found >= older_than_ns:
            return False
        path.chmod(0o644)
        path.unlink()
    return True
