"""The 信息公开 desk's URLs and its menu item, for `wagtail_hooks` to register."""

from django.urls import path, reverse
from wagtail.admin.menu import MenuItem

from access_control.disclosure.selectors import desk_agency_ids
from archive_site.admin import (
    disclosure_actions,
    disclosure_detail,
    disclosure_inbox,
    disclosure_register,
)


def desk_urls() -> list:
    return [
        path(
            "archive/disclosure/",
            disclosure_inbox.inbox_view,
            name="disclosure_inbox",
        ),
        path(
            "archive/disclosure/new/",
            disclosure_register.register_view,
            name="disclosure_register",
        ),
        path(
            "archive/disclosure/<int:pk>/",
            disclosure_detail.application_view,
            name="disclosure_application",
        ),
        path(
            "archive/disclosure/<int:pk>/files/<int:file_pk>/",
            disclosure_detail.file_view,
            name="disclosure_file",
        ),
        path(
            "archive/disclosure/<int:pk>/do/<slug:action>/",
            disclosure_actions.action_view,
            name="disclosure_action",
        ),
    ]


class DeskMenuItem(MenuItem):
    """Shown only to 信息公开 staff (superuser status opens nothing here)."""

    def is_shown(self, request):
        return bool(desk_agency_ids(request.user))


def desk_menu_item() -> MenuItem:
    return DeskMenuItem(
        "政府信息公开", reverse("disclosure_inbox"), icon_name="mail", order=170
    )
