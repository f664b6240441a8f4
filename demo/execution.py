"""执行 and 归档: payment, administrative review, court enforcement, closing.

A fine is paid within fifteen days of service (《行政处罚法》第六十七条); an
unpaid fine is enforced through the court after the time limits for review
and litigation have passed and a 催告 has gone unheeded (《行政强制法》第五十三
条、第五十四条). Every case closes with a 结案审批表 (003 §23), the last
material and the date of ``closed_on``.
"""

from __future__ import annotations

from datetime import date, timedelta

from demo.service import serve
from demo.story import Story
from demo.wording import cn_date, money

STAGE = "service_execution"
PAY_DAYS = 15
LITIGATION_DAYS = 183  # six months to sue (《行政诉讼法》第四十六条)
APPEAL_DAYS = 15  # to sue after an administrative review decision


def _province(story: Story) -> str:
    place = story.agency.place
    return place.split("省")[0] + "省" if "省" in place else "新疆维吾尔自治区"


def pay(story: Story, *, extra: int = 0, paid_by_court: bool = False) -> None:
    """罚款缴纳凭证 (非税收入一般缴款书) within the time limit or after enforcement."""
    if not story.fine:
        return
    story.advance(2, PAY_DAYS - 2)
    paragraphs = [
        f"票据号码：{story.rng.randint(10**9, 10**10 - 1)}",
        f"缴款人：{story.party.name}",
        f"执收单位：{story.agency.name}",
        f"项目：罚没收入{'（含加处罚款）' if extra else ''}",
        f"金额：{money(story.fine + extra)}",
        f"收款银行：{story.agency.bank}",
        f"缴款方式：{'人民法院强制执行划拨' if paid_by_court else '柜台缴款'}",
        f"缴款日期：{cn_date(story.clock)}",
    ]
    story.add_text(
        STAGE,
        "罚款缴纳凭证",
        paragraphs,
        heading=f"{_province(story)}非税收入一般缴款书",
        seal=story.agency.bank,
        author=story.party.name,
    )


def government_review(story: Story, decision: dict) -> None:
    """The party objects: a 行政复议决定书 upholds the decision (long-term trigger)."""
    story.triggers.append("objection_or_complaint")
    story.advance(40, 70)
    government = story.agency.government
    number = f"{story.agency.short[0]}政复决〔{story.clock.year}〕"
    story.add_text(
        STAGE,
        "行政复议决定书",
        _review_text(story, decision["doc_number"]),
        heading=government,
        author=government,
        doc_number=f"{number}{story.rng.randint(2, 40)}号",
    )
    story.facts["appeal_deadline"] = story.clock + timedelta(days=APPEAL_DAYS)


def _review_text(story: Story, decision_number: str) -> list[str]:
    return [
        f"申请人：{story.party.name}",
        f"被申请人：{story.agency.name}",
        f"申请人不服被申请人作出的《行政处罚决定书》（{decision_number}），"
        "向本机关申请行政复议，本机关依法予以受理并进行了审查。",
        "本机关认为，被申请人作出的处罚决定认定事实清楚，证据确凿，适用依据正确，"
        "程序合法，内容适当。根据《中华人民共和国行政复议法》的规定，决定维持。",
        "申请人如不服本决定，可以自收到本决定书之日起十五日内向人民法院提起行政诉讼。",
    ]


def enforce_via_court(story: Story) -> None:
    """催告书 and its service, the application, the ruling, the enforced payment."""
    served = story.facts["served_on"].replace(tzinfo=story.clock.tzinfo)
    deadline = story.facts.get("appeal_deadline", served + timedelta(LITIGATION_DAYS))
    story.clock = max(story.clock, deadline)
    story.advance(1, 5)
    reminder = story.add_text(
        STAGE, "催告书", _reminder_text(story), doc_number=story.doc_number("催告")
    )
    serve(story, reminder)
    _apply_to_court(story)
    _court_ruling(story)
    pay(story, extra=story.fine, paid_by_court=True)
    story.facts["performed"] = "经申请人民法院强制执行，罚款及加处罚款已执行到位。"


def _reminder_text(story: Story) -> list[str]:
    you, fine = story.party.you, money(story.fine)
    return [
        f"{story.party.name}：",
        f"本机关作出的行政处罚决定已经送达，{you}在法定期限内既未申请行政复议、"
        "提起行政诉讼，也未履行缴纳罚款的义务。根据《中华人民共和国行政强制法》"
        f"第五十四条的规定，催告{you}自收到本催告书之日起十日内缴纳罚款{fine}"
        f"及加处罚款{fine}。{you}有权进行陈述和申辩。",
        f"逾期仍不履行的，本机关将依法申请{story.agency.court}强制执行。",
    ]


def _apply_to_court(story: Story) -> None:
    story.advance(11, 15)
    fine = money(story.fine)
    paragraphs = [
        f"申请人：{story.agency.name}",
        f"被执行人：{story.party.name}",
        f"申请事项：请求依法强制执行罚款{fine}及加处罚款{fine}。",
        "事实和理由：被执行人在法定期限内不申请行政复议或者提起行政诉讼，"
        "又不履行行政处罚决定，经催告仍未履行。根据《中华人民共和国行政强制法》"
        "第五十三条、《中华人民共和国行政诉讼法》第九十七条的规定，特申请强制执行。",
        f"此致 {story.agency.court}",
    ]
    number = story.doc_number("强执申")
    story.add_text(STAGE, "强制执行申请书", paragraphs, doc_number=number)


def _court_ruling(story: Story) -> None:
    story.advance(5, 9)
    court = story.agency.court
    number = f"（{story.clock.year}）{story.agency.court_code}行审"
    paragraphs = [
        f"申请执行人：{story.agency.name}",
        f"被执行人：{story.party.name}",
        "本院经审查认为，申请执行人作出的行政处罚决定认定事实清楚，适用法律正确，"
        "程序合法。依照《中华人民共和国行政诉讼法》第九十七条的规定，"
        "裁定如下：准予强制执行。",
    ]
    story.add_text(
        STAGE,
        "行政裁定书",
        paragraphs,
        heading=court,
        author=court,
        doc_number=f"{number}{story.rng.randint(5, 160)}号",
    )


def close(story: Story, outcome: str) -> None:
    """结案审批表, dated on ``closed_on`` (归档管理)."""
    story.advance(1, 5)
    opened = date.fromisoformat(story.materials[0]["date"])
    paragraphs = [
        f"案由：{story.title}",
        f"案号：{story.case_number}",
        *story.party_fields(),
        f"立案（启动）日期：{cn_date(opened)}",
        f"处理结果：{outcome}",
        f"执行情况：{story.facts.get('performed', '已执行完毕。')}",
        f"承办人意见：案件已办理终结，建议结案归档。（{story.officer_names}）",
        f"负责人审批意见：同意结案。（{story.agency.head}，{cn_date(story.clock)}）",
    ]
    signatures = [
        f"承办人（签名）：{story.officer_names}",
        f"负责人（签名）：{story.agency.head}",
    ]
    story.add_text(
        "archiving", "结案审批表", paragraphs, sealed=False, signatures=signatures
    )
