"""调查取证: on-site inspection, obstruction, sampling and interviews.

Times written in a 笔录 are the start and end of its recordings (004 §8);
officers show their credentials and state the party's rights (000 §11);
interruptions of a recording carry their reason (001 §20).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from demo import people
from demo.agencies import NATURAL
from demo.story import Person, Recording, Story
from demo.wording import cn_date, cn_span, cn_time

STAGE = "investigation"
INTERRUPTIONS = (
    ("执法记录仪电量不足，更换备用电池后继续录制", None),
    ("进入防爆区域，按规定关闭非防爆执法记录仪", None),
    ("当事人提出涉及生产工艺参数的商业秘密，经带队负责人同意暂停录制", "trade_secret"),
)
OBSTRUCTION = "当事人情绪激动、阻挠执法并遮挡执法记录仪镜头，经劝导后恢复录制"
CREDENTIALS = (
    "执法人员{names}向{who}出示了行政执法证件，告知了检查的依据、内容以及依法享有的"
    "陈述、申辩和申请回避等权利，{who}表示不申请回避。"
)
ISO = "%Y-%m-%dT%H:%M:%S+08:00"
LAB_REPORT = [
    "样品名称：电热水壶",
    "型号规格：ZK-1518",
    "检验依据：GB 4706.1—2005、GB 4706.19—2008",
    "检验结论：所检项目中“泄漏电流和电气强度”“结构”项目不符合标准要求，判定为不合格。",
]


@dataclass(frozen=True)
class Inspection:
    """How an on-site check is recorded: its 笔录 name, video name, activities."""

    record: str = "现场检查笔录"
    video: str | None = "现场检查录像"
    activity: str = "on_site_inspection"
    video_activity: str | None = None


ON_SITE = Inspection()


def _interruptions(story: Story, start: datetime, end: datetime) -> tuple:
    obstructed = story.facts.get("obstruction")
    if not obstructed and story.rng.random() > 0.25:
        return ()
    reason, sensitivity = (
        (OBSTRUCTION, None) if obstructed else story.rng.choice(INTERRUPTIONS)
    )
    if sensitivity:
        story.sensitivity.add(sensitivity)
    at = start + (end - start) * story.rng.uniform(0.3, 0.6)
    resumed = at + timedelta(minutes=story.rng.randint(2, 9))
    return (
        {"at": at.strftime(ISO), "resumed_at": resumed.strftime(ISO), "reason": reason},
    )


def _window(story: Story) -> tuple[datetime, datetime, bool]:
    """The inspection's start and end; ``True`` when it was already recorded."""
    if "inspected" in story.facts:
        return (*story.facts["inspected"], True)
    start = story.advance(1, 4, hour=(9, 10))
    return start, story.later(story.rng.randint(30, 80)), False


def inspect_site(story: Story, finding: str, how: Inspection = ON_SITE) -> None:
    """A 现场检查 with its 笔录, video and photos; reuses an earlier window if set."""
    start, end, recorded = _window(story)
    contact = story.party.contact.name
    signatures = [
        f"现场负责人（签名）：{contact}",
        f"检查人员（签名）：{story.officer_names}",
    ]
    story.add_text(
        STAGE,
        how.record,
        _inspection_text(story, start, end, finding),
        sealed=False,
        at=end,
        activity=how.activity,
        signatures=signatures,
    )
    if how.video and not recorded:
        proves = "出示执法证件、现场检查过程及发现的问题"
        activity, breaks = (
            how.video_activity or how.activity,
            _interruptions(story, start, end),
        )
        rec = Recording(STAGE, how.video, activity, start, end, proves, breaks)
        story.add_video(rec, scene=story.facts["scene"])
    _photos(story, start, end, how.activity)
    story.facts["inspected"] = (start, end)
    story.clock = max(story.clock, end)


def _inspection_text(
    story: Story, start: datetime, end: datetime, finding: str
) -> list:
    who = f"现场负责人{story.party.contact.name}"
    return [
        f"检查时间：{cn_span(start, end)}",
        f"检查地点：{story.party.address}",
        f"被检查单位（人）：{story.party.name}",
        f"检查人员：{story.officer_lines}",
        f"记录人：{story.officers[1].name}",
        CREDENTIALS.format(names=story.officer_names, who=who),
        f"检查情况：{finding}",
        "以上记录已交现场负责人核对，确认无误。",
    ]


def _photos(story: Story, start: datetime, end: datetime, activity: str) -> None:
    shares = sorted(story.rng.uniform(0.2, 0.9) for _ in range(story.rng.randint(1, 2)))
    for share in shares:
        shot = (start + (end - start) * share).replace(microsecond=0)
        proves = "现场存在的违法行为或安全隐患"
        rec = Recording.snapshot(STAGE, "现场照片", activity, shot, proves)
        caption = f"现场照片 {story.party.name}"
        story.add_photo(rec, scene=story.facts["scene"], caption=caption)


