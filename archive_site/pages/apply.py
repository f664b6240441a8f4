"""The application form (Art. 29): check everything, then file once.

Order matters: the address limit, the form, the per-证件号码 limit and every
attachment's content are checked before `application_submit` is called, so
a refused form stores nothing. The 受理编号 and the 查询码 appear in the POST
response only (never in a URL, never cached) and, when the applicant gave
an address, in an e-mail; a mail server that is down does not undo the
application.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail

from access_control.disclosure.applications import (
    application_submit,
    query_code_format,
)
from archive_site.pages import limits
from archive_site.pages.forms import ApplicationForm
from archive_site.pages.responses import client_address, page_render, sibling_page
from archive_site.pages.uploads import uploads_on_disk, uploads_problems

logger = logging.getLogger(__name__)
DONE_TEMPLATE = "archive_site/pages/disclosure_application_done.html"


def application_page_serve(page, request):
    """GET: the empty form; POST: file the application or say what is wrong."""
    if request.method != "POST":
        return page_render(page, request, form=ApplicationForm())
    address = client_address(request)
    refusal = limits.submission_refusal(address=address)
    if refusal:
        return _refused(page, request, ApplicationForm(), refusal)
    form = ApplicationForm(request.POST, request.FILES)
    if not form.is_valid():
        return page_render(page, request, form=form)
    id_number = form.cleaned_data["id_number"]
    refusal = limits.submission_refusal(address=address, id_number=id_number)
    if refusal:
        return _refused(page, request, form, refusal)
    with uploads_on_disk(form.cleaned_data["attachments"]) as attachments:
        for problem in uploads_problems(attachments):
            form.add_error("attachments", problem)
        if not form.is_valid():
            return page_render(page, request, form=form)
        application, code = application_submit(
            agency=page.agency,
            fields=form.application_fields(),
            attachments=attachments,
            address=address or None,
        )
    limits.submission_count(address=address, id_number=id_number)
    return _done(page, request, application, query_code_format(code))


def _done(page, request, application, code: str):
    """The one page that shows the 查询码, and the e-mail that repeats it."""
    status_page = sibling_page(page, "disclosurestatuspage")
    status_url = request.build_absolute_uri(status_page.url) if status_page else ""
    mailed = _mail(application, code, status_url)
    return page_render(
        page,
        request,
        DONE_TEMPLATE,
        application=application,
        code=code,
        mailed=mailed,
        status_page=status_page,
    )


def _refused(page, request, form, message: str):
    response = page_render(page, request, form=form, refusal=message, status=429)
    response["Retry-After"] = "3600"
    return response


def _mail(application, code: str, status_url: str) -> bool:
    """E-mail the number and code; False when no address or the server failed."""
    if not application.email:
        return False
    body = (
        f"您向{application.agency.name}提交的政府信息公开申请已收到。\n\n"
        f"受理编号：{application.number}\n查询码：{code}\n\n"
        "请妥善保管查询码：凭受理编号和查询码可查询办理情况、下载告知书和公开的信息。\n"
        f"申请查询：{status_url}\n"
    )
    try:
        send_mail(
            f"政府信息公开申请 {application.number} 已提交",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [application.email],
        )
    except OSError:  # the mail server is down: the application stands
        logger.warning("申请 %s 的回执邮件未能发出", application.number)
        return False
    return True
