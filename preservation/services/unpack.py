"""Opening a submission package: a bag directory, a .zip, or a .tar/.tar.gz.

Archives are unpacked into a private staging folder with every entry checked
first: no entry may escape the folder, be a link or a device, and the whole may
not exceed the size, entry-count or compression-ratio limits (archive bombs).
The caller owns the staging folder and removes it.
"""

import shutil
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from preservation.problems import PackageRefused, Problem


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


def package_kind(source: Path) -> str:
    """Return "dir", "zip" or "tar" for a package path, refusing anything else."""
    if source.is_symlink():
        raise _refuse(source.name, "symlink_refused", "提交包不能是符号链接。")
    if source.is_dir():
        return "dir"
    if not source.is_file():
        raise _refuse(source.name, "package_not_found", "提交包不存在。")
    if zipfile.is_zipfile(source):
        return "zip"
    if _is_tar(source):
        return "tar"
    raise _refuse(
        source.name,
        "not_a_bag",
        "不是 BagIt 提交包：应为目录、.zip、.tar 或 .tar.gz 文件。",
    )


def package_unpack(source: Path, staging: Path, limits: Limits | None = None) -> Path:
    """Unpack an archive into `staging` and return the bag's root folder."""
    limits = limits or Limits.from_settings()
    kind = package_kind(source)
    if kind == "dir":
        return source
    compressed = source.stat().st_size
    if kind == "zip":
        try:
            _unpack_zip(source, staging, limits, compressed)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
            raise _refuse(
                source.name, "archive_unreadable", f"无法读取 zip 包：{exc}。"
            ) from exc
    else:
        _unpack_tar(source, staging, limits, compressed)
    return _single_top_folder(staging, source.name)


def _is_tar(source: Path) -> bool:
    try:
        return tarfile.is_tarfile(source)
    except (OSError, tarfile.TarError):
        return False


def _unpack_zip(source: Path, staging: Path, limits: Limits, compressed: int) -> None:
    with zipfile.ZipFile(source) as zf:
        infos = zf.infolist()
        entries = [_zip_entry(source.name, i) for i in infos]
        _check_entries(source.name, entries, limits, compressed)
        for info, entry in zip(infos, entries, strict=True):
            target = _target(staging, entry.name)
            if entry.is_dir:
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, target.open("wb") as dst:
                _copy_limited(src, dst, info.file_size, source.name, entry.name)


def _zip_entry(archive: str, info: zipfile.ZipInfo) -> Entry:
    mode = (info.external_attr >> 16) & 0o170000
    if mode in (0o120000, 0o060000, 0o020000, 0o010000, 0o140000):
        raise _refuse(
            f"{archive}:{info.filename}",
            "archive_entry_not_regular",
            "压缩包条目是链接或特殊文件，已拒收。",
        )
    return Entry(info.filename, info.file_size, info.is_dir(), not info.is_dir())


def _unpack_tar(source: Path, staging: Path, limits: Limits, compressed: int) -> None:
    try:
        with tarfile.open(source, "r:*") as tf:
            members = tf.getmembers()
            entries = [_tar_entry(source.name, m) for m in members]
            _check_entries(source.name, entries, limits, compressed)
            for member, entry in zip(members, entries, strict=True):
                _extract_tar_member(tf, member, entry, staging, source.name)
    except tarfile.TarError as exc:
        raise _refuse(
            source.name, "archive_unreadable", f"无法读取 tar 包：{exc}。"
        ) from exc


def _tar_entry(archive: str, member: tarfile.TarInfo) -> Entry:
    if not (member.isfile() or member.isdir()):
        raise _refuse(
            f"{archive}:{member.name}",
            "archive_entry_not_regular",
            "压缩包条目是链接或特殊文件，已拒收。",
        )
    return Entry(member.name, member.size, member.isdir(), member.isfile())


def _extract_tar_member(tf, member, entry: Entry, staging: Path, archive: str) -> None:
    target = _target(staging, entry.name)
    if entry.is_dir:
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    src = tf.extractfile(member)
    with src, target.open("wb") as dst:
        _copy_limited(src, dst, member.size, archive, entry.name)


def _check_entries(
    archive: str, entries: list[Entry], limits: Limits, compressed: int
) -> None:
    if len(entries) > limits.max_entries:
        raise _refuse(
            archive,
            "archive_too_many_entries",
            f"压缩包含 {len(entries)} 个条目，超过上限 {limits.max_entries}。",
        )
    total = sum(e.size for e in entries)
    if total > limits.max_bytes:
        raise _refuse(
            archive,
            "archive_too_large",
            f"压缩包解压后 {total} 字节，超过上限 {limits.max_bytes} 字节。",
        )
    if total > 1024 * 1024 and total > limits.max_ratio * max(compressed, 1):
        raise _refuse(
            archive,
            "archive_ratio_exceeded",
            f"压缩比 {total // max(compressed, 1)}:1 超过上限 {limits.max_ratio}:1，"
            "疑似压缩炸弹。",
        )
    for entry in entries:
        _check_name(archive, entry.name)


def _check_name(archive: str, name: str) -> None:
    pure = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise _refuse(
            f"{archive}:{name}", "absolute_path", "压缩包条目使用绝对路径，已拒收。"
        )
    if ".." in pure.parts or "\x00" in name:
        raise _refuse(
            f"{archive}:{name}",
            "archive_entry_escapes",
            "压缩包条目试图写到解压目录之外，已拒收。",
        )


def _target(staging: Path, name: str) -> Path:
    target = (staging / name.replace("\\", "/")).resolve()
    if not target.is_relative_to(staging.resolve()):
        raise _refuse(
            name, "archive_entry_escapes", "压缩包条目试图写到解压目录之外，已拒收。"
        )
    return target


def _copy_limited(src, dst, declared: int, archive: str, name: str) -> None:
    """Copy at most the declared size: a lying header cannot inflate past it."""
    written = 0
    for chunk in _chunks(src):
        written += len(chunk)
        if written > declared:
            raise _refuse(
                f"{archive}:{name}",
                "archive_entry_size_mismatch",
                "压缩包条目的实际大小超过其声明大小，已拒收。",
            )
        dst.write(chunk)


def _chunks(src, size: int = 1024 * 1024) -> Iterator[bytes]:
    while chunk := src.read(size):
        yield chunk


def _single_top_folder(staging: Path, archive: str) -> Path:
    children = list(staging.iterdir())
    if len(children) != 1 or not children[0].is_dir():
        raise _refuse(
            archive,
            "archive_layout",
            "压缩包必须只有一个顶层文件夹，即 BagIt 包本身。",
        )
    return children[0]


def staging_remove(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _refuse(path: str, code: str, message: str) -> PackageRefused:
    return PackageRefused([Problem(code=code, message=message, path=path)])