def report_obstruction(story: Story) -> None:
    """情况说明 on the party obstructing officers (a long-term trigger, 004 §19)."""
    start, _ = story.facts["inspected"]
    story.triggers.append("obstruction_or_assault")
    paragraphs = [
        f"{cn_date(start)}，执法人员{story.officer_names}在{story.party.name}进行现场检查时，"
        f"{story.party.contact.name}情绪激动，拒绝配合检查并以手遮挡执法记录仪镜头，"
        "致录像中断数分钟。经执法人员耐心劝导，当事人恢复配合，检查得以继续进行。",
        "执法记录仪中断及恢复的时间已记录在案，特此说明。",
    ]
    signatures = [f"说明人（签名）：{story.officer_names}"]
    story.add_text(STAGE, "情况说明", paragraphs, sealed=False, signatures=signatures)


def take_samples(story: Story) -> None:
    """抽样取证凭证, its photo and, later, the laboratory's 检验报告."""
    moment = story.later(15)
    signatures = [
        f"抽样人员（签名）：{story.officer_names}",
        f"被抽样单位（签名）：{story.party.contact.name}",
    ]
    story.add_text(
        STAGE,
        "抽样取证凭证",
        _sampling_text(story, moment),
        sealed=False,
        activity="sampling",
        doc_number=story.doc_number("抽"),
        signatures=signatures,
    )
    rec = Recording.snapshot(STAGE, "抽样照片", "sampling", moment, "抽样及封样过程")
    story.add_photo(rec, scene="seal", caption="抽样取证 样品封存")
    _lab_report(story)


def _sampling_text(story: Story, moment: datetime) -> list[str]:
    return [
        f"抽样时间：{cn_time(moment)}",
        f"被抽样单位：{story.party.name}",
        "样品名称：电热水壶（型号ZK-1518，1.8L，1800W）",
        "抽样基数：36台",
        "抽样数量：2台（检验样品1台，备份样品1台）",
        "封样情况：样品经双方确认后当场封存，封条由抽样人员和被抽样单位共同签字。",
    ]


def _lab_report(story: Story) -> None:
    story.advance(7, 15)
    lab = f"{story.agency.city}市产品质量检验检测中心"
    number = f"JY{story.clock.year}{story.rng.randint(100, 9999):05d}"
    paragraphs = [*LAB_REPORT, f"委托单位：{story.agency.name}"]
    story.add_text(
        STAGE, "检验报告", paragraphs, heading=lab, author=lab, doc_number=number
    )


def interview(story: Story) -> None:
    """询问笔录 (two pages) and usually its audio recording."""
    start = story.advance(1, 5, hour=story.rng.choice(((9, 10), (14, 15))))
    end = story.later(story.rng.randint(35, 90))
    party = story.party
    natural = party.type == NATURAL
    who = party.contact if natural else people.employee(story.rng, story.agency)
    story.sensitivity.add("personal_privacy")
    signatures = [
        f"被询问人（签名）：{who.name}",
        f"询问人（签名）：{story.officer_names}",
    ]
    story.add_text(
        STAGE,
        "询问笔录",
        _interview_text(story, who, start, end),
        pages=2,
        sealed=False,
        at=end,
        activity="interview",
        signatures=signatures,
    )
    if story.rng.random() < 0.75:
        proves = "询问过程及被询问人陈述内容"
        story.add_audio(Recording(STAGE, "询问录音", "interview", start, end, proves))


def _interview_text(story: Story, who: Person, start: datetime, end: datetime) -> list:
    return [
        f"询问时间：{cn_span(start, end)}",
        f"询问地点：{story.agency.name}询问室",
        f"询问人：{story.officer_lines}",
        f"记录人：{story.officers[1].name}",
        f"被询问人：{who.describe(start.date())}",
        f"住址：{who.address}",
        f"联系电话：{who.phone}",
        *_questions(story, who.position),
    ]


def _questions(story: Story, position: str) -> list[str]:
    party, act = story.party, story.violation.act
    role = f"我是{party.name}的{position}。" if position else "我是经营者本人。"
    return [
        f"问：我们是{story.agency.name}的执法人员{story.officer_names}，这是我们的执法证件，"
        "请你过目。你应当如实回答询问，有陈述和申辩的权利；认为执法人员与本案有直接利害关系的，"
        "可以申请回避。你听清楚了吗？是否申请回避？",
        "答：听清楚了，不申请回避。",
        "问：请说明你的身份以及在单位的职责。",
        f"答：{role}",
        f"问：{cn_date(story.facts['inspected'][0])}执法人员现场检查发现的问题，你是否清楚？",
        "答：清楚，检查时我在现场。",
        f"问：{party.name}是否存在{act}的情况？",
        f"答：是的，{story.violation.facts}。主要是我们对相关规定学习不够。",
        "问：你对此有什么要说明的？",
        "答：我们认识到了错误，已经着手整改，希望从轻处理。",
        "问：以上笔录请你核对，如记录有误可以更正或补充。",
        "答：以上笔录我看过，和我说的一样。",
    ]
