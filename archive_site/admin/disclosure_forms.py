"""The forms of the 信息公开 desk, one per action on an application.

They check what a form can check alone (a field is filled, a date is a
date, a ground belongs to its outcome); the rules of the 条例 (who may,
when, how often) are the services' (`access_control.disclosure`), whose
refusals the views add to the form as its errors.
"""

from __future__ import annotations

from django import forms

from access_control.disclosure.models import (
    Channel,
    DisclosureDelivery,
    DisclosureLink,
    Ground,
    Outcome,
    grounds_for,
)
from archive_site.pages.forms import SupplementForm

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
# Art. 31: the day an application counts as received, by how it came.
RECEIPT_HELP = {
    Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日。",
    Channel.POST: "邮寄的，以本机关签收之日为收到申请之日。",
    Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日。",
    Channel.FAX: "以传真提交的，以双方确认之日为收到申请之日。",
}
OPINIONS = [
    ("agree", "同意公开"),
    ("object", "不同意公开"),
    ("none", "逾期未提出意见"),
]


class ReceiptForm(forms.Form):
    received_on = forms.DateField(label="收到申请日", widget=DATE)
    note = forms.CharField(label="收到情况说明", max_length=300, required=False)

    def __init__(self, *args, channel: str = Channel.ONLINE, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].help_text = RECEIPT_HELP.get(channel, "")


class CorrectionForm(forms.Form):
    notice = forms.CharField(label="需补正的事项", widget=forms.Textarea)
    reply_by = forms.DateField(label="补正期限", widget=DATE)


class SupplementReceivedForm(SupplementForm):
    """A 补正 that came on paper or by post: the public form's text and files
    (checked the same way) and the day it was received (Art. 30)."""

    received_on = forms.DateField(
        label="收到补正日",
        widget=DATE,
        help_text="答复期限自收到补正之日起重新计算；不能早于告知补正之日或晚于今天。",
    )


class ConsultationStartForm(forms.Form):
    third_party = forms.CharField(label="第三方", max_length=200)
    matter = forms.CharField(label="征求意见事项", widget=forms.Textarea)


class ConsultationEndForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    opinion = forms.ChoiceField(label="第三方意见", choices=OPINIONS)
    opinion_text = forms.CharField(
        label="意见内容", widget=forms.Textarea, required=False
    )
    replied_on = forms.DateField(
        label="收到意见日（逾期未提出意见的不填）", widget=DATE, required=False
    )


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(label="延期理由", max_length=300)


class ExtensionDecideForm(forms.Form):
    verdict = forms.ChoiceField(
        label="审批结果",
        choices=[("approve", "同意延期"), ("refuse", "不同意延期")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="审批意见", max_length=300, required=False)


class LinkAddForm(forms.Form):
    case = forms.IntegerField(widget=forms.HiddenInput)
    material = forms.IntegerField(label="材料（不选即整个案件）", required=False)


class LinkRemoveForm(forms.Form):
    link = forms.IntegerField(widget=forms.HiddenInput)


def _ground_choices(outcomes) -> list:
    """Grounds grouped by the outcome they belong to (an <optgroup> each)."""
    return [("", "——")] + [
        (outcome.label, [(g.value, g.label) for g in grounds_for(outcome)])
        for outcome in outcomes
        if grounds_for(outcome)
    ]


class LinkReviewForm(forms.Form):
    """The 保密审查 of one linked case or material."""

    link = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="保密审查结论",
        choices=[("", "——"), *DisclosureLink.Decision.choices],
    )
    ground = forms.ChoiceField(
        label="不予公开的依据",
        choices=_ground_choices([Outcome.WITHHOLD]),
        required=False,
    )
    note = forms.CharField(label="审查意见", max_length=500, required=False)

    def clean(self):
        data = super().clean()
        withheld = data.get("decision") == DisclosureLink.Decision.WITHHOLD
        if withheld and not data.get("ground"):
            self.add_error("ground", "不予公开的，请选择依据。")
        if not withheld and data.get("ground"):
            self.add_error("ground", "只有不予公开才需要选择依据。")
        return data


class AnswerForm(forms.Form):
    """The answer (Art. 36): an outcome, its ground, the text."""

    outcome = forms.ChoiceField(label="答复类型", choices=Outcome.choices)
    ground = forms.ChoiceField(
        label="理由", choices=_ground_choices(Outcome), required=False
    )
    text = forms.CharField(label="答复内容", widget=forms.Textarea)
    other_agency = forms.CharField(
        label="负责公开该信息的机关（非本机关负责公开时填写）",
        max_length=200,
        required=False,
    )

    def clean(self):
        data = super().clean()
        outcome, ground = data.get("outcome"), data.get("ground")
        if outcome is None:
            return data
        allowed = grounds_for(outcome)
        if data.get("other_agency") and ground != Ground.UNABLE_NOT_HELD:
            self.add_error(
                "other_agency",
                f"只有理由为“{Ground.UNABLE_NOT_HELD.label}”时才填写负责公开的机关。",
            )
        if allowed and not ground:
            self.add_error(
                "ground", f"答复类型为{Outcome(outcome).label}的，请选择理由。"
            )
        elif ground and Ground(ground) not in allowed:
            self.add_error(
                "ground",
                f"理由“{Ground(ground).label}”不属于答复类型"
                f"“{Outcome(outcome).label}”，请重新选择。",
            )
        return data


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(
        label="送达方式",
        choices=DisclosureDelivery._meta.get_field("method").choices,
    )
    delivered_on = forms.DateField(label="送达日期", widget=DATE)
    note = forms.CharField(label="说明（如邮件单号）", max_length=300, required=False)
