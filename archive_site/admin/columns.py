"""The one listing column for dates and times in the admin.

Wagtail's `DateColumn` and `UpdatedAtColumn` render "1 小时，22 分钟之前";
archivists compare records by their absolute local time instead, so every
listing uses `LocalDateColumn`, which prints `2026-12-05 09:17` (a moment, in
China's time) or `2026-12-05` (a day) through `dossiers.dates.format_local`.
"""

from wagtail.admin.ui.tables import Column

from dossiers.dates import format_local


class LocalDateColumn(Column):
    """An absolute, local date or date-and-time, never a relative one."""

    def get_value(self, instance):
        return format_local(super().get_value(instance))
