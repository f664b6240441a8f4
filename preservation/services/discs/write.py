"""Writing one planned disc as an ISO image, and entering it in the disc register.

At the root of the disc lie `disc-manifest.json` (every file with its size and
SHA-256, and the label fields), `disc-manifest.txt` (the same for people) and
`disc-label.pdf`; below them one folder per package, or per part of a package
that spans discs (`parts`). The image format is `image`'s.

The image is written to `<out>/.<number>.iso.partial`, fsynced, hashed, and
only then renamed to `<out>/<number>.iso` in the same transaction that enters
the disc in the register, so a crash leaves neither a half image under the
final name nor a register entry without an image. Every file is hashed as it
is copied into the image and compared with the package's manifest, so a
damaged primary copy is never burned. The printable label sheet (with the
image's digest) and a `sha256sum` file are written beside the image. Access
logging is the caller's: `on_read` is called for every package before its
payload is read.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from preservation import files
from preservation.models import Disc, DiscContent, Package
from preservation.services.aips import log_anchor
from preservation.services.discs.image import (
    DiscFile,
    DiscWriteError,
    IsoImage,
    Progress,
    iso_master,
)
from preservation.services.discs.label import disc_label_pdf, disc_manifest_text
from preservation.services.discs.parts import bag_root, bag_tag_files, part_tag_files
from preservation.services.discs.plan import DiscPlan, PlannedPart, medium_get

PROFILE = "enforcement-archive-disc/1.0"
MANIFEST_JSON = "disc-manifest.json"
MANIFEST_TXT = "disc-manifest.txt"
LABEL_PDF = "disc-label.pdf"
OnRead = Callable[[Package, str], None]
ISO_NAMES = {
    MANIFEST_JSON: "MANIFEST.JSN",
    MANIFEST_TXT: "MANIFEST.TXT",
    LABEL_PDF: "LABEL.PDF",
}


def _tag_file(path: str, content: bytes) -> DiscFile:
    return DiscFile(
        path,
        len(content),
        files.content_digests(content, ("sha256",))["sha256"],
        None,
        content,
    )


def _part_files(part: PlannedPart) -> list[DiscFile]:
    package, folder = part.package, part.directory
    tags = bag_tag_files(package)
    if part.part_count > 1:
        tags = part_tag_files(
            package,
            tags,
            part.payload,
            part_number=part.part_number,
            part_count=part.part_count,
        )
    files = [_tag_file(f"{folder}/{name}", content) for name, content in tags.items()]
    root = bag_root(package)
    files += [
        DiscFile(f"{folder}/{e.rel}", e.size, e.sha256, root / e.rel)
        for e in part.payload
    ]
    return sorted(files, key=lambda f: f.path)


def disc_number_next(*, fonds: str, disc_set: str, year: int) -> str:
    """The next free 光盘编号 of a fonds, set and year: "J031-A-2026-0001"."""
    safe = "".join(c if c.isalnum() else "_" for c in fonds)
    prefix = f"{safe}-{disc_set}-{year}-"
    taken = Disc.objects.filter(disc_number__startswith=prefix).values_list(
        "disc_number", flat=True
    )
    numbers = [int(n.removeprefix(prefix)) for n in taken if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _disc(plan: DiscPlan, files: list[DiscFile], **fields) -> Disc:
    codes = plan.archival_codes
    return Disc(
        media=plan.media,
        fonds=plan.fonds,
        retention=plan.retention,
        archival_code_from=codes[0],
        archival_code_to=codes[-1],
        file_count=len(files),
        byte_count=sum(f.size for f in files),
        **fields,
    )


def _contents(plan: DiscPlan, files: list[DiscFile]) -> list[DiscContent]:
    contents = []
    for part in plan.parts:
        mine = [f for f in files if f.path.startswith(f"{part.directory}/")]
        contents.append(
            DiscContent(
                package=part.package,
                package_identifier=part.package.identifier,
                directory=part.directory,
                part_number=part.part_number,
                part_count=part.part_count,
                file_count=len(mine),
                byte_count=sum(f.size for f in mine),
            )
        )
    return contents


def disc_manifest(
    disc: Disc, contents: list[DiscContent], files: list[DiscFile]
) -> dict:
    """The machine-readable manifest burned at the root of the disc."""
    return {
        "profile": PROFILE,
        "disc_number": disc.disc_number,
        "disc_set": disc.disc_set,
        "media": disc.media,
        "fonds": disc.fonds,
        "archival_code_from": disc.archival_code_from,
        "archival_code_to": disc.archival_code_to,
        "retention": disc.retention,
        "retention_display": disc.get_retention_display(),
        "burned_on": disc.burned_on.isoformat(),
        "burned_by": disc.burned_by_name,
        "file_count": disc.file_count,
        "byte_count": disc.byte_count,
        "contents": [
            {
                "package": c.package.identifier,
                "archival_code": c.package.dossier.archival_code,
                "version": c.package.dossier.version,
                "directory": c.directory,
                "part_number": c.part_number,
                "part_count": c.part_count,
                "file_count": c.file_count,
                "byte_count": c.byte_count,
                "tagmanifest_sha256": c.package.tagmanifest_sha256,
            }
            for c in contents
        ],
        "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in files],
        "access_log_anchor": log_anchor(),
    }


def _hash(path: Path, progress: Progress | None) -> tuple[str, int]:
    def report(done: int, total: int) -> None:
        progress("计算镜像摘要", done, total)

    found = files.digests(path, ("sha256",), report if progress else None)
    return found["sha256"], path.stat().st_size


@dataclass
class _Job:
    plan: DiscPlan
    disc: Disc
    contents: list[DiscContent]
    files: list[DiscFile]
    out_dir: Path

    @property
    def final(self) -> Path:
        return self.out_dir / f"{self.disc.disc_number}.iso"

    @property
    def partial(self) -> Path:
        return self.out_dir / f".{self.disc.disc_number}.iso.partial"

    @property
    def label(self) -> Path:
        return self.out_dir / f"{self.disc.disc_number}-label.pdf"

    @property
    def checksum(self) -> Path:
        return self.out_dir / f"{self.disc.disc_number}.iso.sha256"


def _image(job: _Job) -> IsoImage:
    disc = job.disc
    manifest = disc_manifest(disc, job.contents, job.files)
    root_files = {
        MANIFEST_JSON: json.dumps(manifest, ensure_ascii=False, indent=2).encode(),
        MANIFEST_TXT: disc_manifest_text(manifest, disc).encode("utf-8"),
        LABEL_PDF: disc_label_pdf(disc, job.contents),
    }
    volume = re.sub(r"[^A-Z0-9_]", "_", disc.disc_number.upper())[:32]
    image = IsoImage(volume)
    for name, content in root_files.items():
        image.add(_tag_file(name, content), ISO_NAMES[name])
    for file in job.files:
        image.add(file)
    return image


def _publish(job: _Job, progress: Progress | None) -> None:
    disc = job.disc
    medium = medium_get(disc.media)
    iso_master(_image(job), job.partial, progress)
    disc.iso_sha256, disc.iso_size = _hash(job.partial, progress)
    if disc.iso_size > medium.capacity:
        raise DiscWriteError(
            f"镜像 {disc.iso_size} 字节，超出 {medium.label} 的容量 "
            f"{medium.capacity} 字节。"
        )
    try:
        with transaction.atomic():
            _record(job)
            job.partial.replace(job.final)
            files.fsync_dir(job.out_dir)
    except BaseException:
        job.final.unlink(missing_ok=True)
        raise


def _record(job: _Job) -> None:
    job.disc.full_clean()
    job.disc.save()
    for content in job.contents:
        content.disc = job.disc
        content.full_clean()
        content.save()


def _job(
    plan: DiscPlan,
    *,
    out_dir: Path,
    disc_set: str,
    user: AbstractBaseUser | None,
    **fields,
) -> _Job:
    """The disc to write, checked before anything is read or written."""
    burned_on = fields.pop("burned_on") or timezone.localdate()
    number = disc_number_next(fonds=plan.fonds, disc_set=disc_set, year=burned_on.year)
    files = [f for part in plan.parts for f in _part_files(part)]
    disc = _disc(
        plan,
        files,
        disc_number=number,
        disc_set=disc_set,
        burned_on=burned_on,
        burned_by=user,
        **fields,
    )
    # Refuse a bad set, a missing 刻录人 or a taken number before any writing.
    disc.full_clean(exclude=["iso_sha256", "iso_size"])
    job = _Job(plan, disc, _contents(plan, files), files, Path(out_dir))
    job.out_dir.mkdir(parents=True, exist_ok=True)
    if job.final.exists():
        raise DiscWriteError(f"{job.final} 已存在；光盘镜像从不覆盖。")
    return job


def _burn(job: _Job, on_read: OnRead | None, progress: Progress | None) -> Disc:
    """Log each package's read, publish the image, and put its files beside it."""
    for part in job.plan.parts:
        if on_read:
            on_read(part.package, job.disc.disc_number)
    try:
        _publish(job, progress)
    except BaseException:
        job.partial.unlink(missing_ok=True)
        raise
    disc = job.disc
    files.write_atomically(job.label, disc_label_pdf(disc, job.contents))
    checksum = f"{disc.iso_sha256}  {job.final.name}\n".encode()
    files.write_atomically(job.checksum, checksum)
    return disc


