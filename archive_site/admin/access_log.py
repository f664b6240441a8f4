"""Admin view of the access log: a read-only, filtered listing and inspect page.

The log is append-only and hash-chained (`access_control.models`); the admin
only lists it, for those with the model's view permission. Auditors narrow it
by person (username), case (案号), action and local days; times are absolute
local times and `data` reads as Chinese (`access_log_details`), never as a dict.
"""

import django_filters
from django import forms
from django_filters.fields import DateRangeField
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from access_control.models import AccessAction, AccessLogEntry
from archive_site.admin.access_log_details import access_log_details
from archive_site.admin.base import ReadOnlyViewSet
from archive_site.admin.columns import LocalDateColumn
from dossiers.dates import format_local

FIRST_YEAR, LAST_YEAR = 1949, 2200


class LocalDayRangeField(DateRangeField):
    """Local days from–to (both inclusive), in order and within sane years."""

    def compress(self, data_list):
        if data_list:
            start, stop = data_list
            for day in (start, stop):
                if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                    raise forms.ValidationError(
                        f"日期应在 {FIRST_YEAR} 年至 {LAST_YEAR} 年之间。"
                    )
            if start and stop and start > stop:
                raise forms.ValidationError("起始日期不能晚于截止日期。")
        return super().compress(data_list)


class LocalDayRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = LocalDayRangeField


class AccessLogEntryFilterSet(WagtailFilterSet):
    username = django_filters.CharFilter(label="用户名", field_name="username")
    case_number = django_filters.CharFilter(label="案号", field_name="case_number")
    action = django_filters.ChoiceFilter(label="操作", choices=AccessAction.choices)
    timestamp = LocalDayRangeFilter(
        label="日期", field_name="timestamp", widget=DateRangePickerWidget
    )

    class Meta:
        model = AccessLogEntry
        fields = ["username", "case_number", "action", "timestamp"]


class AccessLogEntryInspectView(generic.InspectView):
    def get_data_display_value(self) -> str:
        return access_log_details(self.object.data) or "无"

    def get_timestamp_display_value(self) -> str:
        return format_local(self.object.timestamp)


def _details(entry: AccessLogEntry) -> str:
    return access_log_details(entry.data)


class AccessLogEntryViewSet(ReadOnlyViewSet):
    model = AccessLogEntry
    icon = "history"
    menu_label = "访问日志"
    menu_order = 400
    filterset_class = AccessLogEntryFilterSet
    inspect_view_class = AccessLogEntryInspectView
    # The content type is an internal pointer; object_repr says what was read.
    inspect_view_fields_exclude = ["content_type"]
    list_display = [
        "sequence",
        LocalDateColumn("timestamp", label="时间"),
        "username",
        Column("get_action_display", label="操作"),
        "case_number",
        "object_repr",
        "ip_address",
        "reason",
        Column("details", label="详情", accessor=_details),
    ]
