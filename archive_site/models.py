"""The public site's pages.

The 政府信息公开 pages (issue #13) are one tree per agency under the home
page: an index, the guide, the application form and the status page. Each
agency also has its published 行政执法音像记录事项清单 (issue #16), a page
under the home page generated from the regulation checks' activity table.
Their request handling lives in `archive_site.pages`; the models only declare
fields, where each page may stand and which handler serves it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

# The producers' API keeps its tokens, submissions and call log here.
from archive_site.api.models import (  # noqa: F401
    ProducerApiCall,
    ProducerToken,
    SipSubmission,
)
from archive_site.blocks import GuideStreamBlock
from archive_site.pages import apply, checklist, status, supplement

DISCLOSURE_CHILDREN = [
    "archive_site.DisclosureGuidePage",
    "archive_site.DisclosureApplicationPage",
    "archive_site.DisclosureStatusPage",
]


class HomePage(Page):
    """The archive's public front page."""

    intro = RichTextField("简介", blank=True)
    content_panels = [*Page.content_panels, "intro"]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["disclosure_indexes"] = (
            DisclosureIndexPage.objects.child_of(self).live().order_by("title")
        )
        context["checklist_pages"] = (
            AvChecklistPage.objects.child_of(self).live().order_by("title")
        )
        return context


class DisclosureIndexPage(Page):
    """An agency's 政府信息公开 section: its guide, form and status page."""

    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="机关",
    )
    intro = RichTextField("简介", blank=True)
    content_panels = [*Page.content_panels, "agency", "intro"]
    parent_page_types = ["archive_site.HomePage"]
    subpage_types = DISCLOSURE_CHILDREN
    template = "archive_site/pages/disclosure_index_page.html"

    class Meta:
        verbose_name = "政府信息公开栏目"

    def clean(self):
        super().clean()
        others = DisclosureIndexPage.objects.exclude(pk=self.pk)
        if self.agency_id and others.filter(agency_id=self.agency_id).exists():
            raise ValidationError(
                {"agency": "该机关已有政府信息公开栏目，每个机关只设一个。"}
            )


class _DisclosureChild(Page):
    """A page under an agency's index; `agency` is the index's."""

    parent_page_types = ["archive_site.DisclosureIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        abstract = True

    @property
    def agency(self):
        return self.get_parent().specific.agency


class DisclosureGuidePage(_DisclosureChild):
    """政府信息公开指南 (Art. 12)."""

    body = StreamField(GuideStreamBlock(), verbose_name="正文", blank=True)
    content_panels = [*Page.content_panels, "body"]
    template = "archive_site/pages/disclosure_guide_page.html"

    class Meta:
        verbose_name = "政府信息公开指南"


class DisclosureApplicationPage(_DisclosureChild):
    """The application form (Art. 29); a POST files the application."""

    intro = RichTextField("说明", blank=True)
    privacy_notice = RichTextField("个人信息保护说明", blank=True)
    content_panels = [*Page.content_panels, "intro", "privacy_notice"]
    template = "archive_site/pages/disclosure_application_page.html"

    class Meta:
        verbose_name = "政府信息公开申请"

    def serve(self, request, *args, **kwargs):
        return apply.application_page_serve(self, request)


class DisclosureStatusPage(RoutablePageMixin, _DisclosureChild):
    """申请查询: 受理编号 + 查询码, then the application's status in the session."""

    intro = RichTextField("说明", blank=True)
    content_panels = [*Page.content_panels, "intro"]
    template = "archive_site/pages/disclosure_status_page.html"

    class Meta:
        verbose_name = "申请查询"

    @path("")
    def status_view(self, request):
        return status.status_page_serve(self, request)

    @path("exit/", name="exit")
    def exit_view(self, request):
        return status.status_exit(self, request)

    @path("letter/<int:file_id>/", name="letter")
    def letter_view(self, request, file_id):
        return status.letter_serve(self, request, file_id)

    @path("release/<int:link_id>/", name="release")
    def release_view(self, request, link_id):
        return status.release_serve(self, request, link_id)

    @path("supplement/", name="supplement")
    def supplement_view(self, request):
        return supplement.supplement_serve(self, request)


class AvChecklistPage(Page):
    """An agency's 行政执法音像记录事项清单 (001 §16 ¶2, 000 §5).

    The rows required by the regulations are not stored: they are read from
    `dossiers.rules.av_activities` at each rendering, the table the AV checks
    use. The agency adds its own items (`extra_items`), kept with the intro
    in the page's revisions.
    """

    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="机关",
    )
    intro = RichTextField("说明", blank=True)
    content_panels = [
        *Page.content_panels,
        "agency",
        "intro",
        InlinePanel("extra_items", heading="本机关增列事项", label="事项"),
    ]
    parent_page_types = ["archive_site.HomePage"]
    subpage_types: list[str] = []
    template = "archive_site/pages/av_checklist_page.html"

    class Meta:
        verbose_name = "行政执法音像记录事项清单"

    def clean(self):
        super().clean()
        others = AvChecklistPage.objects.exclude(pk=self.pk)
        if self.agency_id and others.filter(agency_id=self.agency_id).exists():
            raise ValidationError(
                {"agency": "该机关已有音像记录事项清单页面，每个机关只设一个。"}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rule_rows"] = checklist.rule_rows()
        context["extra_rows"] = list(self.extra_items.all())
        context["row_count"] = len(context["rule_rows"]) + len(context["extra_rows"])
        return context


class AvChecklistItem(Orderable):
    """An item the agency adds to its 清单 beyond what the regulations require."""

    page = ParentalKey(
        AvChecklistPage, on_delete=models.CASCADE, related_name="extra_items"
    )
    activity = models.CharField("执法事项", max_length=200)
    media = models.CharField("记录方式", max_length=100, default="录音或录像")
    requirement = models.CharField("记录要求", max_length=300, blank=True)
    basis = models.CharField("依据", max_length=300, blank=True)
    panels = ["activity", "media", "requirement", "basis"]

    class Meta(Orderable.Meta):
        verbose_name = "增列事项"
        verbose_name_plural = "增列事项"
