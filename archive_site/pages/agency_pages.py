"""Pages made once per agency under the site's home page (the 政府信息公开
section, the 音像记录事项清单): the setup commands share the walk here."""

from collections.abc import Callable

from django.core.management.base import CommandError
from wagtail.models import Page, Site

from archive_site.models import HomePage
from dossiers.models import Agency


def site_home(what: str) -> HomePage:
    """The default site's home page, under which `what` (its pages) go."""
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_page.specific if site else None
    if not isinstance(root, HomePage):
        raise CommandError(
            f"默认站点的根页面不是首页（HomePage），无法建立{what}页面。"
        )
    return root


def agency_pages_ensure(
    *,
    model: type[Page],
    create: Callable[[HomePage, Agency], Page],
    what: str,
    say: Callable[[str], None],
) -> int:
    """Make `what` with `create` for every agency that has no `model` page yet
    (an agency's page, once made, is the editors'); how many were made."""
    home = site_home(what)
    have = set(model.objects.values_list("agency_id", flat=True))
    created = 0
    for agency in Agency.objects.exclude(pk__in=have).order_by("pk"):
        page = create(home, agency)
        say(f"已建立 {agency.name} 的{what}页面：{page.url}")
        created += 1
    say(f"新建 {created} 个机关的{what}页面。")
    return created
