"""Per-agency settings where the regulations differ (see domain-rules.md).

Agencies are created by ingest; here an administrator with the
`dossiers.change_agency` permission only chooses the figures that vary between
seeds: the archiving deadline, the AV storage deadline, the ordering template
and the archival-code pattern.
"""

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from dossiers.models import Agency

SETTINGS_FIELDS = [
    "archiving_deadline_days",
    "av_upload_deadline",
    "ordering_template",
    "archival_code_pattern",
    "sm3_manifests",
]


class AgencyViewSet(ModelViewSet):
    model = Agency
    icon = "site"
    menu_label = "执法机关设置"
    menu_order = 900
    add_to_settings_menu = True
    form_fields = SETTINGS_FIELDS
    list_display = [
        "name",
        "code",
        "fonds",
        Column("get_ordering_template_display", label="案卷排列方式"),
        Column("archiving_deadline_days", label="归档期限（日）"),
    ]
    copy_view_enabled = False

    def get_urlpatterns(self):
        # Agencies come from ingest and are never added or deleted by hand.
        return [p for p in super().get_urlpatterns() if p.name not in {"add", "delete"}]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "delete_url_name": None, **kwargs}
        )
