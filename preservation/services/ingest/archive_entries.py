"""The rules every entry of an archived package is held to, and how it is written.

`Budget.admit` is called for each entry before it is written, in reading order:
it refuses the package at the first entry that takes it over the entry-count,
size or compression-ratio limit (so a stream can stop there), or whose name is
absolute, escapes the folder, nests deeper than `MAX_DEPTH` folders or is
longer than a file system takes. `writing` turns a failure to write an entry
because of its name or its clash with another entry into a refusal naming it;
any other failure (a full disk) is not the package's fault and propagates.
"""

import errno
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from preservation.problems import PackageRefused, Problem

MAX_NAME_BYTES = 255  # one path component: NAME_MAX of common file systems
MAX_PATH_BYTES = 1024  # a whole entry name, far below PATH_MAX with staging
MAX_DEPTH = 64  # folders nested in one entry name
NAME_ERRNOS = {
    errno.ENAMETOOLONG,
    errno.ENOTDIR,
    errno.EISDIR,
    errno.EEXIST,
    errno.ELOOP,
    errno.EILSEQ,
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_entries: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=settings.ARCHIVE_SIP_MAX_BYTES,
            max_entries=settings.ARCHIVE_SIP_MAX_ENTRIES,
            max_ratio=settings.ARCHIVE_SIP_MAX_RATIO,
        )


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    is_dir: bool
    is_file: bool


@dataclass
class Budget:
    """What an archive has used of its limits so far, entry by entry."""

    archive: str
    limits: Limits
    compressed: int
    entries: int = 0
    total: int = 0

    def admit(self, entry: Entry) -> None:
        self.entries += 1
        if self.entries > self.limits.max_entries:
            raise refuse(
                self.archive,
                "archive_too_many_entries",
                f"压缩包条目超过上限 {self.limits.max_entries} 个，"
                f"读到第 {self.entries} 个条目时已停止。",
            )
        self.total += entry.size
        if self.total > self.limits.max_bytes:
            raise refuse(
                self.archive,
                "archive_too_large",
                f"压缩包解压后超过上限 {self.limits.max_bytes} 字节"
                f"（读到第 {self.entries} 个条目时已达 {self.total} 字节）。",
            )
        self._check_ratio()
        check_name(self.archive, entry.name)

    def _check_ratio(self) -> None:
        compressed = max(self.compressed, 1)
        if self.total > 1024 * 1024 and self.total > self.limits.max_ratio * compressed:
            raise refuse(
                self.archive,
                "archive_ratio_exceeded",
                f"压缩比 {self.total // compressed}:1 超过上限 "
                f"{self.limits.max_ratio}:1，疑似压缩炸弹。",
            )


def check_name(archive: str, name: str) -> None:
    pure = PurePosixPath(name.replace("\\", "/"))
    here = where(archive, name)
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise refuse(here, "absolute_path", "压缩包条目使用绝对路径，已拒收。")
    if ".." in pure.parts or "\x00" in name:
        raise refuse(
            here, "archive_entry_escapes", "压缩包条目试图写到解压目录之外，已拒收。"
        )
    if len(pure.parts) > MAX_DEPTH:
        raise refuse(
            here,
            "archive_too_deep",
            f"压缩包条目嵌套 {len(pure.parts)} 层，超过上限 {MAX_DEPTH} 层。",
        )
    longest = max((len(p.encode("utf-8")) for p in pure.parts), default=0)
    total = len(name.encode("utf-8"))
    if longest > MAX_NAME_BYTES or total > MAX_PATH_BYTES:
        raise refuse(
            here,
            "archive_entry_name_too_long",
            f"压缩包条目名称过长（单段最长 {longest} 字节，全长 {total} 字节；"
            f"上限分别为 {MAX_NAME_BYTES} 和 {MAX_PATH_BYTES} 字节）。",
        )


def where(archive: str, name: str) -> str:
    """`archive:entry` for a report, a huge entry name shortened."""
    if len(name) > 160:
        name = f"{name[:100]}…{name[-50:]}"
    return f"{archive}:{name}"


class writing:
    """Around writing one entry: a clash of names becomes a refusal naming it."""

    def __init__(self, archive: str, name: str):
        self.where = where(archive, name)

    def __enter__(self) -> "writing":
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        if isinstance(exc, OSError) and exc.errno in NAME_ERRNOS:
            raise refuse(
                self.where,
                "archive_entry_unwritable",
                f"无法解出该条目：{exc.strerror}（条目名称不当或与其他条目冲突）。",
            ) from exc
        return False


def target(staging: Path, name: str) -> Path:
    """Where an entry goes under `staging`; never outside it."""
    path = (staging / name.replace("\\", "/")).resolve()
    if not path.is_relative_to(staging.resolve()):
        raise refuse(
            name, "archive_entry_escapes", "压缩包条目试图写到解压目录之外，已拒收。"
        )
    return path


def copy_limited(src, dst, declared: int, archive: str, name: str) -> None:
    """Copy at most the declared size: a lying header cannot inflate past it."""
    written = 0
    for chunk in _chunks(src):
        written += len(chunk)
        if written > declared:
            raise refuse(
                where(archive, name),
                "archive_entry_size_mismatch",
                "压缩包条目的实际大小超过其声明大小，已拒收。",
            )
        dst.write(chunk)


class LimitedReader:
    """`src`, refusing the package once it gives more than the declared size."""

    def __init__(self, src, declared: int, archive: str, name: str):
        self.src, self.declared = src, declared
        self.archive, self.name = archive, name
        self.count = 0

    def readinto(self, buffer) -> int:
        n = self.src.readinto(buffer)
        self.count += n
        if self.count > self.declared:
            raise refuse(
                where(self.archive, self.name),
                "archive_entry_size_mismatch",
                "压缩包条目的实际大小超过其声明大小，已拒收。",
            )
        return n


def _chunks(src, size: int = 1024 * 1024) -> Iterator[bytes]:
    while chunk := src.read(size):
        yield chunk


def refuse(path: str, code: str, message: str) -> PackageRefused:
    return PackageRefused([Problem(code=code, message=message, path=path)])
