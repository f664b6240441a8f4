"""Registration only: the archive's admin menu, viewsets and URLs."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from archive_site import views
from archive_site.viewsets import ArchiveMenuGroup


@hooks.register("register_admin_viewset")
def register_archive_viewsets():
    return ArchiveMenuGroup()


@hooks.register("register_admin_urls")
def register_upload_url():
    return [
        path("archive/upload/", views.package_upload, name="archive_package_upload")
    ]


class UploadMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.UPLOAD_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_upload_menu_item():
    return UploadMenuItem(
        "接收提交包", reverse("archive_package_upload"), icon_name="upload", order=150
    )
