"""Wagtail's users app with our user viewset (Wagtail reads `user_viewset`).

Listed in INSTALLED_APPS in place of "wagtail.users".
"""

from wagtail.users.apps import WagtailUsersAppConfig


class ArchiveUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "archive_site.admin.users.UserViewSet"
