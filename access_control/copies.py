"""Copy packages (复制件) for an approved 复制 request: one zip, optionally an ISO.

`copy_package_build` reads each material's original from storage and puts
into the package:
- a PDF or image with a visible watermark on every page (复制件, requester,
  agency, local time, request number; see `copy_marks`);
- an audio or video recording bit for bit, with a generated 文字说明 PDF
  (制作人, 提取人, 提取时间, 取证地点, device, original SHA-256; 002 §24,
  001 §24);
- `manifest-sha256.txt`, every file's SHA-256.
With `as_disc` the same files also go on an ISO 9660/UDF image through the
disc writer's image layer (`preservation.services.discs.image`; the disc
register is for AIP discs, so a copy disc is not entered in it).

Everything is built in a temporary folder inside `out_dir` and placed under
its final name only complete; any problem (an encrypted or broken PDF, a
format that cannot be marked, an original that changed) raises `CopyError`
naming the material and leaves nothing in `out_dir`. After building, every
original's digest is checked again in storage. Deciding who may have a copy,
logging it and recording the package's digest and downloads is the caller's.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from access_control.copy_marks import (
    CopyMarkError,
    Mark,
    image_watermarked,
    pdf_watermarked,
)
from access_control.copy_notes import av_note_pdf
from dossiers.codes import Form
from dossiers.documents.problems import material_label
from dossiers.models import Material
from preservation import files
from preservation.services.discs.image import DiscFile, IsoImage, iso_master
from preservation.services.storage import object_open

AV_FORMS = frozenset({Form.AUDIO, Form.VIDEO})
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/tiff", "image/gif"})
MANIFEST = "manifest-sha256.txt"


class CopyError(ValueError):
    """The copy package was not made; the message names the material and why."""


@dataclass(frozen=True)
class CopyEntry:
    path: str  # inside the zip (and on the disc)
    kind: str  # "watermarked" | "av" | "av_note" | "manifest"
    sha256: str
    size: int
    material_id: int | None = None


@dataclass
class CopyPackage:
    zip_path: Path
    zip_sha256: str
    entries: list[CopyEntry] = field(default_factory=list)
    iso_path: Path | None = None
    iso_sha256: str | None = None


def copy_package_build(
    *,
    materials: Iterable[Material],
    out_dir: Path,
    requester: str,
    agency: str,
    request_number: str,
    made_by: str,
    when: dt.datetime,
    as_disc: bool = False,
) -> CopyPackage:
    """Build the copy package of `materials` in `out_dir`.

    Args:
        materials: the materials granted for copying.
        out_dir: where the zip (and ISO) appear; created if missing.
        requester, agency, request_number: shown in every watermark.
        made_by: the person making the copy (制作人 in the 文字说明).
        when: the moment of copying, shown in local time.
        as_disc: also write an ISO image with the same files.

    Returns:
        The zip's path and SHA-256, its entries, and the ISO's if asked.

    Raises:
        CopyError: a material cannot be copied, an original changed, or the
            package exists; `out_dir` is left as it was.
    """
    if not (materials := list(materials)):
        raise CopyError("没有可复制的材料。")
    stem = _safe(request_number)
    finals = _finals(Path(out_dir), stem, as_disc)
    mark = Mark(requester, agency, when, request_number)
    work = Path(tempfile.mkdtemp(dir=finals[0].parent, prefix=".copy-"))
    try:
        entries = _stage(materials, work / "files", mark, made_by, when)
        _originals_unchanged(materials)
        return _publish(work, entries, finals, stem)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _finals(out_dir: Path, stem: str, as_disc: bool) -> list[Path]:
    """The zip's (and ISO's) final paths, refused if already taken."""
    out_dir.mkdir(parents=True, exist_ok=True)
    finals = [out_dir / f"复制件-{stem}.{ext}" for ext in ("zip", "iso")[: 1 + as_disc]]
    for final in finals:
        if final.exists():
            raise CopyError(f"{final} 已存在；复制件从不覆盖。")
    return finals


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("._") or "copy"


def _stage(
    materials: list[Material], root: Path, mark: Mark, made_by: str, when: dt.datetime
) -> list[CopyEntry]:
    entries: list[CopyEntry] = []
    seen: set[str] = set()
    for material in materials:
        path = _entry_path(material, seen)
        entries += _material_entries(material, root, path, mark, made_by, when)
    lines = "".join(f"{e.sha256}  {e.path}\n" for e in entries)
    entries.append(_write(root, MANIFEST, lines.encode("utf-8"), "manifest", None))
    return entries


def _entry_path(material: Material, seen: set[str]) -> str:
    path = PurePosixPath(material.path)
    # The package path without the bag's "data/materials/" folders.
    parts = list(path.parts)
    for folder in ("data", "materials"):
        if len(parts) > 1 and parts[0] == folder:
            parts.pop(0)
    name = "/".join(parts)
    if name in seen or ".." in parts or path.is_absolute():
        name = f"{material.case_id}/{material.sequence:02d}-{path.name}"
    seen.add(name)
    return name


def _material_entries(
    material: Material,
    root: Path,
    path: str,
    mark: Mark,
    made_by: str,
    when: dt.datetime,
) -> list[CopyEntry]:
    if material.form in AV_FORMS:
        note = av_note_pdf(material, made_by=made_by, when=when, mark=mark)
        note_path = f"{path}.文字说明.pdf"
        return [
            _copy_av(material, root, path),
            _write(root, note_path, note, "av_note", material.pk),
        ]
    content = _original(material)
    try:
        if material.media_type == "application/pdf":
            marked = pdf_watermarked(content, mark)
        elif material.media_type in IMAGE_TYPES:
            marked = image_watermarked(content, mark)
        else:
            raise CopyMarkError(f"格式 {material.media_type} 无法加盖复制件水印。")
    except CopyMarkError as exc:
        raise CopyError(f"{material_label(material)}无法制作复制件：{exc}") from exc
    return [_write(root, path, marked, "watermarked", material.pk)]


def _original(material: Material) -> bytes:
    try:
        with object_open(material.digest) as f:
            content = f.read()
    except OSError as exc:
        raise CopyError(f"{material_label(material)}的原件无法读取：{exc}") from exc
    found = files.content_digests(content, ("sha256",))["sha256"]
    if found != material.digest:
        raise CopyError(f"{material_label(material)}的原件与登记的摘要不符。")
    return content


def _copy_av(material: Material, root: Path, path: str) -> CopyEntry:
    """The recording bit for bit, hashed while copied and checked."""
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with object_open(material.digest) as src, target.open("wb") as dst:
            found, size = files.hash_stream(src, ("sha256",), on_chunk=dst.write)
    except OSError as exc:
        raise CopyError(f"{material_label(material)}的原件无法读取：{exc}") from exc
    if found["sha256"] != material.digest:
        raise CopyError(f"{material_label(material)}的原件与登记的摘要不符。")
    return CopyEntry(path, "av", found["sha256"], size, material.pk)


def _write(
    root: Path, path: str, content: bytes, kind: str, material_id: int | None
) -> CopyEntry:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    files.write_synced(target, content)
    sha256 = files.content_digests(content, ("sha256",))["sha256"]
    return CopyEntry(path, kind, sha256, len(content), material_id)


def _originals_unchanged(materials: list[Material]) -> None:
    """Re-read every original in storage: a copy never alters its source."""
    for material in materials:
        try:
            with object_open(material.digest) as f:
                found, _ = files.hash_stream(f, ("sha256",))
        except OSError as exc:
            raise CopyError(
                f"{material_label(material)}的原件复制后无法读取：{exc}"
            ) from exc
        if found["sha256"] != material.digest:
            raise CopyError(
                f"{material_label(material)}的原件在制作复制件后与登记的摘要不符，"
                "请立即运行固定性审计。"
            )


def _publish(
    work: Path, entries: list[CopyEntry], finals: list[Path], stem: str
) -> CopyPackage:
    zip_tmp = work / "package.zip"
    _zip(work / "files", entries, zip_tmp)
    package = CopyPackage(finals[0], files.digest(zip_tmp), entries)
    staged = [(zip_tmp, finals[0])]
    if len(finals) > 1:
        iso_tmp = work / "package.iso"
        _iso(work / "files", entries, iso_tmp, stem)
        package.iso_path, package.iso_sha256 = finals[1], files.digest(iso_tmp)
        staged.append((iso_tmp, finals[1]))
    placed: list[Path] = []
    try:
        for tmp, final in staged:
            files.place_atomically(tmp, final, link=True)
            placed.append(final)
    except BaseException:
        for final in placed:
            final.unlink(missing_ok=True)
        raise
    return package


def _zip(root: Path, entries: list[CopyEntry], target: Path) -> None:
    with target.open("wb") as f:
        with zipfile.ZipFile(f, "w") as archive:
            for entry in entries:
                # Recordings are compressed already.
                stored = entry.kind == "av"
                method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                archive.write(root / entry.path, entry.path, compress_type=method)
        f.flush()
        os.fsync(f.fileno())


def _iso(root: Path, entries: list[CopyEntry], target: Path, stem: str) -> None:
    volume = re.sub(r"[^A-Z0-9_]", "_", f"COPY_{stem}".upper())[:32]
    image = IsoImage(volume)
    for entry in entries:
        image.add(DiscFile(entry.path, entry.size, entry.sha256, root / entry.path))
    iso_master(image, target, None)
