"""Admin views of one material: its recording details, and correcting its 著录信息.

`av_facts` turns a material's AV metadata into labelled lines for the case
page and the material preview (制作人, 设备, 起止时间, 存储时间, 连续/中断 and
reasons). `material_correct_view` is the correction form: only archivists of
the case's own agency holding the change permission may use it; the service
`material_metadata_correct` decides what may change and logs it.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from access_control.rules import can_change_case
from access_control.selectors import materials_visible_to
from dossiers.codes import AV_FORMS, Activity, label
from dossiers.models import Case, Material
from dossiers.services.materials import (
    material_metadata_correct,
    material_metadata_get,
)

# Form field name → service field name.
FIELDS = {
    "activity": "activity",
    "witness": "witness",
    "service_witness": "service.witness",
    "recorded_from": "av.recorded_from",
    "recorded_to": "av.recorded_to",
    "stored_at": "av.stored_at",
    "proves": "av.proves",
}


def _local(value: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    return (
        timezone.localtime(moment) if timezone.is_aware(moment) else moment
    ).strftime(fmt)


def _gaps(av: dict) -> str:
    gaps = av.get("interruptions") or []
    if not gaps:
        return "连续记录，无中断" if av.get("continuous") else "未标明为连续记录"
    lines = [
        f"{_local(g.get('at', ''), '%H:%M')}—{_local(g.get('resumed_at', ''), '%H:%M')}"
        f"（{str(g.get('reason', '')).strip() or '未说明原因'}）"
        for g in gaps
    ]
    return f"中断 {len(gaps)} 次：" + "；".join(lines)


def av_facts(material: Material) -> list[tuple[str, str]]:
    """Labelled recording details of an AV material; [] for other materials."""
    if material.form not in AV_FORMS:
        return []
    av = material.av or {}
    start, end = av.get("recorded_from", ""), av.get("recorded_to", "")
    facts = [
        (
            "执法环节",
            label(Activity, material.activity) if material.activity else "未著录",
        ),
        ("制作方法", av.get("method", "")),
        ("制作人", av.get("made_by", "")),
        ("设备", av.get("device", "")),
        ("证明对象", av.get("proves", "")),
        ("起止时间", f"{_local(start)} 至 {_local(end)}" if start and end else ""),
        ("存储时间", _local(av["stored_at"]) if av.get("stored_at") else ""),
        ("连续/中断", _gaps(av)),
    ]
    if av.get("returned_at"):
        facts.append(("返回单位时间", _local(av["returned_at"])))
    return [(name, value or "—") for name, value in facts]


def can_correct(user, case: Case) -> bool:
    """Who may change the case's dossier may correct its materials' metadata."""
    return can_change_case(user, case)


class MaterialCorrectionForm(forms.Form):
    activity = forms.ChoiceField(
        label="执法环节",
        required=False,
        choices=[("", "（未著录）"), *Activity.choices],
    )
    witness = forms.CharField(label="见证人", required=False, max_length=100)
    service_witness = forms.CharField(
        label="送达见证人", required=False, max_length=100
    )
    recorded_from = forms.CharField(label="录制开始时间", required=False)
    recorded_to = forms.CharField(label="录制结束时间", required=False)
    stored_at = forms.CharField(label="存储时间", required=False)
    proves = forms.CharField(label="证明对象", required=False, max_length=200)
    reason = forms.CharField(
        label="更正理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写更正理由。"},
    )

    def __init__(self, *args, material: Material, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.hidden_for(material):
            del self.fields[name]
        for name in ("recorded_from", "recorded_to", "stored_at"):
            if name in self.fields:
                self.fields[name].widget = forms.DateTimeInput(
                    attrs={"type": "datetime-local"}
                )

    @staticmethod
    def hidden_for(material: Material) -> list[str]:
        hidden = [] if material.service else ["service_witness"]
        if material.form not in AV_FORMS:
            hidden += ["recorded_from", "recorded_to", "stored_at", "proves"]
        return hidden

    @staticmethod
    def initial_for(material: Material) -> dict[str, str]:
        initial = {}
        for name, field in FIELDS.items():
            value = material_metadata_get(material, field)
            if name in ("recorded_from", "recorded_to", "stored_at") and value:
                value = _local(value, "%Y-%m-%dT%H:%M")
            initial[name] = value
        return initial

    def changes(self, initial: dict[str, str]) -> dict[str, str]:
        """What the archivist changed, by service field name."""
        return {
            FIELDS[k]: v
            for k, v in self.cleaned_data.items()
            if k in FIELDS and v != initial.get(k, "")
        }


def _material_for_correction(request: HttpRequest, pk: int) -> Material:
    material = (
        materials_visible_to(user=request.user)
        .select_related("case__agency")
        .filter(pk=pk)
        .first()
    )
    if material is None:
        raise Http404("没有找到该材料。")
    if not can_correct(request.user, material.case):
        raise PermissionDenied
    return material


def material_correct_view(request: HttpRequest, pk: int):
    material = _material_for_correction(request, pk)
    initial = MaterialCorrectionForm.initial_for(material)
    form = MaterialCorrectionForm(
        request.POST or None, initial=initial, material=material
    )
    if request.method == "POST" and form.is_valid():
        try:
            material_metadata_correct(
                material=material,
                changes=form.changes(initial),
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, f"已更正“{material.title}”的著录信息，并重新检查。"
            )
            return redirect(reverse("case:inspect", args=[material.case_id]))
    context = {"material": material, "form": form, "facts": av_facts(material)}
    return TemplateResponse(
        request, "archive_site/admin/material_correct.html", context
    )
