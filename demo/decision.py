"""审查决定: 处理意见, 法制审核, 集体讨论 and the decisions themselves.

A decision states the party, facts and evidence, legal basis and reasons,
the outcome, how and by when to comply, the remedies and their time limits,
the agency, its seal and the date (000 §21). Major cases pass 法制审核 and
集体讨论 first (《行政处罚法》第五十七条第二款、第五十八条; 003 §15).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from demo.story import Story
from demo.wording import cn_date, cn_span, cn_time, evidence, penalty_text

STAGE = "decision"
REMEDIES = (
    "如不服本决定，可以在收到本决定书之日起六十日内向{government}申请行政复议，"
    "或者在六个月内依法向{court}提起行政诉讼。"
)
ORDER_TYPES = {
    "safety": "责令限期整改指令书",
    "market": "责令改正通知书",
    "justice": "责令改正通知书",
}


def remedies(story: Story) -> str:
    return REMEDIES.format(government=story.agency.government, court=story.agency.court)


def review(story: Story) -> None:
    """案件处理呈批表: 承办人处理意见, 承办机构审核 and the head's instruction."""
    story.advance(1, 4)
    v, major = story.violation, story.major
    instruction = "提交法制审核和集体讨论。" if major else "同意承办人意见。"
    story.add_text(
        STAGE,
        "案件处理呈批表",
        [
            f"案由：{story.title}",
            *story.party_fields(),
            f"违法事实：{story.party.name}{v.facts}。",
            f"主要证据：{evidence(story)}。",
            f"法律依据：违反了{v.violated}的规定，依据{v.penalty_basis}的规定予以处罚。",
            f"陈述申辩及听证情况：{story.facts.get('statement', '无。')}",
            f"裁量理由：当事人{'违法情节较重' if major else '系初次违法且已整改'}，"
            f"依据本机关行政处罚裁量基准，属{'较重' if major else '一般'}情形。",
            f"承办人处理意见：建议给予{penalty_text(story)}的行政处罚。",
            "承办机构审核意见：事实清楚，证据确凿，同意承办人意见。",
            f"负责人审批意见：{instruction}（{story.agency.head}，{cn_date(story.clock)}）",
        ],
        sealed=False,
        signatures=[
            f"承办人（签名）：{story.officer_names}",
            f"负责人（签名）：{story.agency.head}",
        ],
    )


def legal_review(story: Story) -> None:
    """法制审核意见书 by the agency's legal-affairs reviewer."""
    story.advance(1, 3)
    story.add_text(
        STAGE,
        "法制审核意见书",
        [
            f"案由：{story.title}",
            f"送审机构：{story.agency.name}执法监督科",
            "审核内容：执法主体是否合法，案件事实是否清楚，证据是否确凿，适用法律依据是否准确，"
            "程序是否合法，裁量是否适当，文书是否规范。",
            "审核意见：本案执法主体合法，事实清楚，证据确凿，适用依据正确，程序合法，裁量适当，"
            "同意承办机构的处理意见。",
        ],
        sealed=False,
        signatures=[f"法制审核人员（签名）：{story.agency.legal_reviewer}"],
    )


def collective(story: Story) -> None:
    """集体讨论记录 of the agency's leadership (重大案件)."""
    start = story.advance(1, 3, hour=(14, 15))
    end = story.later(story.rng.randint(30, 60))
    leaders = "、".join(
        (story.agency.head, *story.agency.leaders, story.agency.legal_reviewer)
    )
    story.add_text(
        STAGE,
        "集体讨论记录",
        [
            f"时间：{cn_span(start, end)}",
            f"地点：{story.agency.name}会议室",
            f"主持人：{story.agency.head}",
            f"出席人员：{leaders}",
            f"列席人员：{story.officer_names}",
            f"记录人：{story.officers[1].name}",
            f"讨论内容：承办人汇报了{story.title}的案件事实、证据、法律依据及处理意见，"
            "法制审核人员汇报了审核意见，参会人员逐一发表意见。",
            f"讨论结论：经集体讨论，一致同意对{story.party.name}给予{penalty_text(story)}的行政处罚。",
        ],
        sealed=False,
        at=end,
        signatures=[
            f"主持人（签名）：{story.agency.head}",
            f"记录人（签名）：{story.officers[1].name}",
        ],
    )


def penalty_decision(story: Story) -> dict:
    """行政处罚决定书 (一般程序)."""
    story.advance(1, 3)
    party, v = story.party, story.violation
    return story.add_text(
        STAGE,
        "行政处罚决定书",
        [
            *story.party_fields(),
            f"经查，{party.you}{v.facts}。",
            f"以上事实有{evidence(story)}等证据为证。",
            f"{story.facts.get('statement', '')}",
            f"本机关认为，{party.you}的上述行为违反了{v.violated}的规定。依据{v.penalty_basis}"
            f"的规定，决定给予{penalty_text(story)}的行政处罚。",
            *_payment(story),
            remedies(story),
            f"逾期不申请行政复议、不提起行政诉讼又不履行本决定的，本机关将依法申请{story.agency.court}"
            "强制执行。",
        ],
        pages=2,
        doc_number=story.doc_number("罚决"),
    )


