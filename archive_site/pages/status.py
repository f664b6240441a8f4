"""申请查询: find an application by 受理编号 and 查询码, then show its status.

A wrong code and an unknown number get the same answer; failures are
counted per address and per number (`limits`), and a locked look-up is
refused even with the right code. A found application is remembered in the
session (its key rotated) for `DISCLOSURE_STATUS_SESSION_MINUTES`, so that
the status page, its downloads and the 补正 form work without typing the
code again; 退出查询 forgets it. The page shows the applicant only what the
applicant gave or may know: the status, the dates, the public history,
the letters, the releases — and the name masked.
"""

import time

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from access_control.disclosure.applications import application_find, deadline_for
from access_control.disclosure.deadlines import CalendarUnknown
from access_control.disclosure.models import (
    PUBLIC_EVENTS,
    DisclosureApplication,
    DisclosureFile,
    Status,
)
from archive_site.pages import downloads, limits
from archive_site.pages.forms import LookupForm, SupplementForm
from archive_site.pages.responses import client_address, page_render, see_other

SESSION_KEY = "disclosure_status"
NOT_FOUND = "受理编号或查询码不正确，请核对后重新输入。"
DUE_UNKNOWN = "答复期限待节假日安排公布后确定"


def session_application(page, request) -> DisclosureApplication | None:
    """The application the session found on `page`, while still valid."""
    held = request.session.get(SESSION_KEY)
    if not held or held.get("page") != page.pk or held.get("until", 0) < time.time():
        return None
    return DisclosureApplication.objects.filter(
        pk=held.get("application"), agency=page.agency
    ).first()


def _remember(page, request, application) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "page": page.pk,
        "application": application.pk,
        "until": time.time() + settings.DISCLOSURE_STATUS_SESSION_MINUTES * 60,
    }


def status_page_serve(page, request):
    """GET: the status of the session's application, or the look-up form."""
    if request.method == "POST":
        return _lookup(page, request)
    application = session_application(page, request)
    if application is None:
        return page_render(page, request, form=LookupForm())
    return status_render(page, request, application)


def _lookup(page, request):
    form = LookupForm(request.POST)
    if not form.is_valid():
        return page_render(page, request, form=form)
    number, address = form.cleaned_data["number"], client_address(request)
    if limits.lookup_locked(address=address, number=number):
        form.add_error(None, limits.lookup_refusal())
        return page_render(page, request, form=form, status=429)
    application = application_find(number, form.cleaned_data["code"])
    if application is None or application.agency_id != page.agency.pk:
        limits.lookup_failure(address=address, number=number)
        form.add_error(None, NOT_FOUND)
        return page_render(page, request, form=form)
    _remember(page, request, application)
    return see_other(page.url)


def status_exit(page, request):
    """退出查询: forget the application (POST only), back to the form."""
    if request.method == "POST":
        request.session.pop(SESSION_KEY, None)
        request.session.cycle_key()
    return see_other(page.url)


def status_render(page, request, application, supplement_form=None, status=200):
    """The status page of `application` (with a 补正 form when one is due)."""
    if supplement_form is None and application.status == Status.AWAITING_CORRECTION:
        supplement_form = SupplementForm()
    return page_render(
        page,
        request,
        status=status,
        application=application,
        supplement_form=supplement_form,
        **status_facts(application),
    )


def status_facts(application) -> dict:
    """What the status page shows of `application` beyond its own fields."""
    letters = [
        file
        for file in application.files.filter(kind=DisclosureFile.Kind.LETTER)
        if file.data.get("public", True)
    ]
    return {
        "masked_name": mask_name(application.name),
        "due": _due_text(application),
        "events": application.events.filter(kind__in=PUBLIC_EVENTS),
        "letters": letters,
        "links": application.download_links.select_related("file").order_by(
            "created_at", "pk"
        ),
        "today": timezone.localdate(),
    }


def _due_text(application) -> str:
    if not application.is_open:
        return ""
    if application.status == Status.AWAITING_CORRECTION:
        return "补正后重新计算"
    try:
        deadline = deadline_for(application)
    except CalendarUnknown:
        return DUE_UNKNOWN
    if deadline is None:
        return "确认收到申请后开始计算"
    return f"{deadline.due:%Y-%m-%d}"


def mask_name(name: str) -> str:
    """The first character and a star: 李申请 → 李*."""
    return f"{name[:1]}*" if name else ""


def held_application(page, request) -> DisclosureApplication:
    application = session_application(page, request)
    if application is None:
        raise Http404("查询已过期，请重新输入受理编号和查询码。")
    return application


def letter_serve(page, request, file_id: int):
    """A letter of the session's application (public letters only)."""
    application = held_application(page, request)
    file = application.files.filter(pk=file_id, kind=DisclosureFile.Kind.LETTER).first()
    if file is None or not file.data.get("public", True):
        raise Http404("告知书不存在。")
    return downloads.letter_response(request, file)


def release_serve(page, request, link_id: int):
    """A release of the session's application, through one of its links."""
    application = held_application(page, request)
    link = (
        application.download_links.select_related("file", "application")
        .filter(pk=link_id)
        .first()
    )
    if link is None:
        raise Http404("下载链接不存在。")
    return downloads.link_response(request, link)
