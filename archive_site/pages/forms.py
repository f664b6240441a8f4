"""The forms of the public 政府信息公开 pages.

Every field's errors are tied to it for screen readers (`aria-invalid`,
`aria-describedby` pointing at the error's id, see `_field.html`) and listed
in the page's error summary; each message names the field. The identity
number is checked by kind with `access_control.disclosure.identity`; the
attachments' contents are checked after the form by `uploads`, since that
needs the bytes on disk.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from access_control.disclosure.applications import APPLICANT_FIELDS
from access_control.disclosure.identity import IdentityKind, identity_number_clean
from access_control.disclosure.models import (
    ApplicantType,
    DeliveryForm,
    OrganisationKind,
    PickupMethod,
)

PHONE = re.compile(r"^\+?[\d\- ]{7,30}$")


class UnechoedTextInput(forms.TextInput):
    """A text box that never sends back what was typed (the 查询码)."""

    def format_value(self, value):
        return None


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files (none included) from one `<input multiple>`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class AccessibleForm(forms.Form):
    """Required-field messages that name the field; errors marked for ARIA."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            verb = "选择" if isinstance(field, forms.ChoiceField) else "填写"
            field.error_messages["required"] = f"请{verb}“{field.label}”。"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                field, auto_id = self.fields[name], self[name].auto_id
                described = f"{auto_id}-error"
                if field.help_text:  # Django's own id for the help text
                    described += f" {auto_id}_helptext"
                field.widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": described}
                )

    def error_list(self) -> list[tuple[str, str, str]]:
        """(anchor id, label, message) of every error, for the summary."""
        found = [("", "", message) for message in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name in self.fields:
                bound = self[name]
                found += [(bound.auto_id, bound.label, e) for e in errors]
        return found


def _choices(kind) -> list[tuple[str, str]]:
    return [("", "请选择"), *kind.choices]


class ApplicationForm(AccessibleForm):
    """政府信息公开申请表 (Art. 29)."""

    applicant_type = forms.ChoiceField(
        label="申请人类型", choices=ApplicantType.choices, widget=forms.RadioSelect
    )
    organisation_kind = forms.ChoiceField(
        label="组织类别",
        choices=_choices(OrganisationKind),
        required=False,
        help_text="申请人为法人或者其他组织时填写。",
    )
    name = forms.CharField(label="姓名或名称", max_length=200)
    id_kind = forms.ChoiceField(label="证件类型", choices=_choices(IdentityKind))
    id_number = forms.CharField(label="证件号码", max_length=40)
    contact_person = forms.CharField(
        label="联系人",
        max_length=100,
        required=False,
        help_text="法人或者其他组织申请时填写经办人。",
    )
    phone = forms.CharField(label="联系电话", max_length=30)
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        help_text="填写后，受理编号和查询码将同时发送到该邮箱。",
        error_messages={"invalid": "“电子邮箱”的格式不正确。"},
    )
    address = forms.CharField(label="通信地址", max_length=300)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    description = forms.CharField(
        label="所需信息的名称、文号或者便于查询的其他特征性描述",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    delivery_form = forms.ChoiceField(
        label="提供方式", choices=DeliveryForm.choices, widget=forms.RadioSelect
    )
    pickup_method = forms.ChoiceField(
        label="获取方式", choices=PickupMethod.choices, widget=forms.RadioSelect
    )
    attachments = MultipleFileField(
        label="附件（证件扫描件等）",
        help_text=(
            f"可选，最多 {settings.DISCLOSURE_ATTACHMENT_MAX_COUNT} 个文件，"
            f"每个不超过 {settings.DISCLOSURE_ATTACHMENT_MAX_BYTES // 1024**2} MB；"
            "只接受 PDF、JPEG、PNG、TIFF。"
        ),
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not PHONE.match(phone):
            raise ValidationError(
                "“联系电话”只能包含数字、空格、“-”和开头的“+”，至少 7 位。"
            )
        return phone

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not re.fullmatch(r"\d{6}", postcode):
            raise ValidationError(f"“邮政编码”应为 6 位数字，而不是“{postcode}”。")
        return postcode

    def clean_attachments(self) -> list:
        files = self.cleaned_data["attachments"]
        limit = settings.DISCLOSURE_ATTACHMENT_MAX_COUNT
        if len(files) > limit:
            raise ValidationError(f"附件最多 {limit} 个，本次选择了 {len(files)} 个。")
        return files

    def clean(self):
        data = super().clean()
        self._clean_organisation(data)
        self._clean_identity(data)
        wants_email = DeliveryForm.EMAIL in (
            data.get("delivery_form"),
            data.get("pickup_method"),
        )
        if wants_email and not data.get("email"):
            self.add_error("email", "选择以电子邮件提供或获取时，请填写“电子邮箱”。")
        return data

    def _clean_organisation(self, data: dict) -> None:
        if data.get("applicant_type") == ApplicantType.ORGANISATION:
            if not data.get("organisation_kind"):
                self.add_error(
                    "organisation_kind",
                    "申请人为法人或者其他组织时，请选择“组织类别”。",
                )
        else:
            data["organisation_kind"] = ""

    def _clean_identity(self, data: dict) -> None:
        kind, number = data.get("id_kind"), data.get("id_number")
        if not kind or not number:
            return
        if (
            data.get("applicant_type") == ApplicantType.PERSON
            and kind == IdentityKind.CREDIT_CODE
        ):
            self.add_error(
                "id_kind", "申请人为公民时，证件类型不能是统一社会信用代码。"
            )
            return
        try:
            data["id_number"] = identity_number_clean(kind, number)
        except ValidationError as error:
            self.add_error("id_number", error)

    def application_fields(self) -> dict:
        """The cleaned fields `application_submit` takes."""
        return {name: self.cleaned_data.get(name, "") for name in APPLICANT_FIELDS}


class LookupForm(AccessibleForm):
    """申请查询: the 受理编号 and the 查询码."""

    number = forms.CharField(
        label="受理编号", max_length=30, help_text="例如 GK2026-000001。"
    )
    code = forms.CharField(
        label="查询码",
        max_length=40,
        help_text="提交申请时显示的 12 位查询码，例如 ABCD-EFGH-JKMN。",
        widget=UnechoedTextInput(attrs={"autocomplete": "off"}),
    )

    def clean_number(self) -> str:
        return "".join(self.cleaned_data["number"].split()).upper()


class SupplementForm(AccessibleForm):
    """补正 (Art. 30): what the applicant adds, in words and files."""

    text = forms.CharField(
        label="补正内容",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = MultipleFileField(
        label="补正材料",
        help_text=ApplicationForm.base_fields["attachments"].help_text,
    )

    clean_attachments = ApplicationForm.clean_attachments
