"""登记申请: an application that did not come through the web form (Art. 31).

The officer types in a paper application with the public form's fields and
checks (`RegisterForm` extends `ApplicationForm`), says how it came and, for
a posted one, the day the agency signed for it; the scanned paper is
attached and checked by content like the public form's files, before
`application_submit` is called, so a refused form stores nothing. The day of
receipt follows Art. 31: 当面 → today; 邮寄 → the day signed for (not after
today); 传真 → once both sides confirmed (the page's 确认收到 step).

Only the 信息公开 staff of an agency register its applications (anyone else:
the desk's logged 404); one with several desk agencies chooses the agency.
Staff are not rate-limited. The 受理编号 and the 查询码 are shown once, in the
POST's answer (`Cache-Control: no-store`), for the officer to hand or post to
the applicant.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from access_control.disclosure.applications import (
    application_submit,
    query_code_format,
)
from access_control.disclosure.models import Channel
from access_control.disclosure.selectors import desk_agency_ids
from archive_site.admin.disclosure_desk import clock_for, desk_denied
from archive_site.admin.disclosure_forms import DATE
from archive_site.pages.forms import ApplicationForm
from archive_site.pages.uploads import uploads_on_disk, uploads_problems
from dossiers.models import Agency

FORM_TEMPLATE = "archive_site/admin/disclosure/desk_register.html"
DONE_TEMPLATE = "archive_site/admin/disclosure/desk_register_done.html"
# How a paper application comes (网络 is the public form's own).
PAPER_CHANNELS = (Channel.IN_PERSON, Channel.POST, Channel.FAX)


class RegisterForm(ApplicationForm):
    """The public application form, plus how it came and the day signed for."""

    field_order = ["agency", "channel", "signed_on"]

    channel = forms.ChoiceField(
        label="提交方式",
        choices=[(c.value, c.label) for c in PAPER_CHANNELS],
        widget=forms.RadioSelect,
        help_text=(
            "当面提交的，以提交之日（今天）为收到申请之日；邮寄的，以本机关签收之日"
            "为收到申请之日；传真的，双方确认后在申请页面“确认收到”（第三十一条）。"
        ),
    )
    signed_on = forms.DateField(
        label="签收日期",
        required=False,
        widget=DATE,
        help_text="邮寄的申请填写本机关签收之日，不能晚于今天。",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = list(agencies)
        attachments = self.fields["attachments"]
        attachments.label = "附件（申请书扫描件、证件复印件等）"
        self.fields["email"].help_text = "申请人留有电子邮箱的填写。"
        if len(self.agencies) > 1:
            self.fields["agency"] = forms.ModelChoiceField(
                label="受理机关",
                queryset=Agency.objects.filter(pk__in=[a.pk for a in self.agencies]),
                empty_label="请选择",
                error_messages={"required": "请选择“受理机关”。"},
            )
            self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        channel, signed = data.get("channel"), data.get("signed_on")
        if channel == Channel.POST and signed is None:
            if "signed_on" not in self.errors:
                self.add_error("signed_on", "邮寄的申请，请填写“签收日期”。")
        elif channel and channel != Channel.POST and signed is not None:
            self.add_error("signed_on", "只有邮寄的申请才填写“签收日期”。")
        elif signed is not None and signed > timezone.localdate():
            self.add_error("signed_on", "“签收日期”不能晚于今天。")
        return data

    def agency(self) -> Agency:
        if "agency" in self.fields:
            return self.cleaned_data["agency"]
        return self.agencies[0]

    def received_on(self):
        """The day signed for (邮寄); None: today (当面) or confirmed later (传真)."""
        if self.cleaned_data["channel"] == Channel.POST:
            return self.cleaned_data["signed_on"]
        return None


@require_http_methods(["GET", "POST"])
def register_view(request: HttpRequest):
    """GET: the empty form; POST: register the application or say what is wrong."""
    agency_ids = desk_agency_ids(request.user)
    if not agency_ids:
        raise desk_denied(request)
    agencies = Agency.objects.filter(pk__in=agency_ids).order_by("name")
    if request.method != "POST":
        return _form_page(request, RegisterForm(agencies=agencies))
    form = RegisterForm(request.POST, request.FILES, agencies=agencies)
    if not form.is_valid():
        return _form_page(request, form)
    with uploads_on_disk(form.cleaned_data["attachments"]) as attachments:
        for problem in uploads_problems(attachments):
            form.add_error("attachments", problem)
        if not form.is_valid():
            return _form_page(request, form)
        application, code = application_submit(
            agency=form.agency(),
            fields=form.application_fields(),
            attachments=attachments,
            channel=form.cleaned_data["channel"],
            by=request.user,
            received_on=form.received_on(),
        )
    return _done(request, application, query_code_format(code))


def _form_page(request: HttpRequest, form: RegisterForm) -> TemplateResponse:
    response = TemplateResponse(request, FORM_TEMPLATE, {"form": form})
    response["Cache-Control"] = "private, no-store"  # what was typed in
    return response


def _done(request: HttpRequest, application, code: str) -> TemplateResponse:
    """The one page that shows the 查询码 (never in a URL, never cached)."""
    context = {
        "application": application,
        "code": code,
        "clock": clock_for(application),
    }
    response = TemplateResponse(request, DONE_TEMPLATE, context)
    response["Cache-Control"] = "private, no-store"
    return response
