"""程序启动: the materials that open a demo case (domain-rules §2, 000 §7–10).

Each ``initiation`` mode writes what the regulations ask of it: ex officio a
立案审批表 (or an inspection plan), a complaint its 登记表, a 双随机 draw its
record and video, an emergency its report and the approval within 24 h, an
application its 申请书, 补正 and 受理通知书.
"""

from __future__ import annotations

from datetime import timedelta

from demo import people
from demo.story import Party, Recording, Story
from demo.wording import cn_date, cn_span, cn_time

STAGE = "initiation"
COMPLAINT_CHANNELS = ("12345政务服务便民热线转办", "来电", "来信", "网上信访平台转办")
DOMAIN_TASKS = {
    "safety": "安全生产监督检查",
    "market": "食品安全监督抽查",
    "justice": "法律服务机构执业情况检查",
}


def record_filing(story: Story, source: str) -> None:
    """立案审批表: the case is opened with the head's approval."""
    story.advance(0, 2)
    act = story.violation.act if story.violation else story.title
    paragraphs = [
        f"案件来源：{source}",
        f"案由：{story.party.name}涉嫌{act}",
        *story.party_fields(),
        f"简要案情：经初步核查，{story.party.name}涉嫌{act}，"
        f"涉嫌违反了{story.violation.violated}的规定。",
        "立案依据：《中华人民共和国行政处罚法》第五十四条第二款",
        f"承办人意见：符合立案条件，建议立案调查，由{story.officer_names}承办。",
        "承办机构审核意见：同意立案。",
        f"负责人审批意见：同意立案。（{story.agency.head}，{cn_date(story.clock)}）",
    ]
    signatures = [
        f"承办人（签名）：{story.officer_names}",
        f"负责人（签名）：{story.agency.head}",
    ]
    story.add_text(
        STAGE,
        "立案审批表",
        paragraphs,
        signatures=signatures,
        sealed=False,
        doc_number=story.doc_number("立"),
    )


def record_complaint(story: Story) -> None:
    """投诉举报登记表: who complained, what, when, who recorded it, what was done."""
    caller = people.person(story.rng, story.agency)
    story.sensitivity.add("personal_privacy")
    channel = story.rng.choice(COMPLAINT_CHANNELS)
    paragraphs = [
        f"登记编号：TS{story.clock:%Y%m%d}{story.rng.randint(1, 99):02d}",
        f"投诉举报时间：{cn_time(story.clock)}",
        f"投诉举报方式：{channel}",
        f"投诉举报人：{caller.name}　联系电话：{caller.phone}",
        f"被投诉举报对象：{story.party.name}",
        f"地址：{story.party.address}",
        f"投诉举报内容：反映{story.party.name}{_allegation(story)}。",
        f"记录人：{story.officers[1].name}",
        "处理意见：经初步核查，线索基本属实，拟按程序立案调查。",
        f"告知情况：已于{cn_date(story.clock + timedelta(days=1))}"
        "电话告知投诉举报人受理情况。",
    ]
    story.add_text(
        STAGE,
        "投诉举报登记表",
        paragraphs,
        sealed=False,
        signatures=[f"记录人（签名）：{story.officers[1].name}"],
    )


def _allegation(story: Story) -> str:
    return story.violation.facts if story.violation else story.facts["suspicion"]


def record_random_draw(story: Story, finding: str) -> None:
    """双随机抽查: the draw, the officers, the inspection and its video (000 §9)."""
    task = (
        f"{story.clock.year}年度{DOMAIN_TASKS[story.agency.domain]}“双随机、一公开”抽查"
    )
    drawn_on = story.clock
    start = story.advance(2, 6, hour=(9, 10))
    end = story.later(story.rng.randint(30, 70))
    paragraphs = [
        f"抽查任务：{task}",
        "抽查方式：通过“双随机、一公开”监管工作平台随机抽取检查对象、随机选派执法检查人员",
        f"抽取时间：{cn_date(drawn_on)}",
        f"抽查对象：{story.party.name}",
        f"抽查地点：{story.party.address}",
        f"检查人员：{story.officer_lines}",
        f"检查时间：{cn_span(start, end)}",
        f"检查结果：{finding}",
    ]
    story.add_text(
        STAGE,
        "随机抽查工作记录",
        paragraphs,
        sealed=False,
        signatures=[
            f"检查人员（签名）：{story.officer_names}",
            f"被检查单位负责人（签名）：{story.party.contact.name}",
        ],
    )
    story.add_video(
        Recording(
            STAGE,
            "随机抽查录像",
            "random_inspection",
            start,
            end,
            "随机抽查的方式、对象、检查人员及检查过程",
        ),
        scene=story.facts.get("scene", "site"),
    )
    story.facts["inspected"] = (start, end)


