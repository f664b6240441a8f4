"""Making the released information (DIP) of an application from its linked materials.

A release is made only from a material whose link has passed the 保密审查
(`DisclosureLink.decision` 可以公开 or 区分处理后公开); 不予公开 never leaves,
and 区分处理后公开 needs at least one confirmed redaction. The original is
read from the content-addressed storage, never written: reading it is an
access-log entry (查看材料内容, 事由 政府信息公开申请办理, with the 受理编号)
written before a byte is read. PDFs and images (JPEG, PNG, TIFF) become a
redacted, watermarked image PDF (`access_control.disclosure.redaction`) that
is checked with `pdftotext` before it is kept; the release is stored as the
application's file (公开件) with what was removed, counted by kind, and an
event 制作公开件 is recorded.

Audio and video recordings are not released without the approval of the
head of the 信息公开工作机构 (`av_release_approve`): 广东省行政执法全过程记录
办法（试行）第二十六条 (001 §26) forbids providing 音像记录 to outsiders 未经
批准. Approved, the recording goes out unaltered (it cannot be redacted, so a
区分处理 decision refuses it) together with a 文字说明 sheet describing it.

Delivery is for the caller: `downloads.download_link_create` gives the
applicant an expiring link to each file.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from access_control.disclosure.applications import event_record
from access_control.disclosure.av_note import av_note_pdf, watermark_text
from access_control.disclosure.files import file_store
from access_control.disclosure.models import (
    DisclosureApplication,
    DisclosureFile,
    DisclosureLink,
    EventKind,
    Status,
)
from access_control.disclosure.redaction import (
    Kind,
    Redaction,
    RedactionError,
    image_to_pdf,
    page_preview,
    redact_pdf,
    release_verify,
)
from access_control.disclosure.selectors import is_desk_head, may_work
from access_control.models import AccessAction, ReadPurpose
from access_control.services import access_log_record
from dossiers.codes import Form
from dossiers.models import Material
from preservation.services.storage import object_path

AV_RELEASE_FORMS = frozenset({Form.AUDIO, Form.VIDEO})
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/tiff"})
Box = tuple[int, float, float, float, float]


class ReleaseError(ValueError):
    """The release cannot be made as asked (message in Chinese)."""


@dataclass(frozen=True)
class Release:
    """What `release_make` kept: the release and, for a recording, its 文字说明."""

    file: DisclosureFile
    note: DisclosureFile | None = None


def release_make(
    application: DisclosureApplication,
    link: DisclosureLink,
    *,
    by,
    strings: Sequence[Redaction | str] = (),
    boxes: Sequence[Box] = (),
    material: Material | None = None,
    request=None,
) -> Release:
    """Make and keep the release of one reviewed material of `application`.

    Args:
        application: the application answered.
        link: its reviewed link; the link's material is the source, or, for
            a link to a whole case, `material` (one of that case's).
        by: the officer (信息公开 staff of the application's agency).
        strings: the confirmed strings to remove (plain strings: 人工添加).
        boxes: (page, x0, y0, x1, y1) areas to black out, millimetres from
            the page's top-left corner (scans); `request` for the log.

    Raises:
        ReleaseError: not allowed (review, AV approval, role), unreadable,
            or the result still yields a redacted string.
    """
    source = _source(application, link, material, by)
    redactions = [
        s if isinstance(s, Redaction) else Redaction(Kind.MANUAL, s) for s in strings
    ]
    if source.form in AV_RELEASE_FORMS:
        _av_check(application, link, redactions, boxes)
        _original_read_log(application, source, by, request)
        return _av_release(application, source, by=by)
    if link.decision == DisclosureLink.Decision.REDACT and not (redactions or boxes):
        raise ReleaseError(
            f"材料“{source.title}”的保密审查结论为区分处理后公开，"
            "请先确认需要遮盖的内容或遮盖框。"
        )
    _original_read_log(application, source, by, request)
    return Release(_document_release(application, source, redactions, boxes, by))


def release_preview(
    application: DisclosureApplication,
    link: DisclosureLink,
    *,
    by,
    page: int,
    strings: Sequence[str] = (),
    boxes: Sequence[Box] = (),
    material: Material | None = None,
    request=None,
) -> tuple[bytes, int]:
    """A PNG of one page of the source with what would be covered outlined.

    The preview shows the original's content, so it is checked like a
    release (`release_make`'s refusals) and logged before it is read.

    Returns:
        The PNG bytes and the source's page count.

    Raises:
        ReleaseError: not allowed, not a PDF or image, or unreadable.
    """
    source = release_source(application, link, by=by, material=material)
    if source.form in AV_RELEASE_FORMS:
        raise ReleaseError("录音、录像没有页面预览。")
    _original_read_log(application, source, by, request, page=page)
    with tempfile.TemporaryDirectory(prefix="disclosure-") as tmp:
        pdf = _as_pdf(source, Path(tmp))
        try:
            return page_preview(
                pdf, page, strings=strings, boxes=boxes, name=source.original_name
            )
        except RedactionError as exc:
            raise ReleaseError(str(exc)) from None


def release_source(
    application: DisclosureApplication,
    link: DisclosureLink,
    *,
    by,
    material: Material | None = None,
) -> Material:
    """The material a release through `link` is made from, if `by` may make it.

    Raises:
        ReleaseError: the link is not this application's, not reviewed or
            withheld, `by` is not its 信息公开 staff, or the material is not
            the link's.
    """
    return _source(application, link, material, by)


def _source(application, link, material, by) -> Material:
    if link.application_id != application.pk:
        raise ReleaseError("该关联档案不属于本申请。")
    if not may_work(by, application):
        raise ReleaseError(
            f"只有本机关信息公开工作人员可以为申请 {application} 制作公开件。"
        )
    if application.status == Status.WITHDRAWN:
        raise ReleaseError(f"申请 {application} 已视为放弃，不再制作公开件。")
    if link.decision not in (
        DisclosureLink.Decision.RELEASE,
        DisclosureLink.Decision.REDACT,
    ):
        reason = "不予公开" if link.decision else "尚未进行保密审查"
        raise ReleaseError(
            f"该关联档案{reason}，不能制作公开件（先保密审查，后公开）。"
        )
    source = link.material or material
    if source is None:
        raise ReleaseError("该关联为整个案件，请选择要公开的具体材料。")
    if source.case_id != link.case_id:
        raise ReleaseError(f"材料“{source.title}”不属于关联的案件。")
    return source


def _original_read_log(application, material, by, request, **extra) -> None:
    access_log_record(
        user=by,
        action=AccessAction.VIEW_CONTENT,
        obj=material,
        case_number=material.case.case_number,
        request=request,
        reason=ReadPurpose.DISCLOSURE,
        data={"application": application.number, "path": material.path, **extra},
    )


def _document_release(application, material, redactions, boxes, by) -> DisclosureFile:
    watermark = watermark_text(application)
    with tempfile.TemporaryDirectory(prefix="disclosure-") as tmp:
        source = _as_pdf(material, Path(tmp))
        target = Path(tmp) / "release.pdf"
        try:
            result = redact_pdf(
                source,
                target,
                strings=[r.text for r in redactions],
                boxes=boxes,
                watermark=watermark,
                name=material.original_name,
            )
            release_verify(target, redactions)
        except RedactionError as exc:
            raise ReleaseError(str(exc)) from None
        counts: Counter[str] = Counter()
        for redaction in redactions:
            counts[redaction.kind] += result.counts.get(redaction.text, 0)
        if boxes:
            counts["遮盖框"] += len(boxes)
        data = {
            "redactions": [{"kind": k, "count": n} for k, n in counts.items()],
            "watermark": watermark,
            "verified": True,
            "pages": result.pages,
        }
        return _keep(application, material, target, by=by, data=data)


def _as_pdf(material: Material, tmp: Path) -> Path:
    original = object_path(material.digest)
    if material.media_type == "application/pdf":
        return original
    if material.media_type in IMAGE_TYPES:
        converted = tmp / "source.pdf"
        try:
            image_to_pdf(original, converted, name=material.original_name)
        except RedactionError as exc:
            raise ReleaseError(str(exc)) from None
        return converted
    raise ReleaseError(
        f"材料“{material.original_name}”的格式为 {material.media_type}，"
        "只有 PDF 和 JPEG、PNG、TIFF 图像可以制作公开件。"
    )


@transaction.atomic
def _keep(application, material, path: Path, *, by, data: dict) -> DisclosureFile:
    name = f"{application.number}-{material.sequence:02d}-{_safe(material.title)}.pdf"
    file = file_store(
        application,
        kind=DisclosureFile.Kind.RELEASE,
        name=name,
        path=path,
        media_type="application/pdf",
        by=by,
        title=material.title,
        source_material=material,
        data=data,
    )
    _made(application, file, by)
    return file


def _made(application, file: DisclosureFile, by) -> None:
    event_record(
        application,
        EventKind.RELEASE_MADE,
        by=by,
        note=file.title,
        data={"file": file.pk, "material": file.source_material_id, **file.data},
    )


def _safe(title: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", title)[:60] or "公开件"


# --- audio and video ---------------------------------------------------------------


def av_release_approve(application: DisclosureApplication, *, by) -> None:
    """Record the head's approval to release the application's recordings (001 §26).

    Raises:
        ReleaseError: `by` is not the head of the agency's 信息公开工作机构.
    """
    if not is_desk_head(by, application):
        raise ReleaseError(
            "只有信息公开工作机构负责人可以批准对外提供音像记录"
            "（广东省行政执法全过程记录办法（试行）第二十六条）。"
        )
    application.av_release_approved_by = by
    application.av_release_approved_on = timezone.localdate()
    application.save(update_fields=["av_release_approved_by", "av_release_approved_on"])


def _av_check(application, link, redactions, boxes) -> None:
    if application.av_release_approved_by_id is None:
        raise ReleaseError(
            "音像记录未经批准不得对外提供（广东省行政执法全过程记录办法（试行）"
            "第二十六条），请先由信息公开工作机构负责人批准。"
        )
    if link.decision == DisclosureLink.Decision.REDACT or redactions or boxes:
        raise ReleaseError(
            "录音、录像无法遮盖部分内容，不能作区分处理后公开；"
            "请重新保密审查（可以公开或不予公开）。"
        )


@transaction.atomic
def _av_release(application, material: Material, *, by) -> Release:
    approved = application.av_release_approved_by
    av = {
        "approved_by": approved.get_full_name() or approved.get_username(),
        "approved_on": application.av_release_approved_on.isoformat(),
    }
    file = file_store(
        application,
        kind=DisclosureFile.Kind.RELEASE,
        name=f"{application.number}-{material.sequence:02d}-{material.original_name}",
        path=object_path(material.digest),
        media_type=material.media_type,
        by=by,
        title=material.title,
        source_material=material,
        data={"redactions": [], "av": av, "verified": False},
    )
    with tempfile.TemporaryDirectory(prefix="disclosure-") as tmp:
        sheet = Path(tmp) / "note.pdf"
        sheet.write_bytes(av_note_pdf(application, material, av))
        note = file_store(
            application,
            kind=DisclosureFile.Kind.AV_NOTE,
            name=f"{application.number}-{material.sequence:02d}-文字说明.pdf",
            path=sheet,
            media_type="application/pdf",
            by=by,
            title=f"{material.title} 文字说明",
            source_material=material,
            data={"av": av},
        )
    _made(application, file, by)
    return Release(file, note)
