"""Registration only: the archive's admin menu, viewsets, URLs and home page.

The admin is a workbench, not a CMS: Wagtail's page, image, document, workflow,
report and help menus are removed for every user, and the home page shows the
to-do panels of `archive_site.admin.dashboard`; the views themselves live in
the `archive_site.admin` package, one module per thing.
"""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSetGroup

from archive_site.admin import (
    access_register,
    access_requests,
    checklist,
    dashboard,
    disclosure_urls,
    disposition,
    lockouts,
    retention_due,
    retention_rules,
    review_urls,
    upload,
)
from archive_site.admin.access_log import AccessLogEntryViewSet
from archive_site.admin.agencies import AgencyViewSet
from archive_site.admin.cases import CaseViewSet
from archive_site.admin.disc_exports import disc_export_start_view, disc_export_view
from archive_site.admin.disclosure_release import release_urls
from archive_site.admin.disclosure_report import report_menu_item, report_urls
from archive_site.admin.discs import DiscViewSet
from archive_site.admin.dossiers import DossierViewSet, case_assemble_view
from archive_site.admin.ingest_reports import IngestReportViewSet
from archive_site.admin.materials import material_correct_view
from archive_site.admin.memberships import MembershipViewSet
from archive_site.admin.packages import PackageViewSet
from archive_site.admin.search import search_view
from archive_site.admin.users import users_bulk_delete_guard


class ArchiveMenuGroup(ModelViewSetGroup):
    menu_label = "档案"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        CaseViewSet,
        DossierViewSet,
        PackageViewSet,
        IngestReportViewSet,
        AccessLogEntryViewSet,
        DiscViewSet,
    )


@hooks.register("register_admin_viewset")
def register_archive_viewsets():
    return ArchiveMenuGroup()


@hooks.register("register_admin_viewset")
def register_agency_viewset():
    return AgencyViewSet()


@hooks.register("register_admin_viewset")
def register_membership_viewset():
    return MembershipViewSet()


@hooks.register("register_admin_urls")
def register_archive_urls():
    return [
        path("archive/upload/", upload.package_upload, name="archive_package_upload"),
        path(
            "archive/disc-exports/new/",
            disc_export_start_view,
            name="archive_disc_export_start",
        ),
        path(
            "archive/disc-exports/<int:pk>/",
            disc_export_view,
            name="archive_disc_export",
        ),
        path(
            "archive/cases/<int:pk>/assemble/",
            case_assemble_view,
            name="archive_case_assemble",
        ),
        path(
            "archive/materials/<int:pk>/correct/",
            material_correct_view,
            name="archive_material_correct",
        ),
    ]


@hooks.register("register_admin_urls")
def register_search_urls():
    return [path("archive/search/", search_view, name="archive_search")]


@hooks.register("register_admin_menu_item")
def register_search_menu_item():
    return MenuItem(
        "案件检索", reverse("archive_search"), icon_name="search", order=100
    )


@hooks.register("register_admin_urls")
def register_disclosure_report_urls():
    return report_urls()


@hooks.register("register_admin_menu_item")
def register_disclosure_report_menu_item():
    return report_menu_item()


@hooks.register("before_bulk_action")
def deactivate_logged_users_instead(request, action_type, objects, action_class):
    # People in the access log are deactivated, never deleted (admin.users).
    return users_bulk_delete_guard(request, action_type, objects, action_class)


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return lockouts.lockout_urls()


@hooks.register("register_settings_menu_item")
def register_lockout_menu_item():
    return lockouts.lockout_menu_item()


class UploadMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(upload.UPLOAD_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_upload_menu_item():
    return UploadMenuItem(
        "接收提交包", reverse("archive_package_upload"), icon_name="upload", order=150
    )


# Wagtail's content-management menus; nothing in the archive is a page or an image.
CMS_MENU_ITEMS = {"explorer", "images", "documents", "reports", "help", "snippets"}
CMS_SETTINGS_ITEMS = {
    "sites",
    "collections",
    "redirects",
    "workflows",
    "workflow-tasks",
}


@hooks.register("construct_main_menu")
def hide_cms_menus(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name not in CMS_MENU_ITEMS]


@hooks.register("construct_settings_menu")
def hide_cms_settings(request, menu_items):
    menu_items[:] = [i for i in menu_items if i.name not in CMS_SETTINGS_ITEMS]


@hooks.register("construct_homepage_panels")
def archive_todo_panels(request, panels):
    panels[:] = [panel(request) for panel in dashboard.PANELS]


@hooks.register("register_admin_urls")
def register_access_request_urls():
    return [
        path(
            "archive/access/requests/",
            access_requests.request_list_view,
            name="access_requests",
        ),
        path(
            "archive/access/requests/new/",
            access_requests.request_new_view,
            name="access_request_new",
        ),
        path(
            "archive/access/requests/<int:pk>/",
            access_requests.request_detail_view,
            name="access_request_detail",
        ),
        path(
            "archive/access/register/",
            access_register.register_view,
            name="access_register",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_access_request_menu_item():
    return MenuItem("查阅申请", reverse("access_requests"), icon_name="help", order=160)


@hooks.register("register_admin_urls")
def register_disclosure_desk_urls():
    return disclosure_urls.desk_urls()


@hooks.register("register_admin_menu_item")
def register_disclosure_desk_menu_item():
    return disclosure_urls.desk_menu_item()


@hooks.register("register_admin_urls")
def register_disclosure_release_urls():
    return release_urls()


@hooks.register("register_admin_urls")
def register_retention_urls():
    return retention_due.retention_due_urls() + retention_rules.retention_rules_urls()


@hooks.register("register_admin_menu_item")
def register_retention_due_menu_item():
    return retention_due.retention_due_menu_item()


@hooks.register("register_settings_menu_item")
def register_retention_rules_menu_item():
    return retention_rules.retention_rules_menu_item()


@hooks.register("register_admin_urls")
def register_disposition_urls():
    return disposition.disposition_urls()


@hooks.register("register_admin_menu_item")
def register_disposition_menu_item():
    return disposition.disposition_menu_item()


@hooks.register("register_admin_urls")
def register_checklist_urls():
    return checklist.checklist_urls()


@hooks.register("register_settings_menu_item")
def register_checklist_menu_item():
    return checklist.checklist_menu_item()


@hooks.register("register_admin_urls")
def register_review_urls():
    return review_urls.review_urls()


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return review_urls.review_menu_item()


# The producers' API tokens page (设置 › 提交接口令牌) registers its own hooks.
import archive_site.api.admin_hooks  # noqa: E402, F401

# The device register and the AV compliance report (issue #16) register their own hooks.
from archive_site.devices import hooks as device_hooks  # noqa: E402, F401

# The statistics pages (统计分析, issue #16) register their own hooks.
from archive_site.stats import hooks as stats_hooks  # noqa: E402, F401
