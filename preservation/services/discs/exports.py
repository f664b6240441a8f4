"""Disc exports started from the browser, run as a background job.

`disc_export_create` records what to burn (a `DiscExport` row naming its
packages); `disc_export_run` plans and writes the discs with `disc_write`,
saving its progress on the row as it goes (at most a few times a second), and
leaves beside each image its label sheet and its `disc-manifest.json` in
`disc_export_dir(export)`. A failure is recorded on the row with its message,
never raised: the page shows it. Access logging is the caller's (`on_read`),
as for `disc_write`.
"""

import json
import time
from collections.abc import Callable
from pathlib import Path

import pycdlib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from pycdlib.pycdlibexception import PyCdlibException

from preservation.models import DiscExport, DiscExportStatus, DiscSet, Package
from preservation.services.discs.parts import DiscError
from preservation.services.discs.plan import MEDIA, disc_plan
from preservation.services.discs.write import MANIFEST_JSON, disc_write

SAVE_EVERY_SECONDS = 0.5


def disc_export_dir(export: DiscExport) -> Path:
    return Path(settings.ARCHIVE_STORAGE) / "discs" / str(export.pk)


def disc_export_files(export: DiscExport, disc_number: str) -> dict[str, Path]:
    """The image, label sheet and manifest of one disc of an export."""
    folder = disc_export_dir(export)
    return {
        "iso": folder / f"{disc_number}.iso",
        "label": folder / f"{disc_number}-label.pdf",
        "manifest": folder / f"{disc_number}-manifest.json",
    }


@transaction.atomic
def disc_export_create(
    *, user, media: str, disc_set: str, packages: list[Package]
) -> DiscExport:
    """Record a disc export of `packages` for `user`; the caller enqueues the job.

    Raises:
        ValidationError: an unknown medium or set, or no package to burn.
    """
    if media not in MEDIA or disc_set not in DiscSet.values:
        raise ValidationError("请选择介质和套别。")
    if not packages:
        raise ValidationError("没有需要刻录的保存包：所有保存包都已刻入该套光盘。")
    export = DiscExport(requested_by=user, media=media, disc_set=disc_set)
    export.full_clean()
    export.save()
    export.packages.set(packages)
    return export


def _progress(export: DiscExport, prefix: str) -> Callable[[str, int, int], None]:
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < SAVE_EVERY_SECONDS and done < total:
            return
        last[0] = now
        export.stage, export.done_bytes, export.total_bytes = (
            f"{prefix}：{stage}",
            done,
            total,
        )
        export.save(update_fields=["stage", "done_bytes", "total_bytes"])

    return progress


def _manifest_beside(export: DiscExport, disc_number: str) -> None:
    files = disc_export_files(export, disc_number)
    iso = pycdlib.PyCdlib()
    iso.open(str(files["iso"]))
    try:
        with iso.open_file_from_iso(udf_path=f"/{MANIFEST_JSON}") as f:
            manifest = json.loads(f.read())
    finally:
        iso.close()
    text = json.dumps(manifest, ensure_ascii=False, indent=2)
    files["manifest"].write_text(text, encoding="utf-8")


def _finish(export: DiscExport, status: str, message: str = "") -> DiscExport:
    export.status, export.message = status, message
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "message", "finished_at"])
    return export


def disc_export_run(
    *, export: DiscExport, on_read: Callable[[Package, str], None] | None = None
) -> DiscExport:
    """Write every disc of `export`, recording progress and the outcome on it."""
    export.status = DiscExportStatus.RUNNING
    export.save(update_fields=["status"])
    try:
        plans = disc_plan(list(export.packages.order_by("identifier")), export.media)
        for n, plan in enumerate(plans, start=1):
            disc = disc_write(
                plan,
                out_dir=disc_export_dir(export),
                disc_set=export.disc_set,
                user=export.requested_by,
                on_read=on_read,
                progress=_progress(export, f"光盘 {n}/{len(plans)}"),
            )
            export.discs.add(disc)
            _manifest_beside(export, disc.disc_number)
    except (DiscError, ValidationError, OSError, PyCdlibException) as exc:
        # The page must say why; a job left 正在制作 forever would say nothing.
        message = "；".join(getattr(exc, "messages", None) or [str(exc)])
        return _finish(export, DiscExportStatus.FAILED, message)
    return _finish(export, DiscExportStatus.DONE, f"已制作 {len(plans)} 张光盘。")
