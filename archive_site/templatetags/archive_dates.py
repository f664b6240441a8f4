"""`{{ value|local_datetime }}`: the absolute local form of a date or moment.

The templates' counterpart of `archive_site.admin.columns.LocalDateColumn`, so pages
and listings print times the same way (`2026-12-05 09:17`, `2026-12-05`).
"""

from django import template

from dossiers.dates import format_local, local_day

register = template.Library()


@register.filter
def local_datetime(value) -> str:
    return format_local(value or None)


@register.filter(name="local_day")
def local_day_filter(value) -> str:
    """The local calendar day of a moment (`2026-12-05`)."""
    return format_local(local_day(value)) if value else ""
