"""The files of an application in the content-addressed storage.

Uploads are never trusted: an attachment is identified by its content
(libmagic), must be a PDF, JPEG, PNG or TIFF whatever its name says, and
must stay within `DISCLOSURE_ATTACHMENT_MAX_BYTES`; anything else is refused
with a message naming the file. Accepted bytes go into the same storage as
the originals (`preservation.services.storage`), so identical files are
kept once, and `files_referenced` tells the storage janitor which objects
the 政府信息公开 records still need. No URL serves an object directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError

from access_control.disclosure.models import DisclosureApplication, DisclosureFile
from preservation import sniff
from preservation.services import storage

ATTACHMENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
}


def _size_text(size: int) -> str:
    return f"{size / 1024**2:.1f} MB" if size >= 1024**2 else f"{size / 1024:.0f} KB"


def attachment_check(name: str, path: Path) -> str:
    """The media type of an uploaded attachment, or ValidationError naming it."""
    limit = settings.DISCLOSURE_ATTACHMENT_MAX_BYTES
    size = path.stat().st_size
    if size == 0:
        raise ValidationError(f"附件“{name}”是空文件。")
    if size > limit:
        raise ValidationError(
            f"附件“{name}”大小为 {_size_text(size)}，"
            f"超过了 {_size_text(limit)} 的上限。"
        )
    media_type = sniff.media_type(path)
    if media_type not in ATTACHMENT_TYPES:
        described = sniff.description(path)[:80]
        allowed = "、".join(ATTACHMENT_TYPES.values())
        raise ValidationError(
            f"附件“{name}”的内容是 {described}，不是可接受的文件类型"
            f"（只接受 {allowed}，以文件内容为准，不看扩展名）。"
        )
    return media_type


def file_store(
    application: DisclosureApplication,
    *,
    kind: str,
    name: str,
    path: Path,
    media_type: str,
    by=None,
    title: str = "",
    source_material=None,
    data: dict | None = None,
) -> DisclosureFile:
    """Keep the file at `path` as one of the application's files."""
    stored = storage.object_store(path)
    return DisclosureFile.objects.create(
        application=application,
        kind=kind,
        title=title,
        file_name=Path(name).name[:255] or "file",
        media_type=media_type,
        digest=stored.digest,
        size=stored.size,
        created_by=by,
        source_material=source_material,
        data=data or {},
    )


def attachment_store(
    application: DisclosureApplication,
    *,
    name: str,
    path: Path,
    by=None,
    kind: str = DisclosureFile.Kind.ATTACHMENT,
) -> DisclosureFile:
    """Check and keep an applicant's attachment (or 补正 material)."""
    media_type = attachment_check(name, path)
    return file_store(
        application, kind=kind, name=name, path=path, media_type=media_type, by=by
    )


def file_open(file: DisclosureFile) -> BinaryIO:
    """Open a file's bytes; callers check the reader's right and log first."""
    return storage.object_open(file.digest)


def files_referenced(digests: list[str]) -> Iterable[str]:
    """The digests among `digests` that an application's file refers to."""
    return DisclosureFile.objects.filter(digest__in=digests).values_list(
        "digest", flat=True
    )
