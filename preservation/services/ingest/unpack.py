"""Opening a submission package: a bag directory, a .zip, or a .tar/.tar.gz.

Archives are unpacked into a private staging folder, every entry held to the
rules of `archive_entries` before it is written (no escapes, links, devices,
over-deep or over-long names; size, entry-count and compression-ratio limits
against archive bombs). Tar members are read as a stream and reading stops at
the first member over a limit. Zip entry names are decoded as their producer
meant them (`zip_names`); guessed names that still do not match the bag's
manifests refuse the package once, for its name encoding. A truncated or
unreadable archive is refused by name. Every refusal names the package as the
submitter called it (`name`), never a temporary upload file. The caller owns
the staging folder and removes it.
"""

import gzip
import lzma
import shutil
import tarfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from preservation import files
from preservation.problems import PackageRefused
from preservation.services.ingest.archive_entries import (
    Budget,
    Entry,
    LimitedReader,
    Limits,
    copy_limited,
    refuse,
    target,
    where,
    writing,
)
from preservation.services.ingest.zip_names import manifest_unmatched, zip_entry_name

__all__ = [
    "Limits",
    "StagedFile",
    "StagedFiles",
    "package_kind",
    "package_unpack",
    "staging_remove",
]

ZIP_LOCAL_HEADER = b"PK\x03\x04"
ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    zlib.error,
    NotImplementedError,
)
TAR_READ_ERRORS = (tarfile.TarError, gzip.BadGzipFile, zlib.error, lzma.LZMAError)


@dataclass(frozen=True)
class StagedFile:
    """A file unpacked into staging: hashed while written, fsynced with the
    package's other files once all are written."""

    digests: dict[str, str]
    size: int


class StagedFiles(dict):
    """The files an unpack hashed, by (device, inode): whatever path reaches
    them (NFC or NFD, through a symlinked staging root) finds them."""

    def __init__(self) -> None:
        super().__init__()
        self.unsynced: list[Path] = []  # recorded, not yet fsynced (`sync`)

    def record(self, path: Path, digests: dict[str, str], size: int) -> None:
        found = path.stat()
        self[(found.st_dev, found.st_ino)] = StagedFile(digests, size)
        self.unsynced.append(path)

    def sync(self) -> None:
        """fsync every file recorded since the last call, together."""
        files.fsync_files(self.unsynced)
        self.unsynced.clear()

    def find(self, path: Path) -> StagedFile | None:
        try:
            found = path.stat()
        except OSError:
            return None
        return self.get((found.st_dev, found.st_ino))

    def digests(self, path: Path, algorithms: tuple[str, ...]) -> dict[str, str]:
        """A file's digests: those taken as it was unpacked, the others read now."""
        staged = self.find(path)
        known = staged.digests if staged else {}
        missing = [a for a in algorithms if a not in known]
        return {**known, **(files.digests(path, missing) if missing else {})}


def package_kind(source: Path, name: str = "") -> str:
    """Return "dir", "zip" or "tar" for a package path, refusing anything else."""
    name = name or source.name
    if source.is_symlink():
        raise refuse(name, "symlink_refused", "提交包不能是符号链接。")
    if source.is_dir():
        return "dir"
    if not source.is_file():
        raise refuse(name, "package_not_found", "提交包不存在。")
    if zipfile.is_zipfile(source):
        return "zip"
    if _starts_with(source, ZIP_LOCAL_HEADER):
        raise _truncated_zip(name)
    if _is_tar(source):
        return "tar"
    raise refuse(
        name,
        "not_a_bag",
        "不是 BagIt 提交包：应为目录、.zip、.tar 或 .tar.gz 文件。",
    )


