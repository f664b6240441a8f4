"""The content gate: the only way any byte of a record leaves the archive.

Order matters: permission check, then the access-log entry (committed), then
the response. Headers keep browsers from sniffing, scripting or caching the
content; no digest ever appears in a header (cf. Wagtail GHSA-92hv-j533-69wc).
"""

from urllib.parse import quote

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from access_control.consultations import content_decision, is_custodian
from access_control.copying import (
    copy_download_problem,
    copy_stored_path,
    grant_in_force,
)
from access_control.exports import KINDS, document_filename, document_render
from access_control.gate import (
    CUSTODIAN_PURPOSES,
    ReadPass,
    custodian_pass,
    custodian_purpose_set,
    read_pass,
)
from access_control.models import AccessAction, AccessCopy, ReadPurpose
from access_control.selectors import discs_visible_to
from access_control.services import access_log_record
from access_control.throttle import WINDOW_SECONDS, anonymous_denial_count
from dossiers.documents.problems import DossierDocumentError
from dossiers.models import Agency, Case, Dossier, Material
from preservation.models import Disc
from preservation.services.discs import disc_export_files
from preservation.services.storage import object_open

INLINE_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/tiff",
    "video/mp4",
    "video/quicktime",
    "audio/mp4",
    "audio/x-m4a",
    "audio/mpeg",
    "audio/x-wav",
}
CONTENT_CSP = (
    "default-src 'none'; img-src 'self'; media-src 'self'; object-src 'self'; "
    "style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; "
    "form-action 'none'"
)


@require_GET
@xframe_options_sameorigin
def material_content(request: HttpRequest, pk: int):
    """Serve one material's original bytes to a permitted user, logged first."""
    material = Material.objects.select_related("case__agency").filter(pk=pk).first()
    if not request.user.is_authenticated:
        return _refuse_anonymous(request, material)
    if material is None:
        _log_denied(request, None, "对象不存在")
        raise Http404("没有找到该材料。")
    passed = read_pass(request, material.case, material)
    if isinstance(passed, HttpResponse):
        return passed
    download = request.GET.get("download") == "1"
    material_read_log(request, material, passed, download=download)
    return _content_response(material, download=download)


def material_read_log(
    request: HttpRequest, material: Material, passed: ReadPass, *, download=False
) -> None:
    """The access-log entry of one permitted read (or download) of `material`."""
    access_log_record(
        user=request.user,
        action=AccessAction.DOWNLOAD if download else AccessAction.VIEW_CONTENT,
        obj=material,
        case_number=material.case.case_number,
        request=request,
        reason=passed.reason,
        data={"path": material.path, **passed.data},
    )


@require_GET
def dossier_document(request: HttpRequest, pk: int, kind: str):
    """Serve one generated document of a dossier (merged PDF, 材料目录, …)."""
    dossier = Dossier.objects.select_related("case__agency").filter(pk=pk).first()
    if not request.user.is_authenticated:
        return _refuse_anonymous(request, dossier and dossier.case)
    if dossier is None or kind not in KINDS:
        _log_denied(request, dossier and dossier.case, "对象不存在")
        raise Http404("没有找到该文件。")
    passed = read_pass(request, dossier.case)
    if isinstance(passed, HttpResponse):
        return passed
    access_log_record(
        user=request.user,
        action=AccessAction.DOWNLOAD,
        obj=dossier,
        case_number=dossier.case.case_number,
        request=request,
        reason=passed.reason,
        data={"document": kind, **passed.data},
    )
    try:
        document_kind, content = document_render(dossier, kind)
    except DossierDocumentError as exc:
        # A material that cannot be bound: say which, instead of a server error.
        return HttpResponse(
            f"无法生成该文件：{exc}",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content, content_type=document_kind.content_type)
    filename = quote(document_filename(dossier, document_kind))
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    _protect(response)
    return response


