"""Reading a disc back: every file against the disc manifest and the database.

`disc_verify` takes an ISO image (read through its UDF file system with
pycdlib) or the folder a disc is mounted on, reads every file once and checks:

- the image's SHA-256 against the register (images only);
- every file's size and SHA-256 against `disc-manifest.json`, and that no file
  is missing or extra;
- the register: the disc is known, and its contents and totals match;
- each package or part: its carried tag manifest against the tag-manifest
  digest recorded for the package, its carried payload manifest against that
  tag manifest, every payload file against that manifest, and every original
  against the digest recorded for the material. A package destroyed since
  (销毁) has no row left: its files are still read and checked against the
  manifests the disc carries, and nothing is asked of the database.

The result is one `DiscCheck` row. Reading never changes the disc or the
packages; what to do about a failed disc (burn a new one from the AIP) is left
to people.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pycdlib
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from preservation import files
from preservation.models import (
    Disc,
    DiscCheck,
    DiscCheckOutcome,
    DiscCheckVia,
    Package,
)
from preservation.services.aips import original_path
from preservation.services.discs.image import Progress
from preservation.services.discs.parts import ORIGINAL_TAGS, DiscError, manifest_parse
from preservation.services.discs.write import LABEL_PDF, MANIFEST_JSON, MANIFEST_TXT

DISC_OWN_FILES = {MANIFEST_JSON, MANIFEST_TXT, LABEL_PDF}


class DiscVerifyError(DiscError):
    """The disc cannot be identified: no readable manifest, or not registered."""


class _IsoReader:
    via = DiscCheckVia.ISO

    def __init__(self, path: Path) -> None:
        self.path = path
        self.iso = pycdlib.PyCdlib()
        self.iso.open(str(path))

    def files(self, folder: str = "/") -> Iterator[tuple[str, int]]:
        # pycdlib's walk() decodes a UDF path with the last name's encoding,
        # which fails on mixed Latin-1/UTF-16 names; walk by hand instead.
        for child in self.iso.list_children(udf_path=folder):
            name = child.file_identifier().decode(child.file_ident.encoding)
            path = f"{folder.rstrip('/')}/{name}"
            if child.is_dir():
                yield from self.files(path)
            else:
                yield path.lstrip("/"), child.get_data_length()

    def open(self, path: str) -> BinaryIO:
        return self.iso.open_file_from_iso(udf_path=f"/{path}")

    def close(self) -> None:
        self.iso.close()


class _FolderReader:
    via = DiscCheckVia.MOUNT

    def __init__(self, path: Path) -> None:
        self.path = path

    def files(self) -> Iterator[tuple[str, int]]:
        for path in sorted(self.path.rglob("*")):
            if path.is_file():
                yield path.relative_to(self.path).as_posix(), path.stat().st_size

    def open(self, path: str) -> BinaryIO:
        return (self.path / path).open("rb")

    def close(self) -> None:
        pass


@dataclass
class _Check:
    reader: _IsoReader | _FolderReader
    manifest: dict
    disc: Disc
    progress: Progress | None
    problems: list[dict[str, str]] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # read back and as listed
    tags: dict[str, bytes] = field(default_factory=dict)
    destroyed: set[str] = field(default_factory=set)  # package identifiers
    files: int = 0
    bytes: int = 0

    def problem(self, path: str, message: str) -> None:
        self.problems.append({"path": path, "message": message})


def _is_tag(path: str) -> bool:
    # Payload lies under "<folder>/data/"; everything else is small metadata.
    return path.split("/")[1:2] != ["data"]


def _read(reader, path: str) -> bytes:
    with reader.open(path) as f:
        return f.read()


def _hash(reader, path: str, check: _Check, total: int) -> tuple[str, bytes]:
    keep, tag = bytearray(), _is_tag(path)

    def seen(chunk: memoryview) -> None:
        check.bytes += len(chunk)
        if tag:
            keep.extend(chunk)
        if check.progress:
            check.progress("读取光盘文件", check.bytes, total)

    with reader.open(path) as f:
        found, _ = files.hash_stream(f, ("sha256",), on_chunk=seen)
    return found["sha256"], bytes(keep)


def _read_back(check: _Check) -> None:
    on_disc = dict(check.reader.files())
    listed = {f["path"]: f for f in check.manifest["files"]}
    total = sum(f["size"] for f in listed.values())
    for path in sorted(set(on_disc) - set(listed) - DISC_OWN_FILES):
        check.problem(path, "光盘上有清单未列出的文件。")
    for path, entry in listed.items():
        if path not in on_disc:
            check.problem(path, "清单列出的文件在光盘上缺失。")
            continue
        digest, content = _hash(check.reader, path, check, total)
        check.files += 1
        if digest != entry["sha256"] or on_disc[path] != entry["size"]:
            check.problem(path, "文件内容与光盘清单中的摘要不符。")
            continue
        check.digests[path] = digest
        if _is_tag(path):
            check.tags[path] = content


def _register_problems(check: _Check) -> None:
    disc, manifest = check.disc, check.manifest
    for field_name in ("file_count", "byte_count", "fonds", "disc_set", "media"):
        if manifest.get(field_name) != getattr(disc, field_name):
            check.problem(MANIFEST_JSON, f"{field_name} 与光盘登记簿不符。")
    registered = {
        (c.package_identifier, c.part_number, c.directory) for c in disc.contents.all()
    }
    listed = {
        (c["package"], c["part_number"], c["directory"]) for c in manifest["contents"]
    }
    for package, part, folder in sorted(registered ^ listed):
        check.problem(
            folder, f"光盘登记簿与光盘清单中的内容不一致（{package} 分卷 {part}）。"
        )


def _content_problems(check: _Check, content: dict) -> None:
    folder = content["directory"]
    # A destroyed package's row is gone: its copy on the disc is still read
    # and checked against the manifests it carries, not against the database.
    package = None
    if content["package"] not in check.destroyed:
        package = Package.objects.filter(identifier=content["package"]).first()
        if package is None:
            check.problem(folder, f"保存包 {content['package']} 不在数据库中。")
            return
    tag_dir = folder if content["part_count"] == 1 else f"{folder}/{ORIGINAL_TAGS}"
    tagmanifest = check.tags.get(f"{tag_dir}/tagmanifest-sha256.txt")
    if tagmanifest is None or (
        package
        and hashlib.sha256(tagmanifest).hexdigest() != package.tagmanifest_sha256
    ):
        check.problem(tag_dir, "标签清单与数据库登记的保存包摘要不符。")
        return
    listed = manifest_parse(tagmanifest.decode("utf-8"))
    manifest = check.tags.get(f"{tag_dir}/manifest-sha256.txt", b"")
    if hashlib.sha256(manifest).hexdigest() != listed.get("manifest-sha256.txt"):
        check.problem(tag_dir, "载荷清单与标签清单不符。")
        return
    _payload_problems(check, package, folder, manifest_parse(manifest.decode()))


def _payload_problems(
    check: _Check, package: Package | None, folder: str, manifest: dict[str, str]
) -> None:
    materials = {
        f"data/{original_path(m)}": m.digest
        for m in (package.dossier.case.materials.all() if package else [])
    }
    prefix = f"{folder}/"
    for path, digest in check.digests.items():
        rel = path.removeprefix(prefix)
        if not path.startswith(prefix) or not rel.startswith("data/"):
            continue
        if manifest.get(rel) != digest:
            check.problem(path, "文件与保存包清单中的摘要不符。")
        elif rel in materials and materials[rel] != digest:
            check.problem(path, "原件与数据库登记的摘要不符。")


def _reader(path: Path) -> _IsoReader | _FolderReader:
    if path.is_dir():
        return _FolderReader(path)
    if path.is_file():
        try:
            return _IsoReader(path)
        except pycdlib.pycdlibexception.PyCdlibException as exc:
            raise DiscVerifyError(f"{path} 不是可读的光盘镜像：{exc}") from exc
    raise DiscVerifyError(f"{path} 既不是光盘镜像，也不是光盘挂载目录。")


def _identify(reader) -> tuple[dict, Disc]:
    try:
        manifest = json.loads(_read(reader, MANIFEST_JSON))
    except (OSError, ValueError, pycdlib.pycdlibexception.PyCdlibException) as exc:
        raise DiscVerifyError(f"无法读取光盘清单 {MANIFEST_JSON}：{exc}") from exc
    disc = Disc.objects.filter(disc_number=manifest.get("disc_number")).first()
    if disc is None:
        number = manifest.get("disc_number")
        raise DiscVerifyError(f"光盘 {number} 不在光盘登记簿中。")
    return manifest, disc


def _iso_digest(check: _Check) -> None:
    path = check.reader.path

    def report(done: int, total: int) -> None:
        check.progress("计算镜像摘要", done, total)

    found = files.digests(path, ("sha256",), report if check.progress else None)
    if found["sha256"] != check.disc.iso_sha256:
        check.problem(path.name, "镜像文件的 SHA-256 与光盘登记簿不符。")


def disc_verify(
    path: Path,
    *,
    user: AbstractBaseUser | None = None,
    checked_by_name: str = "",
    progress: Progress | None = None,
) -> DiscCheck:
    """Read back every file of a disc image or a mounted disc and record the check.

    Args:
        path: an `.iso` file, or the folder a disc is mounted on.
        user: who checks, if a user; `checked_by_name` as text otherwise.
        progress: called with (stage, bytes done, bytes in total).

    Returns:
        The `DiscCheck` recorded; `problems` name each file that failed.

    Raises:
        DiscVerifyError: the path is neither, its manifest cannot be read, or
            the disc is not in the register.
    """
    reader = _reader(Path(path))
    try:
        manifest, disc = _identify(reader)
        check = _Check(reader, manifest, disc, progress)
        check.destroyed = set(
            disc.contents.filter(package__isnull=True).values_list(
                "package_identifier", flat=True
            )
        )
        if reader.via == DiscCheckVia.ISO:
            _iso_digest(check)
        _read_back(check)
    finally:
        reader.close()
    _register_problems(check)
    for content in manifest["contents"]:
        _content_problems(check, content)
    return _record(check, user, checked_by_name)


@transaction.atomic
def _record(check: _Check, user: AbstractBaseUser | None, name: str) -> DiscCheck:
    result = DiscCheck(
        disc=check.disc,
        checked_at=timezone.now(),
        outcome=DiscCheckOutcome.FAILED if check.problems else DiscCheckOutcome.OK,
        via=check.reader.via,
        path=str(check.reader.path)[:1000],
        checked_files=check.files,
        checked_bytes=check.bytes,
        problems=check.problems,
        checked_by=user,
        checked_by_name=name or (user.get_username() if user else ""),
    )
    result.full_clean()
    result.save()
    return result
