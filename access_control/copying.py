"""Making and handing out copies (复制件) under an approved 复制 grant.

`access_copy_make` is the archivist's act: nothing is copied privately (004
§27, 001 §26), so the agency's custodian makes the package for the requester
while the grant is in force. It builds the package with
`access_control.copies.copy_package_build` (watermarks, AV notes, originals
re-checked), records an `AccessCopy` with the package's SHA-256, one
access-log entry per material copied (the request's 事由) and a case event.
Any refusal is an `AccessRequestError` with one Chinese sentence; then no row
is written and no file is left behind.

`access_request_find` looks a request up as the commands take it (id or
登记号). `copy_download_problem` says whether a person may download a recorded copy
from the browser, and `copy_stored_path` where the archive keeps the copies
it serves: `VAR_DIR/copies/<登记号>/<file name>`. Logging the download and
sending the bytes is the view's.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from access_control.consultations import AccessRequestError, is_custodian
from access_control.copies import CopyError, CopyPackage, copy_package_build
from access_control.models import (
    AccessAction,
    AccessCopy,
    AccessGrant,
    AccessRequest,
    RequestKind,
)
from access_control.services import access_log_record
from dossiers.models import EventType, Material
from dossiers.services import case_event_record
from preservation import files


def access_request_find(value: str) -> AccessRequest | None:
    """A request by its id (digits) or its 登记号 (CY2026-00001); None if none."""
    lookup = {"pk": int(value)} if value.isdigit() else {"number": value}
    return AccessRequest.objects.select_related("case__agency").filter(**lookup).first()


def person_name(user) -> str:
    """A person as shown on a copy: the Chinese full name, else the username."""
    return f"{user.last_name}{user.first_name}".strip() or user.username


def copies_dir(number: str) -> Path:
    """Where the archive keeps the copies of request `number` it serves."""
    return Path(settings.VAR_DIR) / "copies" / number


def copy_stored_path(copy: AccessCopy) -> Path:
    """The copy's zip as kept by the archive (it may not be there)."""
    return copies_dir(copy.grant.request.number) / copy.file_name


def grant_in_force(grant: AccessGrant) -> bool:
    """Not revoked nor returned, and `until` is today or later (local date)."""
    return (
        grant.revoked_at is None
        and grant.returned_at is None
        and grant.until >= timezone.localdate()
    )


def _copy_problem(grant: AccessGrant, by) -> str:
    number = grant.request.number
    if grant.kind != RequestKind.COPY:
        return f"{number} 是{grant.get_kind_display()}授权，不能制作复制件。"
    if grant.revoked_at is not None:
        return f"授权 {number} 已被撤销，不能制作复制件。"
    if grant.until < timezone.localdate():
        return f"授权 {number} 已于 {grant.until:%Y-%m-%d} 到期，不能制作复制件。"
    if not is_custodian(by, grant.case.agency):
        return (
            f"{by.username} 不是{grant.case.agency.name}的档案管理员；"
            "复制件只能由档案管理员制作。"
        )
    return ""


def copy_materials(grant: AccessGrant) -> list[Material]:
    """The request's listed materials, or the whole case's."""
    listed = grant.request.materials.order_by("sequence")
    if listed.exists():
        return list(listed)
    return list(grant.case.materials.order_by("sequence"))


@transaction.atomic
def access_copy_make(
    *, grant: AccessGrant, by, out_dir: Path, as_disc: bool = False
) -> AccessCopy:
    """Make the copy package of a 复制 grant in `out_dir`, and record it.

    Args:
        grant: a 复制 grant in force.
        by: the agency's custodian making the copy (制作人).
        out_dir: where the zip (and ISO) are written.
        as_disc: also write an ISO image.

    Returns:
        The recorded `AccessCopy`.

    Raises:
        AccessRequestError: the wrong kind of grant, an expired or revoked
            one, a maker who is not the custodian, or a package that cannot
            be made; nothing is recorded and no file is left.
    """
    grant = AccessGrant.objects.select_related(
        "request__requester", "case__agency"
    ).get(pk=grant.pk)
    if problem := _copy_problem(grant, by):
        raise AccessRequestError(problem)
    materials = copy_materials(grant)
    package = _package_build(grant, by, materials, Path(out_dir), as_disc)
    try:
        return _copy_record(grant, by, package, materials)
    except BaseException:
        for path in (package.zip_path, package.iso_path):
            if path is not None:
                path.unlink(missing_ok=True)
        raise


def _package_build(grant, by, materials, out_dir: Path, as_disc: bool) -> CopyPackage:
    request = grant.request
    try:
        return copy_package_build(
            materials=materials,
            out_dir=out_dir,
            requester=person_name(request.requester),
            agency=grant.case.agency.name,
            request_number=request.number,
            made_by=person_name(by),
            when=timezone.now(),
            as_disc=as_disc,
        )
    except CopyError as exc:
        raise AccessRequestError(str(exc)) from exc


def _copy_record(grant, by, package: CopyPackage, materials) -> AccessCopy:
    request = grant.request
    copy = AccessCopy(
        grant=grant,
        file_name=package.zip_path.name,
        sha256=package.zip_sha256,
        size=package.zip_path.stat().st_size,
        iso_sha256=package.iso_sha256 or "",
        made_by=by,
    )
    copy.full_clean()
    copy.save()
    _copy_logged(grant, by, copy, materials)
    case_event_record(
        case=grant.case,
        event_type=EventType.ACCESS_GRANTED,
        user=by,
        detail=(
            f"制作复制件 {copy.file_name}（{len(materials)} 件材料），"
            f"交 {person_name(request.requester)}，"
            f"依 {request.number}：{request.reason}"
        ),
        outcome_detail={
            "request": request.number,
            "copy": copy.pk,
            "sha256": copy.sha256,
        },
    )
    return copy


def _copy_logged(grant, by, copy: AccessCopy, materials) -> None:
    """One access-log entry per material copied, with the request's 事由."""
    request = grant.request
    for material in materials:
        access_log_record(
            user=by,
            action=AccessAction.DOWNLOAD,
            obj=material,
            case_number=grant.case.case_number,
            reason=request.reason,
            data={
                "request": request.number,
                "grant": grant.pk,
                "copy": copy.pk,
                "path": material.path,
            },
        )


def copy_download_problem(copy: AccessCopy, user) -> str:
    """Why `user` may not download `copy` from the browser ("" if they may).

    The requester may while the grant is in force; the agency's custodian may
    always. The file must be kept by the archive and match its SHA-256.
    """
    grant = copy.grant
    requester = user.pk == grant.user_id and grant_in_force(grant)
    if not (requester or is_custodian(user, grant.case.agency)):
        return "无下载该复制件的权限"
    path = copy_stored_path(copy)
    if not path.is_file():
        return "复制件未保存在档案系统中"
    if files.digest(path) != copy.sha256:
        return "复制件与登记的摘要不符"
    return ""
