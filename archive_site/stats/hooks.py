"""Registration of the statistics pages and their menu item (imported by
`archive_site.wagtail_hooks`)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from archive_site.stats.scope import stats_agencies_for
from archive_site.stats.views import dashboard_view


class StatsMenuItem(MenuItem):
    """Shown only to those who may see an agency's figures."""

    def is_shown(self, request):
        return stats_agencies_for(user=request.user).exists()


@hooks.register("register_admin_urls")
def register_stats_urls():
    return [
        path("archive/stats/", dashboard_view, name="archive_stats"),
        path("archive/stats/<slug:key>/", dashboard_view, name="archive_stats_figure"),
    ]


@hooks.register("register_admin_menu_item")
def register_stats_menu_item():
    return StatsMenuItem(
        "统计分析", reverse("archive_stats"), icon_name="table", order=170
    )
