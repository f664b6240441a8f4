"""设置 › 音像记录事项清单: the 清单 pages the user may edit, with their links.

The admin's page explorer is hidden (the admin is a workbench), so this lists
the agency's 行政执法音像记录事项清单 pages the user may edit (Wagtail page
permissions, given to the agency's archivists by `checklist_pages_setup`),
each with its editor, its revision history and its public address. Anyone
else is refused (403). The pages are public, so reading this is not logged.
"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail.admin.menu import MenuItem

from archive_site.models import AvChecklistPage


def editable_checklists(user) -> list[AvChecklistPage]:
    pages = AvChecklistPage.objects.select_related("agency").order_by("title")
    return [p for p in pages if p.permissions_for_user(user).can_edit()]


def checklist_list_view(request):
    pages = editable_checklists(request.user)
    if not pages:
        raise PermissionDenied("只有机关的档案管理员可以维护音像记录事项清单。")
    return TemplateResponse(
        request, "archive_site/admin/checklist_list.html", {"pages": pages}
    )


class ChecklistMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(editable_checklists(request.user))


def checklist_menu_item() -> MenuItem:
    return ChecklistMenuItem(
        "音像记录事项清单", reverse("archive_checklists"), icon_name="list-ul"
    )


def checklist_urls() -> list:
    return [path("archive/checklists/", checklist_list_view, name="archive_checklists")]
