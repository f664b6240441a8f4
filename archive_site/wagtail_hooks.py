"""Registration only: the archive's admin menu, viewsets and URLs."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSetGroup

from archive_site import views
from archive_site.agency_admin import AgencyViewSet
from archive_site.disc_admin import DiscViewSet
from archive_site.dossier_admin import DossierViewSet, case_assemble_view
from archive_site.material_admin import material_correct_view
from archive_site.package_admin import PackageViewSet
from archive_site.viewsets import (
    AccessLogEntryViewSet,
    CaseViewSet,
    IngestReportViewSet,
)


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


@hooks.register("register_admin_urls")
def register_archive_urls():
    return [
        path("archive/upload/", views.package_upload, name="archive_package_upload"),
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


class UploadMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.UPLOAD_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_upload_menu_item():
    return UploadMenuItem(
        "接收提交包", reverse("archive_package_upload"), icon_name="upload", order=150
    )
