"""Admin register of archival packages, their copies and fixity checks (read-only)."""

from django.db.models import QuerySet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from access_control.selectors import cases_visible_to
from archive_site.columns import LocalDateColumn
from archive_site.viewsets import LoggedInspectView, ReadOnlyViewSet
from preservation.models import FixityOutcome, Package


def packages_visible_to(user) -> QuerySet[Package]:
    return Package.objects.filter(dossier__case__in=cases_visible_to(user=user))


class PackageIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Package]:
        return packages_visible_to(self.request.user).select_related("dossier__case")


class PackageInspectView(LoggedInspectView):
    """A package page names the case and its files: a logged read."""

    template_name = "archive_site/admin/package_inspect.html"
    reason = "查看长期保存包"
    not_found = "没有找到该保存包。"

    def visible(self) -> QuerySet[Package]:
        return packages_visible_to(self.request.user).select_related("dossier__case")

    def case_of(self, obj: Package):
        return obj.dossier.case

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        package = self.object
        context.update(
            package=package,
            copies=package.copies.order_by("location"),
            checks=[
                (copy, copy.checks.order_by("-started_at")[:20])
                for copy in package.copies.order_by("location")
            ],
        )
        return context


def _last_outcome(package: Package) -> str:
    labels = dict(FixityOutcome.choices)
    outcomes = {
        c.get_location_display(): labels.get(c.last_outcome, "未校验")
        for c in package.copies.all()
    }
    return "，".join(f"{k}：{v}" for k, v in sorted(outcomes.items()))


class PackageViewSet(ReadOnlyViewSet):
    model = Package
    icon = "cogs"
    menu_label = "长期保存包"
    menu_order = 250
    index_view_class = PackageIndexView
    inspect_view_class = PackageInspectView
    list_display = [
        "identifier",
        Column("file_count", label="文件数"),
        Column("byte_count", label="字节数"),
        LocalDateColumn("created_at", label="生成时间"),
        Column("last_outcome", label="最近校验", accessor=_last_outcome),
    ]
    ordering = ["identifier"]
