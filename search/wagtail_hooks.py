"""Registration only: the staff search page and its menu item."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search import views


@hooks.register("register_admin_urls")
def register_search_urls():
    return [path("archive/search/", views.search_view, name="archive_search")]


@hooks.register("register_admin_menu_item")
def register_search_menu_item():
    return MenuItem(
        "案件检索", reverse("archive_search"), icon_name="search", order=100
    )