def disc_write(
    plan: DiscPlan,
    *,
    out_dir: Path,
    disc_set: str,
    user: AbstractBaseUser | None = None,
    burned_by_name: str = "",
    burned_on: date | None = None,
    location: str = "",
    on_read: OnRead | None = None,
    progress: Progress | None = None,
) -> Disc:
    """Write one planned disc (from `disc_plan`) as `<out_dir>/<光盘编号>.iso`.

    The disc is registered; its label sheet and `.sha256` file go beside the
    image. The 刻录人 is `user` or `burned_by_name` (by default the user's
    name), the 刻录日期 `burned_on` (today by default), `location` the 存放位置.
    `on_read` is called with each package and the disc number before the
    package's payload is read (for the access log; only its tag files have been
    read by then); `progress` with (stage, bytes done, bytes in total).

    Raises:
        ValidationError: no 刻录人, an unknown set, or the number is taken.
        DiscWriteError: the image would overflow the medium, a file does not
            match the package's manifest, or the image already exists.
        DiscError: a package's stored tag files do not match the register.
    """
    name = burned_by_name or (user.get_username() if user else "")
    fields = {"burned_by_name": name, "burned_on": burned_on, "location": location}
    job = _job(plan, out_dir=out_dir, disc_set=disc_set, user=user, **fields)
    return _burn(job, on_read, progress)
