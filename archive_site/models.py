from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The archive's public front page."""

    intro = RichTextField("简介", blank=True)
    content_panels = [*Page.content_panels, "intro"]
    max_count = 1

    class Meta:
        verbose_name = "首页"