def record_inspection_plan(story: Story, topic: str) -> None:
    """监督检查审批表: an ex officio inspection approved by the head."""
    story.advance(0, 2)
    paragraphs = [
        f"检查依据：{story.clock.year}年度{DOMAIN_TASKS[story.agency.domain]}计划",
        f"检查对象：{story.party.name}",
        f"地址：{story.party.address}",
        f"检查事项：{topic}",
        f"检查人员：{story.officer_lines}",
        "承办机构意见：拟于近期开展现场检查，请审批。",
        f"负责人审批意见：同意。（{story.agency.head}，{cn_date(story.clock)}）",
    ]
    story.add_text(
        STAGE,
        "监督检查审批表",
        paragraphs,
        sealed=False,
        signatures=[f"负责人（签名）：{story.agency.head}"],
    )


def record_emergency(story: Story, suspicion: str, measure: str) -> None:
    """Emergency start: report and 补办批准 the same day (行政强制法第十九条)."""
    start, end = story.facts["seized"]
    story.clock = end + timedelta(hours=2)
    story.triggers.append("mass_or_emergency_incident")
    paragraphs = [
        f"{cn_time(start)}，本局接群众举报，{story.party.name}{suspicion}，"
        "现场聚集群众较多，存在重大安全隐患，情况紧急。",
        f"执法人员{story.officer_names}于{cn_time(start)}到达现场，经电话请示局主要负责人同意，"
        f"当场依法实施{measure}，{cn_time(end)}实施完毕，全过程同步录音录像。",
        "根据《中华人民共和国行政强制法》第十九条的规定，现将有关情况报告如下，请予补办批准手续。",
    ]
    story.add_text(
        STAGE,
        "紧急情况报告",
        paragraphs,
        sealed=False,
        signatures=[f"报告人（签名）：{story.officer_names}"],
    )
    story.later(story.rng.randint(90, 180))
    approve_coercion(story, measure, late=True)


def approve_coercion(story: Story, measure: str, *, late: bool = False) -> None:
    """行政强制措施审批表, in advance or (emergency) afterwards."""
    prefix = "情况紧急已当场实施，现补办批准手续。" if late else ""
    paragraphs = [
        *story.party_fields(),
        f"拟采取的强制措施：{measure}",
        f"理由及依据：{prefix}{story.party.name}{story.facts['suspicion']}。",
        f"负责人审批意见：同意。（{story.agency.head}，{cn_time(story.clock)}）",
    ]
    story.add_text(
        STAGE,
        "行政强制措施审批表",
        paragraphs,
        sealed=False,
        signatures=[
            f"承办人（签名）：{story.officer_names}",
            f"负责人（签名）：{story.agency.head}",
        ],
    )


def record_application(story: Story, licence: str) -> None:
    """申请书, optional 补正, then 受理通知书 (000 §7, 001 §11)."""
    applicant = story.party
    story.facts["applied_on"] = story.clock
    signatures = [
        f"申请人（签章）：{applicant.name}",
        f"申请日期：{cn_date(story.clock)}",
    ]
    story.add_text(
        STAGE,
        "行政许可申请书",
        _application_text(applicant, licence),
        heading="",
        sealed=False,
        author=applicant.name,
        signatures=signatures,
    )
    if story.rng.random() < 0.5:
        _ask_for_more(story, licence)
    story.advance(1, 4)
    applied = cn_date(story.facts["applied_on"])
    paragraphs = [
        f"{applicant.name}：",
        f"你单位于{applied}提出的{licence}申请，申请材料齐全、符合法定形式，根据"
        "《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，决定予以受理。",
        "本机关将在二十个工作日内作出行政许可决定。",
    ]
    number = story.doc_number("许受")
    story.add_text(STAGE, "行政许可受理通知书", paragraphs, doc_number=number)


def _application_text(applicant: Party, licence: str) -> list[str]:
    contact = applicant.contact
    return [
        f"申请人：{applicant.name}",
        f"{applicant.id_label}：{applicant.id_number}",
        f"地址：{applicant.address}",
        f"申请事项：{licence}（新办）",
        f"联系人：{contact.name}　联系电话：{contact.phone}",
        "本申请人承诺所提交的申请材料真实、合法、有效，并对其真实性负责。",
    ]


def _ask_for_more(story: Story, licence: str) -> None:
    """补正告知书: the application lacks papers (行政许可法第三十二条第一款第四项)."""
    story.advance(1, 3)
    paragraphs = [
        f"{story.party.name}：",
        f"你单位提交的{licence}申请材料不齐全，请于五个工作日内补正："
        "主要负责人安全生产知识考核合格证明复印件、经营场所平面布置图。",
        "依据：《中华人民共和国行政许可法》第三十二条第一款第（四）项。",
    ]
    number = story.doc_number("补正")
    story.add_text(STAGE, "申请材料补正告知书", paragraphs, doc_number=number)