def package_unpack(
    source: Path,
    staging: Path,
    limits: Limits | None = None,
    *,
    name: str = "",
    staged: StagedFiles | None = None,
) -> Path:
    """Unpack an archive into `staging` and return the bag's root folder.

    `name` is how refusals call the package (an upload's original file name);
    by default the file's own name. With `staged`, every file is hashed
    (SHA-256) while it is written, recorded there, and fsynced with the
    others once all are written (one journal commit for all): ingest
    then stores it by a hard link (`storage.object_adopt`), each byte read,
    hashed and written once.
    """
    archive = name or source.name
    kind = package_kind(source, archive)
    if kind == "dir":
        return source
    budget = Budget(archive, limits or Limits.from_settings(), source.stat().st_size)
    guessed: list[str] = []
    if kind == "zip":
        guessed = _unpack_zip(source, staging, budget, staged)
    else:
        _unpack_tar(source, staging, budget, staged)
    if staged is not None:
        staged.sync()  # complete on disk before anything is linked to them
    root = _single_top_folder(staging, archive)
    _check_name_encoding(root, guessed, archive)
    return root


def _starts_with(source: Path, signature: bytes) -> bool:
    with source.open("rb") as f:
        return f.read(len(signature)) == signature


def _is_tar(source: Path) -> bool:
    try:
        return tarfile.is_tarfile(source)
    except (OSError, EOFError, *TAR_READ_ERRORS):
        return False


# --- zip --------------------------------------------------------------------------


def _unpack_zip(
    source: Path, staging: Path, budget: Budget, staged: StagedFiles | None
) -> list[str]:
    """Unpack every entry after checking them all; return the guessed names."""
    archive = budget.archive
    try:
        with _zip_open(source, archive) as zf:
            infos = _zip_infos(zf, archive, budget.limits)
            names = [zip_entry_name(info) for info in infos]
            entries = [
                _zip_entry(archive, info, decoded.name)
                for info, decoded in zip(infos, names, strict=True)
            ]
            for entry in entries:
                budget.admit(entry)
            for info, entry in zip(infos, entries, strict=True):
                _extract(entry, staging, archive, lambda i=info: zf.open(i), staged)
    except ZIP_READ_ERRORS as exc:
        raise _zip_unreadable(archive, exc) from exc
    return [n.name for n in names if n.guessed]


