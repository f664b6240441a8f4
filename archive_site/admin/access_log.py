"""Admin view of the access log: a read-only listing and inspect page.

The log is append-only and hash-chained (`access_control.models`); the admin
only lists it, for those with the model's view permission.
"""

from wagtail.admin.ui.tables import Column

from access_control.models import AccessLogEntry
from archive_site.admin.base import ReadOnlyViewSet
from archive_site.admin.columns import LocalDateColumn


class AccessLogEntryViewSet(ReadOnlyViewSet):
    model = AccessLogEntry
    icon = "history"
    menu_label = "访问日志"
    menu_order = 400
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
    ]
    list_filter = ["action"]
