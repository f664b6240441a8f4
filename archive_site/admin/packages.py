"""Admin register of archival packages, their copies and fixity checks.

Read-only but for **立即校验**: a POST that enqueues the fixity check of every
copy of one package (`package_fixity_task`); its checks appear in the history.
"""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from access_control.models import ReadPurpose
from access_control.selectors import packages_visible_to
from archive_site.admin.base import LoggedInspectView, ReadOnlyViewSet
from archive_site.admin.columns import LocalDateColumn
from preservation.models import FixityOutcome, Package
from preservation.tasks import package_fixity_task


class PackageIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Package]:
        return packages_visible_to(user=self.request.user).select_related(
            "dossier__case"
        )


class PackageInspectView(LoggedInspectView):
    """A package page names the case and its files: a logged read."""

    template_name = "archive_site/admin/package_inspect.html"
    reason = ReadPurpose.PACKAGE_READ
    not_found = "没有找到该保存包。"

    def visible(self) -> QuerySet[Package]:
        return packages_visible_to(user=self.request.user).select_related(
            "dossier__case"
        )

    def case_of(self, obj: Package):
        return obj.dossier.case

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        package = self.object
        context.update(
            package=package,
            copies=package.copies.order_by("location"),
            checks=[
                (copy, OUTCOMES.get(copy.last_outcome, "未校验"), _history(copy))
                for copy in package.copies.order_by("location")
            ],
            check_url=reverse("package:check", args=[package.pk]),
        )
        return context


OUTCOMES = dict(FixityOutcome.choices)


def _history(copy):
    return copy.checks.order_by("-started_at", "-pk")[:20]


def _last_outcome(package: Package) -> str:
    outcomes = {
        c.get_location_display(): OUTCOMES.get(c.last_outcome, "未校验")
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

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/check/", package_check_view, name="check"),
        ]


@require_POST
def package_check_view(request: HttpRequest, pk: int):
    """立即校验: verify every copy of the package now, as a background task."""
    package = packages_visible_to(user=request.user).filter(pk=pk).first()
    if package is None or not request.user.has_perm("preservation.view_package"):
        raise Http404("没有找到该保存包。")
    package_fixity_task.enqueue(package.pk)
    messages.success(request, "已开始校验全部副本，结果见下方校验记录。")
    return redirect(reverse("package:inspect", args=[package.pk]))
