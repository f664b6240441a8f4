"""`manage.py checklist_pages_setup`: every agency's 音像记录事项清单 page.

For each registered agency without one, it adds a 行政执法音像记录事项清单
page under the site's home page and publishes it as its first revision.
The agency's archivists may edit and publish it (Wagtail page permissions
on that page only; 设置 › 音像记录事项清单 links to the editor).
Idempotent: an agency that has its page keeps it untouched, so the items its
staff added in the CMS stay. The rows the regulations require are not
copied into the page: it reads them from the AV checks' activity table
(`dossiers.rules.av_activities`) whenever it is shown. `make run` calls it
after the agencies are registered.
"""

from django.contrib.auth.models import Permission
from django.core.management.base import CommandError
from django.db import transaction
from wagtail.models import GroupPagePermission, Site

from access_control.services import agency_archivists_group
from archive_site.models import AvChecklistPage, HomePage
from dossiers.commands import ArchiveCommand
from dossiers.models import Agency

INTRO = (
    "<p>根据行政执法全过程记录的有关规定，本机关对下列容易引发争议的行政执法"
    "过程进行音像记录；对直接涉及人身自由、生命健康、重大财产权益的现场执法活动，"
    "进行全过程无间断音像记录。音像记录应自记录作出之日起按规定时限存储，"
    "不得剪接、删改或者私自保存。</p>"
)


def checklist_page_create(home, agency) -> AvChecklistPage:
    """Add and publish `agency`'s 清单 page under `home` (the caller checks
    that none exists yet)."""
    page = home.add_child(
        instance=AvChecklistPage(
            title=f"{agency.name}行政执法音像记录事项清单",
            slug=f"yinxiang-qingdan-{agency.code.lower()}",
            agency=agency,
            intro=INTRO,
        )
    )
    page.save_revision(log_action=True).publish()
    checklist_editors_allow(page)
    return page


def checklist_editors_allow(page: AvChecklistPage) -> None:
    """Let the page's agency's archivists edit and publish it (and only it)."""
    group = agency_archivists_group(page.agency)
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


class Command(ArchiveCommand):
    help = "为每个尚无音像记录事项清单页面的机关建立并发布该页面。"

    @transaction.atomic
    def handle(self, *args, **options):
        home = _home()
        have = set(AvChecklistPage.objects.values_list("agency_id", flat=True))
        created = 0
        for agency in Agency.objects.exclude(pk__in=have).order_by("pk"):
            page = checklist_page_create(home, agency)
            self.stdout.write(f"已建立 {agency.name} 的音像记录事项清单：{page.url}")
            created += 1
        self.stdout.write(f"新建 {created} 个机关的音像记录事项清单页面。")


def _home() -> HomePage:
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_page.specific if site else None
    if not isinstance(root, HomePage):
        raise CommandError(
            "默认站点的根页面不是首页（HomePage），无法建立音像记录事项清单页面。"
        )
    return root
