"""Sending a letter or a release to the applicant, logged before any byte.

A letter (告知书) is sent to the session's application from the status page;
a release through one of its expiring links, from the status page or from
the token URL e-mailed to the applicant (`/gongkai/download/<token>/`).
Each download is an access-log entry (action 下载材料, 事由
政府信息公开申请人下载) written before the response; an expired link sends
nothing and says since when (HTTP 410), an unknown token is a 404. The
headers are the gate's: no sniffing, no scripts, no caching, an explicit
attachment disposition, and no digest in any header.
"""

from urllib.parse import quote

from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from access_control.disclosure.downloads import (
    applicant_download_log,
    download_link_resolve,
    download_record,
)
from access_control.disclosure.files import file_open
from access_control.views import CONTENT_CSP

GONE_TEMPLATE = "archive_site/pages/download_gone.html"


def file_response(file) -> FileResponse:
    """The file's bytes as a download, with the gate's protective headers."""
    response = FileResponse(file_open(file), content_type="application/octet-stream")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(file.file_name)}"
    )
    response["Content-Security-Policy"] = CONTENT_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def letter_response(request, file) -> FileResponse:
    """Log the applicant's download of a letter, then send it."""
    applicant_download_log(file, request=request)
    return file_response(file)


def link_response(request, link):
    """A release through `link`: sent and logged, or 410 once expired."""
    if link.expires_on < timezone.localdate():
        response = TemplateResponse(request, GONE_TEMPLATE, {"link": link}, status=410)
        response["Cache-Control"] = "no-store"
        return response
    download_record(link, request=request)
    return file_response(link.file)


@require_GET
def token_download(request, token: str):
    """The e-mailed link: unknown → 404, expired → 410, else the release."""
    resolved = download_link_resolve(token)
    if resolved.link is None:
        raise Http404("下载链接不存在。")
    return link_response(request, resolved.link)
