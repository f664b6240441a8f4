"""Agencies in the admin (**设置 › 执法机关设置**): registration, corrections and
the settings where the regulations differ (see domain-rules.md).

An administrator with the `dossiers.add_agency` / `change_agency` permission
registers an agency before its packages arrive (名称, 统一社会信用代码, 全宗号),
corrects its name or code (a code correction needs a reason, kept as an
`AgencyChange`), and chooses the figures that vary between seeds. The 全宗号
is fixed once registered; agencies are never deleted (merge a mistaken one
with `agency_merge`). Writes go through `dossiers.services.agencies`.
"""

from django import forms
from django.db import transaction
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from dossiers.models import Agency
from dossiers.services import agency_register, agency_update

SETTINGS_FIELDS = [
    "archiving_deadline_days",
    "av_upload_deadline",
    "ordering_template",
    "archival_code_pattern",
    "sm3_manifests",
    "back_capture_closed_before",
    "access_max_days",
]
IDENTITY_FIELDS = ["name", "code", "fonds"]


class AgencyForm(forms.ModelForm):
    reason = forms.CharField(
        label="更正理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="更正统一社会信用代码时必填，记入机关变更记录。",
    )

    class Meta:
        model = Agency
        fields = [*IDENTITY_FIELDS, *SETTINGS_FIELDS]

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["fonds"].disabled = True

    def clean(self):
        data = super().clean()
        stored = Agency.objects.filter(pk=self.instance.pk).first()
        code_changed = stored and data.get("code") and data["code"] != stored.code
        if code_changed and not data.get("reason", "").strip():
            self.add_error("reason", "更正统一社会信用代码须说明理由。")
        return data


def _apply_settings(agency: Agency, data: dict) -> Agency:
    for name in SETTINGS_FIELDS:
        setattr(agency, name, data[name])
    agency.full_clean()
    agency.save(update_fields=SETTINGS_FIELDS)
    return agency


class AgencyCreateView(generic.CreateView):
    @transaction.atomic
    def save_instance(self):
        data = self.form.cleaned_data
        agency = agency_register(
            name=data["name"],
            code=data["code"],
            fonds=data["fonds"],
            user=self.request.user,
            reason=data.get("reason", ""),
        )
        return _apply_settings(agency, data)


class AgencyEditView(generic.EditView):
    @transaction.atomic
    def save_instance(self):
        data = self.form.cleaned_data
        agency = agency_update(
            agency=Agency.objects.get(pk=self.object.pk),
            user=self.request.user,
            reason=data.get("reason", ""),
            name=data["name"],
            code=data["code"],
        )
        return _apply_settings(agency, data)


class AgencyViewSet(ModelViewSet):
    model = Agency
    icon = "site"
    menu_label = "执法机关设置"
    menu_order = 900
    add_to_settings_menu = True
    form_fields = [*IDENTITY_FIELDS, *SETTINGS_FIELDS]
    add_view_class = AgencyCreateView
    edit_view_class = AgencyEditView
    list_display = [
        "name",
        "code",
        "fonds",
        Column("get_ordering_template_display", label="案卷排列方式"),
        Column("archiving_deadline_days", label="归档期限（日）"),
    ]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return AgencyForm

    def get_urlpatterns(self):
        # Agencies are never deleted: their records carry their 全宗号.
        return [p for p in super().get_urlpatterns() if p.name != "delete"]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"delete_url_name": None, **kwargs})
