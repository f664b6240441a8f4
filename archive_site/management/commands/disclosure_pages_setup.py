"""`manage.py disclosure_pages_setup`: every agency's 政府信息公开 pages.

For each registered agency without a 政府信息公开 index page, it adds one
under the site's home page with its guide (政府信息公开指南), application
form and status page (申请查询). Idempotent: an agency that has its index
keeps it untouched, so editors' changes in the CMS stay. `make run` calls it
after the agencies are registered.

The default texts follow the 政府信息公开条例 (2019): how to apply (Art.
27–29), when the application counts as received (Art. 31), the time to
answer (Art. 30, 33), fees (Art. 42), the remedies (Art. 51) and what the
form's personal data is used for.
"""

from django.db import transaction

from archive_site.models import (
    DisclosureApplicationPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    DisclosureStatusPage,
)
from archive_site.pages.agency_pages import agency_pages_ensure
from dossiers.commands import ArchiveCommand

GUIDE_TEXT = (
    "<h2>一、主动公开</h2>"
    "<p>本机关依照《中华人民共和国政府信息公开条例》主动公开的政府信息，"
    "通过本网站、政府公报等途径公开。</p>"
    "<h2>二、依申请公开</h2>"
    "<p>公民、法人或者其他组织可以向本机关申请获取相关政府信息（第二十七条）。"
    "申请应当采用书面形式，可以通过本网站在线提交，也可以当面提交、邮寄或者传真"
    "（第二十九条）。申请内容应当包括：申请人的姓名或者名称、身份证明、联系方式；"
    "申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；"
    "申请公开的政府信息的形式要求，包括获取信息的方式、途径。</p>"
    "<p>当面提交的，以提交之日为收到申请之日；邮寄的，以本机关签收之日为收到"
    "申请之日；通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日"
    "（第三十一条）。本机关自收到申请之日起 20 个工作日内予以答复；需要延长"
    "答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长"
    "不超过 20 个工作日（第三十三条）。申请内容不明确的，本机关自收到申请之日起"
    " 7 个工作日内一次性告知补正，答复期限自收到补正的申请之日起计算（第三十条）。</p>"
    "<p>本机关依申请提供政府信息，不收取费用；申请人申请公开政府信息的数量、频次"
    "明显超过合理范围的，可以依照国家规定收取信息处理费（第四十二条）。</p>"
    "<h2>三、救济途径</h2>"
    "<p>申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关"
    "或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼"
    "（第五十一条）：自知道该行政行为之日起 60 日内申请行政复议，或者自知道或者"
    "应当知道作出行政行为之日起 6 个月内向人民法院提起行政诉讼。</p>"
)
OFFICE_HOURS = {
    "days": "法定工作日（国家法定节假日除外）",
    "hours": "上午 9:00—12:00，下午 13:30—17:00",
    "note": "在线申请全天可以提交，于工作时间处理。",
}
INDEX_INTRO = (
    "<p>本栏目提供本机关的政府信息公开指南，受理政府信息公开申请，"
    "并供申请人凭受理编号和查询码查询办理情况。</p>"
)
APPLICATION_INTRO = (
    "<p>请如实填写申请表。提交后页面将显示受理编号和查询码，请妥善保存。</p>"
)
PRIVACY_NOTICE = (
    "<p>您填写的姓名或名称、证件号码、联系方式和附件，仅用于办理本次政府信息公开"
    "申请，只有本机关的信息公开工作人员可以查看，每次查看都记入访问日志；"
    "本机关不会将其用于其他目的，也不会向第三方提供，法律另有规定的除外。"
    "申请材料作为本机关的政府信息公开工作记录依法保存。</p>"
)
STATUS_INTRO = (
    "<p>请输入提交申请时获得的受理编号和查询码。查询成功后，可以查看办理情况、"
    "答复补正、下载告知书和公开的信息；连续多次输入错误将暂停查询一段时间。</p>"
)


def disclosure_pages_create(home, agency):
    """Add `agency`'s index, guide, form and status pages under `home`.

    Returns the index page. The caller checks that none exists yet.
    """
    index = home.add_child(
        instance=DisclosureIndexPage(
            title=f"{agency.name}政府信息公开",
            slug=f"gongkai-{agency.code.lower()}",
            agency=agency,
            intro=INDEX_INTRO,
        )
    )
    index.add_child(
        instance=DisclosureGuidePage(
            title="政府信息公开指南",
            slug="zhinan",
            body=[("text", GUIDE_TEXT), ("office_hours", OFFICE_HOURS)],
        )
    )
    index.add_child(
        instance=DisclosureApplicationPage(
            title="政府信息公开申请",
            slug="shenqing",
            intro=APPLICATION_INTRO,
            privacy_notice=PRIVACY_NOTICE,
        )
    )
    index.add_child(
        instance=DisclosureStatusPage(
            title="申请查询", slug="chaxun", intro=STATUS_INTRO
        )
    )
    return index


class Command(ArchiveCommand):
    help = "为每个尚无政府信息公开栏目的机关建立栏目、指南、申请和查询页面。"

    @transaction.atomic
    def handle(self, *args, **options):
        agency_pages_ensure(
            model=DisclosureIndexPage,
            create=disclosure_pages_create,
            what="政府信息公开",
            say=self.stdout.write,
        )
