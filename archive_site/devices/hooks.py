"""Registration of the device pages and their menu items (imported by
`archive_site.wagtail_hooks`)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from archive_site.devices.device_page import device_view
from archive_site.devices.report import ReportScope, av_report_view
from archive_site.devices.scope import device_agencies_for
from archive_site.devices.views import (
    device_add_view,
    device_edit_view,
    device_list_view,
)


class DeviceMenuItem(MenuItem):
    def is_shown(self, request):
        return device_agencies_for(user=request.user).exists()


class AvReportMenuItem(MenuItem):
    def is_shown(self, request):
        return ReportScope.for_user(request.user).visible()


@hooks.register("register_admin_urls")
def register_device_urls():
    return [
        path("archive/devices/", device_list_view, name="archive_devices"),
        path("archive/devices/new/", device_add_view, name="archive_device_add"),
        path("archive/devices/<int:pk>/", device_view, name="archive_device"),
        path(
            "archive/devices/<int:pk>/edit/",
            device_edit_view,
            name="archive_device_edit",
        ),
        path("archive/av-compliance/", av_report_view, name="archive_av_compliance"),
    ]


@hooks.register("register_admin_menu_item")
def register_device_menu_items():
    return DeviceMenuItem(
        "记录设备", reverse("archive_devices"), icon_name="media", order=175
    )


@hooks.register("register_admin_menu_item")
def register_av_compliance_menu_item():
    return AvReportMenuItem(
        "音像记录合规",
        reverse("archive_av_compliance"),
        icon_name="warning",
        order=176,
    )
