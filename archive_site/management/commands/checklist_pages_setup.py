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
from django.db import transaction
from wagtail.models import GroupPagePermission

from access_control.services import agency_archivists_group
from archive_site.models import AvChecklistPage
from archive_site.pages.agency_pages import agency_pages_ensure
from dossiers.commands import ArchiveCommand

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
        agency_pages_ensure(
            model=AvChecklistPage,
            create=checklist_page_create,
            what="音像记录事项清单",
            say=self.stdout.write,
        )
