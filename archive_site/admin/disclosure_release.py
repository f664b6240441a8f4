"""The officer's redaction page: make the released information of one link.

For a reviewed link of an application (`disclosure_release`, by application
and link), the page lists the proposed redactions as checkboxes, takes more
strings and manual boxes (page and millimetres from the top-left corner, for
scans), previews a page with what would be covered outlined
(`disclosure_release_preview`), makes the release and shows its check, and
lists the application's releases with a form for an expiring download link
(`disclosure_release_link`). A recording shows its approval instead, which
the head of the 信息公开工作机构 gives here (001 §26).

Only the 信息公开 staff of the application's agency open these pages; anyone
else gets a 404 and a 拒绝访问 entry, as everywhere in the admin. Every page
that shows the material's content (the proposals are its text, the preview
its image) logs the read before it renders; the rules live in
`access_control.disclosure.release`.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from access_control.disclosure.downloads import DEFAULT_DAYS, download_link_create
from access_control.disclosure.models import DisclosureFile, DisclosureLink
from access_control.disclosure.redaction import Kind, Redaction, redaction_proposals
from access_control.disclosure.release import (
    AV_RELEASE_FORMS,
    ReleaseError,
    av_release_approve,
    release_make,
    release_preview,
    release_source,
)
from access_control.disclosure.selectors import applications_visible_to, is_desk_head
from access_control.models import AccessAction, ReadPurpose
from access_control.services import access_log_record
from archive_site.admin.disclosure_desk import desk_denied

TEMPLATE = "archive_site/admin/disclosure/release_page.html"
NOT_FOUND = "没有找到该申请或关联档案。"
RELEASE_KINDS = (DisclosureFile.Kind.RELEASE, DisclosureFile.Kind.AV_NOTE)


class BoxesError(ValueError):
    """A line of the boxes field is not 页 左 上 右 下 (message in Chinese)."""


def boxes_parse(text: str) -> list[tuple[int, float, float, float, float]]:
    """Manual boxes, one a line: page, left, top, right, bottom (millimetres)."""
    boxes = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.replace(",", " ").replace("，", " ").split()
        if not parts:
            continue
        try:
            page, *corners = int(parts[0]), *(float(v) for v in parts[1:])
        except ValueError:
            page, corners = 0, []
        if page < 1 or len(corners) != 4:
            raise BoxesError(
                f"遮盖框第 {number} 行“{line.strip()[:40]}”格式不对："
                "应为“页码 左 上 右 下”五个数，坐标单位毫米，自页面左上角量起。"
            )
        boxes.append((page, *corners))
    return boxes


def lines_parse(data) -> list[str]:
    """The strings the officer added, one a line."""
    return [line.strip() for line in data.get("extra", "").splitlines() if line.strip()]


def _denied(request: HttpRequest) -> Http404:
    return desk_denied(request, NOT_FOUND)


def _opened(request: HttpRequest, application_pk: int, link_pk: int):
    """The application and its link, if the user works it; else a logged 404."""
    application = (
        applications_visible_to(request.user).filter(pk=application_pk).first()
    )
    link = (
        application.links.select_related("case", "material").filter(pk=link_pk).first()
        if application
        else None
    )
    if link is None:
        raise _denied(request)
    return application, link


def _material(request: HttpRequest, link: DisclosureLink):
    """The link's material, or for a whole-case link the one chosen (?material=)."""
    if link.material is not None:
        return link.material
    chosen = request.GET.get("material") or request.POST.get("material")
    if not chosen or not chosen.isdigit():
        return None
    material = link.case.materials.filter(pk=int(chosen)).first()
    if material is None:
        raise _denied(request)
    return material


def disclosure_release(request: HttpRequest, application_pk: int, link_pk: int):
    """The redaction page of one link (GET), and its actions (POST)."""
    application, link = _opened(request, application_pk, link_pk)
    material = _material(request, link)
    context = {"application": application, "link": link, "material": material}
    if material is None:
        context["choices"] = link.case.materials.all()
        return TemplateResponse(request, TEMPLATE, context)
    try:
        release_source(application, link, by=request.user, material=material)
    except ReleaseError as exc:
        context["refusal"] = str(exc)
        return TemplateResponse(request, TEMPLATE, _listing(application, context))
    if request.method == "POST":
        done = _post(request, application, link, material, context)
        if done is not None:
            return done
    return _page(request, application, link, material, context)


def _post(request, application, link, material, context):
    action = request.POST.get("action")
    if action == "approve":
        try:
            av_release_approve(application, by=request.user)
        except ReleaseError as exc:
            context["error"] = str(exc)
            return None
        messages.success(request, "已批准对外提供本申请的音像记录。")
        return redirect(_here(application, link, material))
    if action == "make":
        return _make(request, application, link, material, context)
    return None


def _make(request, application, link, material, context):
    proposals = context["proposals"] = _proposals(request, application, material)
    chosen = set(request.POST.getlist("proposal"))
    strings = [p for p in proposals if p.text in chosen]
    strings += [Redaction(Kind.MANUAL, s) for s in lines_parse(request.POST)]
    context["extra"] = request.POST.get("extra", "")
    context["boxes_text"] = request.POST.get("boxes", "")
    context["chosen"] = chosen
    try:
        boxes = boxes_parse(context["boxes_text"])
        release = release_make(
            application,
            link,
            by=request.user,
            strings=strings,
            boxes=boxes,
            material=material,
            request=request,
        )
    except (BoxesError, ReleaseError) as exc:
        context["error"] = str(exc)
        return None
    messages.success(request, _verified_text(release))
    return redirect(_here(application, link, material))


