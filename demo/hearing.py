"""告知 and the party's answer: 陈述申辩 or a 听证 (《行政处罚法》第44–65条).

The 告知书 names the facts, evidence, basis and the intended penalty and the
rights the party has; a 听证 is noticed at least seven days ahead (第六十四条)
and recorded in writing and on video (001 §16).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from demo import people
from demo.agencies import NATURAL
from demo.story import CHINA, Recording, Story
from demo.wording import cn_date, cn_span, cn_time, evidence, penalty_text

STAGE = "investigation"


def notify(story: Story) -> dict:
    """行政处罚告知书 with the rights to 陈述, 申辩 and, when due, 听证."""
    story.advance(2, 6)
    party, v = story.party, story.violation
    rights = (
        f"根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，{party.you}"
        "可在收到本告知书之日起三日内向本机关进行陈述和申辩。"
    )
    if story.facts["hearing_right"]:
        rights += (
            f"根据第六十三条、第六十四条的规定，{party.you}有权要求举行听证，"
            "可在收到本告知书之日起五日内向本机关提出。"
        )
    return story.add_text(
        STAGE,
        "行政处罚告知书",
        [
            f"{party.name}：",
            f"经查，{party.you}{v.facts}。以上事实有{evidence(story)}等证据为证。",
            f"{party.you}的上述行为违反了{v.violated}的规定。依据{v.penalty_basis}“{v.penalty_rule}”"
            f"的规定，本机关拟对{party.you}作出{penalty_text(story)}的行政处罚。",
            rights + "逾期未提出的，视为放弃上述权利。",
            f"联系人：{story.officers[0].name}　联系电话：{story.agency.phone}",
            f"本机关地址：{story.agency.address}",
        ],
        doc_number=story.doc_number("罚告"),
    )


def hear_statement(story: Story) -> None:
    """陈述申辩笔录, unless the party lets the time limit pass."""
    if story.rng.random() < 0.25:
        story.facts["statement"] = "当事人在法定期限内未提出陈述、申辩。"
        return
    start = story.advance(1, 3, hour=(9, 16))
    end = story.later(story.rng.randint(20, 40))
    contact = story.party.contact
    story.add_text(
        STAGE,
        "陈述申辩笔录",
        [
            f"时间：{cn_span(start, end)}",
            f"地点：{story.agency.name}",
            f"陈述申辩人：{contact.name}",
            f"承办人：{story.officer_names}",
            f"记录人：{story.officers[1].name}",
            "陈述申辩内容：对本机关认定的违法事实无异议，但属初次违法，且已在检查后完成整改，"
            "请求从轻处罚。",
            "承办人意见：当事人所述整改情况属实，已在拟作出的处罚中予以考虑，其理由不足以改变拟处罚决定。",
        ],
        sealed=False,
        at=end,
        signatures=[
            f"陈述申辩人（签名）：{contact.name}",
            f"记录人（签名）：{story.officers[1].name}",
        ],
    )
    story.facts["statement"] = (
        "当事人提出陈述、申辩，经复核，其理由不足以改变拟作出的处罚决定。"
    )


def hold_hearing(story: Story, notice: dict) -> None:
    """听证申请书, 听证通知书 (7 days ahead), 听证笔录 with its video, 听证报告."""
    party = story.party
    natural = party.type == NATURAL
    story.advance(1, 4)
    story.add_text(
        STAGE,
        "听证申请书",
        [
            f"{story.agency.name}：",
            f"{'本人' if natural else '本单位'}于"
            f"{cn_date(story.clock - timedelta(days=1))}收到贵局"
            f"《行政处罚告知书》（{notice['doc_number']}），对拟作出的行政处罚有异议，根据"
            "《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，申请举行听证。",
            "申请理由：拟处罚数额过高，当事人已主动整改，请求从轻处罚。",
        ],
        heading="",
        author=party.name,
        seal=party.name,
        sealed=not natural,
        signatures=[f"申请人：{party.name}"],
    )
    _notify_hearing(story)
    _hearing_record(story)


def _notify_hearing(story: Story) -> None:
    story.advance(1, 2)
    # Noticed at least seven days ahead (《行政处罚法》第六十四条第二项).
    day = story.working_day(story.rng.randint(8, 12))
    story.facts["hearing_at"] = datetime.combine(day, time(9, 30), tzinfo=CHINA)
    story.facts["presiding"] = story.rng.choice(story.agency.leaders)
    story.add_text(
        STAGE,
        "听证通知书",
        [
            f"{story.party.name}：",
            f"根据{story.party.you}的申请，本机关定于{cn_time(story.facts['hearing_at'])}在"
            f"{story.agency.name}听证室举行听证。听证主持人：{story.facts['presiding']}。",
            f"{story.party.you}可以委托一至二人代理参加听证，并应携带身份证明及授权委托书；"
            "无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利。",
        ],
        doc_number=story.doc_number("听通"),
    )


def _hearing_record(story: Story) -> None:
    start = story.clock = story.facts["hearing_at"]
    end = story.later(story.rng.randint(60, 120))
    presiding = story.facts["presiding"]
    lawyer = people.person(story.rng, story.agency).name
    signatures = [f"主持人（签名）：{presiding}", f"当事人或代理人（签名）：{lawyer}"]
    story.add_text(
        STAGE,
        "听证笔录",
        _hearing_text(story, start, end, lawyer),
        pages=2,
        sealed=False,
        at=end,
        activity="hearing",
        signatures=signatures,
    )
    rec = Recording(STAGE, "听证录像", "hearing", start, end, "听证会全过程")
    story.add_video(rec, scene="hearing")
    _hearing_report(story, start, end)


def _hearing_text(story: Story, start: datetime, end: datetime, lawyer: str) -> list:
    return [
        f"听证时间：{cn_span(start, end)}",
        f"听证地点：{story.agency.name}听证室",
        f"听证主持人：{story.facts['presiding']}",
        f"记录员：{story.agency.legal_reviewer}",
        f"案件调查人员：{story.officer_lines}",
        f"当事人：{story.party.name}　委托代理人：{lawyer}（律师）",
        "主持人宣布听证纪律，核对参加人身份，告知当事人申请回避、陈述申辩和质证等权利。",
        "调查人员陈述了当事人的违法事实、证据、处罚依据和拟作出的处罚意见。",
        "当事人及其委托代理人对证据进行了质证，对违法事实无异议，认为拟处罚数额偏高。",
        "双方进行了辩论，当事人作最后陈述，请求从轻处罚。主持人宣布听证结束。",
    ]


def _hearing_report(story: Story, start: datetime, end: datetime) -> None:
    story.advance(0, 2)
    paragraphs = [
        f"案由：{story.title}",
        f"听证时间：{cn_span(start, end)}",
        "听证情况：当事人对违法事实无异议，主要就处罚数额提出意见。",
        "主持人意见：案件事实清楚，证据确凿，适用依据正确，程序合法，"
        "建议维持拟作出的处罚决定。",
    ]
    signatures = [f"主持人（签名）：{story.facts['presiding']}"]
    story.add_text(STAGE, "听证报告", paragraphs, sealed=False, signatures=signatures)
    story.facts["statement"] = (
        "当事人申请听证，本机关依法举行了听证，听证意见已予充分考虑。"
    )