def _payment(story: Story) -> list[str]:
    if not story.fine:
        return []
    return [
        f"{story.party.you}应当自收到本决定书之日起十五日内，持本决定书到"
        f"{story.agency.bank}缴纳罚款。到期不缴纳罚款的，本机关可以每日按罚款数额的"
        "百分之三加处罚款。"
    ]


def summary_decision(story: Story, at: datetime) -> dict:
    """当场行政处罚决定书 (简易程序, 《行政处罚法》第五十一条、第五十二条)."""
    party, v = story.party, story.violation
    return story.add_text(
        STAGE,
        "当场行政处罚决定书",
        [
            *story.party_fields(),
            f"违法时间、地点：{cn_time(at)}，{party.address}",
            f"违法事实：{v.facts}。",
            f"违反规定：{v.violated}",
            f"处罚依据：{v.penalty_basis}及《中华人民共和国行政处罚法》第五十一条",
            f"处罚决定：{penalty_text(story)}",
            *_payment(story),
            remedies(story),
            f"执法人员：{story.officer_lines}",
        ],
        at=at,
        doc_number=story.doc_number("简罚"),
        signatures=[
            f"当事人（签名）：{party.contact.name}",
            f"执法人员（签名）：{story.officer_names}",
        ],
    )


def seizure_decision(story: Story, at: datetime) -> dict:
    """查封（扣押）决定书, issued on site with its list (行政强制法第二十四条)."""
    measure, items = story.facts["measure"], story.facts["items"]
    return story.add_text(
        STAGE,
        f"{_measure_title(measure)}决定书",
        [
            *story.party_fields(),
            f"经查，{story.party.you}{story.facts['suspicion']}。依据{'、'.join(story.facts['basis'])}"
            f"的规定，本机关决定对下列场所、设施或者财物予以{measure}：{'；'.join(items)}。",
            f"{measure}期限为三十日，自{cn_date(at)}起"
            f"至{cn_date(at + timedelta(days=29))}止。",
            remedies(story),
        ],
        at=at,
        doc_number=story.doc_number("强制"),
    )


def _measure_title(measure: str) -> str:
    return {"查封": "查封", "扣押": "扣押"}.get(measure, "查封（扣押）")


def rectification_order(story: Story) -> dict:
    """责令限期整改指令书 / 责令改正通知书 after an inspection finds problems."""
    hazards = story.facts["hazards"]
    deadline = story.clock + timedelta(days=story.rng.choice((10, 15, 20, 30)))
    story.facts["deadline"] = deadline
    topic = story.facts["topic"]
    listed = "；".join(f"{n}. {h}" for n, h in enumerate(hazards, start=1))
    return story.add_text(
        STAGE,
        ORDER_TYPES[story.agency.domain],
        [
            f"{story.party.name}：",
            f"经检查，{story.party.you}存在下列问题：{listed}。",
            f"依据{topic.order_basis}的规定，现责令{story.party.you}于{cn_date(deadline)}前整改完毕，"
            "并将整改情况书面报告本机关。整改期间应当采取措施，确保安全。",
            remedies(story),
        ],
        doc_number=story.doc_number("责改"),
    )


def licence_decision(story: Story) -> dict:
    """行政许可审查意见表 and 准予行政许可决定书."""
    licence = story.facts["licence"]
    story.advance(2, 6)
    story.add_text(
        STAGE,
        "行政许可审查意见表",
        [
            f"申请人：{story.party.name}",
            f"申请事项：{licence.name}",
            f"审查情况：经书面审查和现场核查，{'、'.join(licence.checks)}均符合规定条件。",
            f"承办人意见：建议准予许可。（{story.officers[0].name}）",
            f"负责人审批意见：同意。（{story.agency.head}，{cn_date(story.clock)}）",
        ],
        sealed=False,
        signatures=[f"审查人（签名）：{story.officer_names}"],
    )
    story.advance(1, 2)
    number = f"{story.agency.short[0]}{story.rng.randint(100000, 999999)}"
    return story.add_text(
        STAGE,
        "准予行政许可决定书",
        [
            f"{story.party.name}：",
            f"你单位提出的{licence.name}申请，经审查，符合"
            f"{licence.basis[0]}等规定的条件，根据《中华人民共和国行政许可法》第三十四条、"
            f"第三十八条第一款的规定，决定准予行政许可，核发《{licence.certificate}》"
            f"（编号：{number}），有效期三年。",
            remedies(story),
        ],
        doc_number=story.doc_number("许准"),
    )
