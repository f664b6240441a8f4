"""The disc register: where each optical disc is, its set, its checks over time,
which discs are due for this year's sampling read-back, and what became of a
disc holding a destroyed package (需销毁或重刻 / 已销毁 / 已重刻).

Read-only: discs are entered by `disc_export` or by an export started here
(**制作光盘**, `archive_site.admin.disc_exports`), and `disc_verify` records
checks. The listing needs `preservation.view_disc` and shows only discs whose
every case the user may open; discs made from the browser link their image,
label and manifest through the logged gate. The custodian's page of discs to
destroy or re-burn, and its form, are `archive_site.admin.disc_disposal`'s.
"""

from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from access_control.selectors import discs_visible_to
from archive_site.admin.base import ReadOnlyViewSet
from archive_site.admin.columns import LocalDateColumn
from archive_site.admin.disc_disposal import (
    disc_disposal_view,
    disc_dispose_view,
    discs_to_dispose_count,
    disposal_status_text,
    with_destroyed_batch,
)
from archive_site.admin.disc_exports import ADD_DISC, disc_file_links
from preservation.models import Disc
from preservation.selectors import discs_due_for_sampling, discs_with_checks


def _with_due(queryset: QuerySet[Disc]) -> QuerySet[Disc]:
    due = list(discs_due_for_sampling().values_list("pk", flat=True))
    return queryset.annotate(
        due_for_sampling=Case(
            When(pk__in=due, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _discs_for(user) -> QuerySet[Disc]:
    visible = discs_with_checks().filter(pk__in=discs_visible_to(user=user))
    return with_destroyed_batch(_with_due(visible))


class DiscIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Disc]:
        return _discs_for(self.request.user)

    @cached_property
    def header_buttons(self):
        buttons = []
        pending = discs_to_dispose_count(self.request.user)
        if pending:
            url = reverse("disc:disposal")
            label = f"需销毁或重刻的光盘（{pending}）"
            buttons.append(HeaderButton(label, url=url, icon_name="warning"))
        if self.request.user.has_perm(ADD_DISC):
            url = reverse("archive_disc_export_start")
            buttons.append(HeaderButton("制作光盘", url=url, icon_name="plus"))
        return buttons


class DiscInspectView(generic.InspectView):
    template_name = "archive_site/admin/disc_inspect.html"

    def get_object(self, queryset=None) -> Disc:
        disc = _discs_for(self.request.user).filter(pk=self.pk).first()
        if disc is None:
            raise Http404("没有找到该光盘。")
        return disc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        disc = self.object
        context.update(
            disc=disc,
            contents=disc.contents.all(),
            checks=disc.checks.all(),
            due=_yes_no(disc.due_for_sampling),
            status=disposal_status_text(disc),
            witnesses=disc.disposal_witness_names,
            replacements=disc.replacements.all(),
            replaced=disc.replaced_discs.all(),
            downloads=disc_file_links(disc),
        )
        return context


class DiscViewSet(ReadOnlyViewSet):
    model = Disc
    icon = "doc-full"
    menu_label = "光盘登记簿"
    menu_order = 350
    index_view_class = DiscIndexView
    inspect_view_class = DiscInspectView
    list_display = [
        "disc_number",
        Column("get_disc_set_display", label="套别"),
        Column("get_media_display", label="介质"),
        "fonds",
        Column("archival_code_range", label="档号范围"),
        LocalDateColumn("burned_on", label="刻录日期"),
        "location",
        LocalDateColumn("last_checked_at", label="最近检测"),
        Column(
            "due_for_sampling",
            label="今年应抽检",
            accessor=lambda disc: _yes_no(disc.due_for_sampling),
        ),
        Column("disposal_status", label="处置状态", accessor=disposal_status_text),
    ]
    list_filter = ["disc_set", "media", "fonds"]
    search_fields = ["disc_number", "archival_code_from", "archival_code_to"]
    ordering = ["disc_number"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("disposal/", disc_disposal_view, name="disposal"),
            path("disposal/<int:pk>/", disc_dispose_view, name="dispose"),
        ]