def _zip_open(source: Path, archive: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except OSError as exc:  # a directory pointing before the file's start
        raise _zip_unreadable(archive, exc) from exc


def _zip_unreadable(archive: str, exc: Exception) -> PackageRefused:
    return refuse(archive, "archive_unreadable", f"无法读取 zip 包：{exc}。")


def _zip_infos(zf: zipfile.ZipFile, archive: str, limits: Limits) -> list:
    infos = zf.infolist()
    # A zip starts with its first entry; a directory that does not begin there
    # belongs to a zip stored inside a package whose own end was cut off.
    if infos and min(i.header_offset for i in infos) != 0:
        raise _truncated_zip(archive)
    if len(infos) > limits.max_entries:
        raise refuse(
            archive,
            "archive_too_many_entries",
            f"压缩包含 {len(infos)} 个条目，超过上限 {limits.max_entries}。",
        )
    return infos


def _zip_entry(archive: str, info: zipfile.ZipInfo, name: str) -> Entry:
    mode = (info.external_attr >> 16) & 0o170000
    if mode in (0o120000, 0o060000, 0o020000, 0o010000, 0o140000):
        raise refuse(
            where(archive, name),
            "archive_entry_not_regular",
            "压缩包条目是链接或特殊文件，已拒收。",
        )
    is_dir = name.endswith("/")
    return Entry(name, info.file_size, is_dir, not is_dir)


def _truncated_zip(archive: str) -> PackageRefused:
    return refuse(
        archive,
        "archive_truncated",
        "zip 包不完整：文件末尾的目录缺失或与开头不符，"
        "文件可能在传输或复制时被截断，请重新上传完整的文件。",
    )


def _check_name_encoding(root: Path, guessed: list[str], archive: str) -> None:
    """One refusal, not one per file, when guessed names miss the manifests."""
    in_bag = [n.split("/", 1)[1] for n in guessed if "/" in n.rstrip("/")]
    unmatched = manifest_unmatched(root, [n for n in in_bag if (root / n).is_file()])
    if unmatched:
        raise refuse(
            archive,
            "archive_name_encoding",
            f"压缩包中有 {len(unmatched)} 个文件名与清单对不上（如 {unmatched[0]}），"
            "很可能是压缩包的文件名编码所致：已依次按 Info-ZIP Unicode 路径、"
            "UTF-8 和 GB18030 解读。请用 7-Zip 或在 UTF-8 环境下用 zip 重新打包。",
        )


# --- tar --------------------------------------------------------------------------


def _unpack_tar(
    source: Path, staging: Path, budget: Budget, staged: StagedFiles | None
) -> None:
    """Read members as a stream, extracting each once it passed the limits."""
    archive = budget.archive
    try:
        with source.open("rb") as raw, tarfile.open(fileobj=raw, mode="r:*") as tf:
            files.read_sequentially(raw)
            for member in tf:
                entry = _tar_entry(archive, member)
                budget.admit(entry)
                extract = _tar_member_opener(tf, raw, member)
                _extract(entry, staging, archive, extract, staged)
    except (EOFError, *TAR_READ_ERRORS) as exc:
        if isinstance(exc, EOFError) or "unexpected end" in str(exc):
            raise refuse(
                archive,
                "archive_truncated",
                "tar 包不完整：数据提前结束，文件可能在传输或复制时被截断，"
                "请重新上传完整的文件。",
            ) from exc
        raise refuse(
            archive, "archive_unreadable", f"无法读取 tar 包：{exc}。"
        ) from exc


def _tar_member_opener(tf: tarfile.TarFile, raw, member: tarfile.TarInfo):
    """How to open a member: straight from the file where the tar is plain.

    `tarfile` hands a member's bytes through two Python-level copies; in an
    uncompressed tar a regular member is one run of bytes at `offset_data`,
    which the kernel copies into staging (`files.copy_range_with_digests`)
    or `files.RangeReader` reads with pread.
    """
    if tf.fileobj is raw and member.isreg() and not member.issparse():
        return lambda: files.RangeReader(raw.fileno(), member.offset_data, member.size)
    return lambda: tf.extractfile(member)


def _tar_entry(archive: str, member: tarfile.TarInfo) -> Entry:
    if not (member.isfile() or member.isdir()):
        raise refuse(
            where(archive, member.name),
            "archive_entry_not_regular",
            "压缩包条目是链接或特殊文件，已拒收。",
        )
    return Entry(member.name, member.size, member.isdir(), member.isfile())


def _extract(
    entry: Entry, staging: Path, archive: str, open_source, staged: StagedFiles | None
) -> None:
    """Create a folder entry, or copy a file entry's bytes within its limits."""
    with writing(archive, entry.name):
        path = target(staging, entry.name)
        if entry.is_dir:
            path.mkdir(parents=True, exist_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with open_source() as src:
            if staged is None:
                with path.open("wb") as dst:
                    copy_limited(src, dst, entry.size, archive, entry.name)
                return
            # Each fsynced with the others at the end (`StagedFiles.sync`).
            if isinstance(src, files.RangeReader):  # exactly its declared size
                found, size = files.copy_range_with_digests(
                    src.fd, src.position, entry.size, path, ("sha256",), sync=False
                )
            else:
                limited = LimitedReader(src, entry.size, archive, entry.name)
                found, size = files.stream_to_file(
                    limited, path, ("sha256",), size_hint=entry.size, sync=False
                )
        staged.record(path, found, size)


def _single_top_folder(staging: Path, archive: str) -> Path:
    children = list(staging.iterdir())
    if len(children) != 1 or not children[0].is_dir():
        raise refuse(
            archive,
            "archive_layout",
            "压缩包必须只有一个顶层文件夹，即 BagIt 包本身。",
        )
    return children[0]


def staging_remove(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