def _refuse_anonymous(request: HttpRequest, obj) -> HttpResponse:
    """403 with a log entry; past the per-minute limit, 429 and only counted."""
    if anonymous_denial_count(address=request.META.get("REMOTE_ADDR", "")):
        _log_denied(request, obj, "未登录")
        return HttpResponseForbidden("请先登录。")
    response = HttpResponse(
        "请求过于频繁，请稍后再试。",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def _log_denied(request: HttpRequest, obj, why: str) -> None:
    case = getattr(obj, "case", obj)
    access_log_record(
        user=request.user,
        action=AccessAction.DENIED,
        obj=obj,
        case_number=case.case_number if case else "",
        request=request,
        reason=why,
        data={"path": request.path},
    )


def _content_response(material: Material, *, download: bool) -> FileResponse:
    inline = not download and material.media_type in INLINE_TYPES
    content_type = material.media_type if inline else "application/octet-stream"
    response = FileResponse(object_open(material.digest), content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename*=UTF-8''{quote(material.original_name)}"
    )
    _protect(response)
    return response


def _protect(response: HttpResponse) -> None:
    response["Content-Security-Policy"] = CONTENT_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"


DISC_FILE_TYPES = {
    "iso": "application/octet-stream",
    "label": "application/pdf",
    "manifest": "application/json",
}


@require_GET
def disc_file(request: HttpRequest, pk: int, kind: str):
    """Serve a disc's image, label sheet or manifest, logged per package on it.

    Only discs made from the browser keep their files here (`DiscExport`); the
    user needs `preservation.view_disc` and every case on the disc.
    """
    disc = Disc.objects.filter(pk=pk).first()
    if not request.user.is_authenticated:
        _log_denied(request, None, "未登录")
        return HttpResponseForbidden("请先登录。")
    visible = discs_visible_to(user=request.user).filter(pk=pk).exists()
    export = disc.exports.first() if disc else None
    path = disc_export_files(export, disc.disc_number).get(kind) if export else None
    # A disc holding a destroyed package (销毁) is served no more: its files
    # hold the destroyed records until its custodian disposes of it.
    allowed = (
        request.user.has_perm("preservation.view_disc")
        and visible
        and _keeps_every_case(request.user, disc)
        and not disc.holds_destroyed
    )
    if not (allowed and path and path.is_file()):
        _log_denied(request, None, ReadPurpose.NOT_PERMITTED)
        raise Http404("没有找到该光盘文件。")
    purpose = _disc_purpose(request)
    if not purpose:
        # A disc holds whole cases: its custodian says why, every time.
        context = {"disc": disc, "purposes": CUSTODIAN_PURPOSES}
        return render(request, "access_control/disc_purpose.html", context, status=403)
    _disc_reads_log(request, disc, kind, purpose)
    response = FileResponse(path.open("rb"), content_type=DISC_FILE_TYPES[kind])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(path.name)}"
    _protect(response)
    return response


def _disc_reads_log(request: HttpRequest, disc: Disc, kind: str, purpose: str):
    """One access-log entry per package on a disc being downloaded."""
    for content in disc.contents.select_related("package__dossier__case"):
        access_log_record(
            user=request.user,
            action=AccessAction.DOWNLOAD,
            obj=content.package.dossier,
            case_number=content.package.dossier.case.case_number,
            request=request,
            reason=purpose,
            data={"disc": disc.disc_number, "file": kind},
        )


@require_POST
def purpose(request: HttpRequest, pk: int):
    """Keep a custodian's 事由 for one case for this login, then go back."""
    case = Case.objects.select_related("agency").filter(pk=pk).first()
    if case is None or not content_decision(request.user, case).custodian:
        raise Http404("没有找到该案件。")
    given = (
        request.POST.get("purpose", "").strip() or request.POST.get("other", "").strip()
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("wagtailadmin_home")
    if not given:
        return redirect(back)
    custodian_purpose_set(request, case, given)
    return redirect(back)


@require_GET
def copy_download(request: HttpRequest, pk: int):
    """Serve a recorded copy package (复制件) kept by the archive, logged first.

    The requester may download it while the grant is in force, the agency's
    custodian at any time (`access_control.copying.copy_download_problem`);
    anyone else gets a 404, logged as refused.
    """
    copy = (
        AccessCopy.objects.select_related("grant__request", "grant__case__agency")
        .filter(pk=pk)
        .first()
    )
    case = copy.grant.case if copy else None
    if not request.user.is_authenticated:
        return _refuse_anonymous(request, case)
    problem = copy_download_problem(copy, request.user) if copy else "对象不存在"
    if problem:
        _log_denied(request, case, problem)
        raise Http404("没有找到该复制件。")
    passed = _copy_pass(request, copy)
    if isinstance(passed, HttpResponse):
        return passed
    access_log_record(
        user=request.user,
        action=AccessAction.DOWNLOAD,
        obj=copy,
        case_number=case.case_number,
        request=request,
        reason=passed.reason,
        data={"copy": copy.pk, "request": copy.grant.request.number, **passed.data},
    )
    return _copy_response(copy)


def _copy_pass(request: HttpRequest, copy: AccessCopy):
    """The requester downloads under the grant's 事由; a custodian gives theirs."""
    grant = copy.grant
    if request.user.pk == grant.user_id and grant_in_force(grant):
        # A superuser goes through the same rule and is flagged, as at the gate.
        flags = {"superuser": True} if request.user.is_superuser else {}
        return ReadPass(grant.request.reason, flags)
    return custodian_pass(request, grant.case)


def _copy_response(copy: AccessCopy) -> FileResponse:
    response = FileResponse(
        copy_stored_path(copy).open("rb"), content_type="application/zip"
    )
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(copy.file_name)}"
    )
    _protect(response)
    return response


def _keeps_every_case(user, disc: Disc) -> bool:
    agencies = Agency.objects.filter(
        cases__dossiers__package__disc_contents__disc=disc
    ).distinct()
    return all(is_custodian(user, agency) for agency in agencies)


def _disc_purpose(request: HttpRequest) -> str:
    """The 事由 given with a disc download: a listed one or the typed one."""
    given = (p.strip() for p in request.GET.getlist("purpose"))
    return next((p for p in given if p), "")[:300]
