"""Carrying out 查封/扣押 and following up an order to rectify.

A coercive measure is recorded on site in a 现场笔录 with its list of things,
a continuous video from arrival to departure (001 §16, §19) and a photo of the
seals; it ends with a 解除 decision. An order to rectify ends with the
party's report and a 复查 with its photo (003 §6–8).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from demo.service import serve
from demo.story import Recording, Story
from demo.wording import cn_date, cn_span

STAGE = "service_execution"


def seize(story: Story, start: datetime, end: datetime) -> None:
    """现场笔录, list, continuous video and sealing photo of a 查封/扣押."""
    measure, items = story.facts["measure"], story.facts["items"]
    party_sign = f"当事人（签名）：{story.party.contact.name}"
    story.add_text(
        STAGE,
        f"{measure}现场笔录",
        _seizure_record(story, start, end),
        sealed=False,
        at=end,
        activity="coercive_measure",
        signatures=[party_sign, f"执法人员（签名）：{story.officer_names}"],
    )
    listed = [f"{n}. {item}" for n, item in enumerate(items, start=1)]
    story.add_text(
        STAGE,
        f"{measure}物品清单",
        listed,
        sealed=False,
        at=end,
        signatures=[party_sign],
    )
    _seal_footage(story, measure, start, end)


def _seal_footage(story: Story, measure: str, start: datetime, end: datetime) -> None:
    # The continuous recording of the measure, then the photo of the seals.
    story.add_video(
        Recording(
            STAGE,
            f"{measure}全过程录像",
            "coercive_measure",
            start,
            end,
            f"{measure}实施全过程",
        ),
        scene="seal",
    )
    story.add_photo(
        Recording.snapshot(
            STAGE,
            "封条张贴照片",
            "coercive_measure",
            end - timedelta(minutes=8),
            "封条已加贴于查封场所和财物",
        ),
        scene="seal",
        caption=f"{measure} 封条",
    )


def _seizure_record(story: Story, start: datetime, end: datetime) -> list[str]:
    measure, items = story.facts["measure"], story.facts["items"]
    return [
        f"时间：{cn_span(start, end)}",
        f"地点：{story.party.address}",
        f"当事人到场情况：{story.party.contact.name}到场",
        f"执法人员：{story.officer_lines}",
        "执法人员出示执法证件，当场告知当事人采取行政强制措施的理由、依据以及当事人"
        "依法享有的陈述、申辩权利和救济途径，听取了当事人的陈述和申辩。",
        f"实施情况：对{'；'.join(items)}予以{measure}，加贴封条，"
        "并当场交付决定书和清单。",
    ]


def release(story: Story) -> None:
    """解除行政强制措施决定书 once the danger is gone, served directly."""
    story.advance(14, 26)
    you, measure = story.party.you, story.facts["measure"]
    paragraphs = [
        f"{story.party.name}：",
        f"本机关于{cn_date(story.facts['seized_on'])}对{you}相关场所、财物采取了"
        f"{measure}措施。经查，{you}已整改完毕，违法状态已经消除。根据《中华人民"
        f"共和国行政强制法》第二十八条的规定，决定解除{measure}。",
    ]
    decision = story.add_text(
        STAGE, "解除行政强制措施决定书", paragraphs, doc_number=story.doc_number("解强")
    )
    serve(story, decision, method="direct")


def reinspect(story: Story) -> None:
    """整改情况报告 by the party, then the 整改复查意见书 with a photo."""
    story.clock = max(story.clock, story.facts["deadline"] - timedelta(days=3))
    story.advance(0, 2)
    _rectification_report(story)
    start = story.advance(1, 8, hour=(9, 15))
    end = story.later(story.rng.randint(20, 45))
    paragraphs = [
        f"被复查单位：{story.party.name}",
        f"复查时间：{cn_span(start, end)}",
        "复查意见：经现场复查，检查发现的问题已全部整改完毕。",
    ]
    number = story.doc_number("复查")
    story.add_text(
        STAGE,
        "整改复查意见书",
        paragraphs,
        doc_number=number,
        activity="re_inspection",
        at=end,
    )
    story.add_photo(
        Recording.snapshot(
            STAGE,
            "复查照片",
            "re_inspection",
            start + timedelta(minutes=10),
            "问题整改完成情况",
        ),
        scene=story.facts["scene"],
        caption=f"整改复查 {story.party.name}",
    )


def _rectification_report(story: Story) -> None:
    hazards = story.facts["hazards"]
    done = "；".join(f"{hazard}，已整改" for hazard in hazards)
    paragraphs = [
        f"{story.agency.name}：",
        f"针对贵局检查发现的{len(hazards)}项问题，我单位已逐项整改完毕：{done}。",
    ]
    party = story.party.name
    story.add_text(
        STAGE, "整改情况报告", paragraphs, heading="", author=party, seal=party
    )