def _verified_text(release) -> str:
    file = release.file
    if file.data.get("verified"):
        removed = "、".join(
            f"{r['kind']} {r['count']} 处" for r in file.data["redactions"]
        )
        return (
            f"已制作公开件“{file.file_name}”。检查通过：用 pdftotext 提取全文，"
            f"遮盖内容均不可提取（{removed or '未遮盖任何内容'}）。"
        )
    return f"已制作公开件“{file.file_name}”，并附文字说明。"


def _proposals(request, application, material) -> list[Redaction]:
    """The proposals (the material's text: logged as a read of its content)."""
    if material.form in AV_RELEASE_FORMS:
        return []
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CONTENT,
        obj=material,
        case_number=material.case.case_number,
        request=request,
        reason=ReadPurpose.DISCLOSURE,
        data={"application": application.number, "path": material.path},
    )
    return redaction_proposals(material, application)


def _page(request, application, link, material, context):
    proposals = context.get("proposals")
    if proposals is None:
        proposals = _proposals(request, application, material)
    page = request.GET.get("page", "1")
    context.update(
        proposals=proposals,
        chosen=context.get("chosen", {p.text for p in proposals}),
        page=int(page) if page.isdigit() and int(page) > 0 else 1,
        is_av=material.form in AV_RELEASE_FORMS,
        is_head=is_desk_head(request.user, application),
        default_days=DEFAULT_DAYS,
        preview_url=_preview_url(application, link, material, context, page),
    )
    return TemplateResponse(request, TEMPLATE, _listing(application, context))


def _preview_url(application, link, material, context, page) -> str:
    """The preview of a page: proposals are recomputed there, never in the URL."""
    number = int(page) if page.isdigit() and int(page) > 0 else 1
    url = reverse("disclosure_release_preview", args=[application.pk, link.pk, number])
    query = {"boxes": context.get("boxes_text", "")}
    if not link.material_id:
        query["material"] = material.pk
    return f"{url}?{urlencode(query)}"


def _listing(application, context) -> dict:
    context["releases"] = application.files.filter(kind__in=RELEASE_KINDS)
    context["download_links"] = application.download_links.select_related("file")
    return context


def _here(application, link, material) -> str:
    url = reverse("disclosure_release", args=[application.pk, link.pk])
    return url if link.material_id else f"{url}?material={material.pk}"


def disclosure_release_preview(
    request: HttpRequest, application_pk: int, link_pk: int, page: int
):
    """One page of the source as PNG, proposals outlined red, boxes blue."""
    application, link = _opened(request, application_pk, link_pk)
    material = _material(request, link)
    try:
        boxes = boxes_parse(request.GET.get("boxes", ""))
        release_source(application, link, by=request.user, material=material)
        strings = [p.text for p in redaction_proposals(material, application)]
        png, _pages = release_preview(
            application,
            link,
            by=request.user,
            page=page,
            strings=strings,
            boxes=boxes,
            material=material,
            request=request,
        )
    except (BoxesError, ReleaseError) as exc:
        return _no_store(HttpResponse(str(exc), status=400, content_type="text/plain"))
    return _no_store(HttpResponse(png, content_type="image/png"))


def _no_store(response: HttpResponse) -> HttpResponse:
    """The preview is content: never cached, never sniffed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def disclosure_release_link(request: HttpRequest, application_pk: int, file_pk: int):
    """POST: an expiring download link to one of the application's releases."""
    application = (
        applications_visible_to(request.user).filter(pk=application_pk).first()
    )
    file = (
        application.files.filter(pk=file_pk, kind__in=RELEASE_KINDS).first()
        if application and request.method == "POST"
        else None
    )
    if file is None:
        raise _denied(request)
    days = request.POST.get("days", "")
    if not days.isdigit() or not 1 <= int(days) <= 365:
        messages.error(request, "下载链接有效天数应为 1 至 365 之间的整数。")
    else:
        link, token = download_link_create(
            application, file, by=request.user, days=int(days)
        )
        messages.success(
            request,
            f"已生成“{file.file_name}”的下载链接，有效期至 {link.expires_on:%Y-%m-%d}"
            f"（只显示这一次，请复制给申请人）：{_token_url(request, token)}",
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("wagtailadmin_home")
    return redirect(back)


def _token_url(request, token: str) -> str:
    try:
        return request.build_absolute_uri(
            reverse("disclosure_token_download", args=[token])
        )
    except NoReverseMatch:
        return token


def release_urls() -> list:
    base = "archive/disclosure/<int:application_pk>"
    return [
        path(
            f"{base}/links/<int:link_pk>/release/",
            disclosure_release,
            name="disclosure_release",
        ),
        path(
            f"{base}/links/<int:link_pk>/release/preview/<int:page>/",
            disclosure_release_preview,
            name="disclosure_release_preview",
        ),
        path(
            f"{base}/releases/<int:file_pk>/link/",
            disclosure_release_link,
            name="disclosure_release_link",
        ),
    ]
