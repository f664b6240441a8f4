"""The course of each kind of case, stage by stage.

A flow calls the step modules in the order the regulations prescribe
(启动 → 调查取证 → 审查决定 → 送达执行 → 归档); the story's clock only moves
forward, so the materials come out in stage order and time order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from demo import (
    decision,
    execution,
    hearing,
    initiation,
    investigation,
    measures,
    service,
)
from demo.investigation import Inspection
from demo.offences import INSPECTIONS, LICENCES, SEIZURES
from demo.scenarios import (
    COERCION,
    INSPECTION,
    LICENSING,
    ORDINARY,
    OTHER_PROCEDURE,
    PENALTY,
    SUMMARY,
    Scenario,
)
from demo.story import Story
from demo.wording import penalty_text

# 简易程序: the video shows the credentials and the on-the-spot decision.
SPOT_CHECK = Inspection(
    "现场检查记录", "执法记录仪录像", video_activity="showing_credentials"
)


def _open_penalty(story: Story) -> None:
    finding = "发现当事人涉嫌违法，移交立案查处"
    if story.initiation == "complaint":
        initiation.record_complaint(story)
        initiation.record_filing(story, "投诉举报")
    elif story.initiation == "random_inspection":
        initiation.record_random_draw(story, finding)
        initiation.record_filing(story, "“双随机、一公开”抽查发现")
    else:
        initiation.record_filing(story, "日常监督检查发现")
    story.facts.pop("inspected", None)


def penalty_ordinary(story: Story, scenario: Scenario) -> None:
    _open_penalty(story)
    investigation.inspect_site(
        story, f"经检查发现，{story.party.name}{story.violation.facts}。"
    )
    if story.facts["obstruction"]:
        investigation.report_obstruction(story)
    if story.violation.sampling:
        investigation.take_samples(story)
    investigation.interview(story)
    notice = hearing.notify(story)
    if story.hearing:
        hearing.hold_hearing(story, notice)
    else:
        hearing.hear_statement(story)
    _decide_penalty(story, scenario)


def _decide_penalty(story: Story, scenario: Scenario) -> None:
    decision.review(story)
    if story.major or story.hearing:
        decision.legal_review(story)
    if story.major:
        decision.collective(story)
    decided = decision.penalty_decision(story)
    service.serve(story, decided)
    if scenario.objection:
        execution.government_review(story, decided)
    if scenario.court and story.fine:
        execution.enforce_via_court(story)
    else:
        execution.pay(story)
    execution.close(story, f"给予{penalty_text(story)}的行政处罚")


def penalty_summary(story: Story, scenario: Scenario) -> None:
    if story.initiation == "complaint":
        initiation.record_complaint(story)
    investigation.inspect_site(
        story,
        f"经检查发现，{story.party.name}{story.violation.facts}。",
        SPOT_CHECK,
    )
    decided = decision.summary_decision(story, story.later(10))
    service.serve(story, decided, method="direct", same_day=True)
    execution.pay(story)
    execution.close(story, f"当场给予{penalty_text(story)}的行政处罚")


def coercion(story: Story, scenario: Scenario) -> None:
    seizure = story.rng.choice(SEIZURES[story.agency.domain])
    story.title = f"{story.party.name}{seizure.suspicion}案"
    story.facts.update(
        measure=seizure.measure,
        items=seizure.items,
        scene=seizure.scene,
        suspicion=seizure.suspicion,
        basis=seizure.basis,
    )
    if story.initiation == "complaint":
        initiation.record_complaint(story)
        story.advance(1, 2, hour=(8, 8))
    start = story.clock.replace(hour=9, minute=story.rng.choice((10, 20, 30, 40)))
    end = start.replace(hour=10 + story.rng.randint(0, 1))
    story.facts.update(seized=(start, end), seized_on=start, inspected=(start, end))
    if story.initiation == "emergency":
        initiation.record_emergency(story, seizure.suspicion, seizure.measure)
    else:
        story.clock = start.replace(hour=8, minute=0)
        initiation.approve_coercion(story, seizure.measure)
    _carry_out_seizure(story, start, end)


def _carry_out_seizure(story: Story, start: datetime, end: datetime) -> None:
    after = story.clock
    investigation.inspect_site(
        story, f"经检查，{story.party.name}{story.facts['suspicion']}。"
    )
    decided = decision.seizure_decision(story, at=start + timedelta(minutes=15))
    story.clock = start + timedelta(minutes=18)
    service.serve(story, decided, method="direct", same_day=True)
    measures.seize(story, start, end)
    story.clock = max(after, end)
    measures.release(story)
    execution.close(story, f"依法实施{story.facts['measure']}，当事人整改后已依法解除")


def inspection(story: Story, scenario: Scenario) -> None:
    topic = INSPECTIONS[story.agency.domain]
    hazards = story.rng.sample(topic.hazards, story.rng.randint(2, 3))
    story.title = f"{story.party.name}{topic.name}"
    story.facts.update(topic=topic, hazards=hazards, scene=topic.scene)
    if story.initiation == "random_inspection":
        initiation.record_random_draw(story, "发现若干问题，已责令限期整改")
    else:
        initiation.record_inspection_plan(story, topic.name)
    investigation.inspect_site(
        story, "经检查发现以下问题：" + "；".join(hazards) + "。"
    )
    order = decision.rectification_order(story)
    service.serve(story, order, same_day=True)
    measures.reinspect(story)
    execution.close(story, "责令限期整改，经复查已整改完毕")


def licensing(story: Story, scenario: Scenario) -> None:
    licence = LICENCES[story.agency.domain]
    story.title = f"{story.party.name}{licence.name}申请"
    story.facts.update(licence=licence, scene=licence.scene)
    initiation.record_application(story, licence.name)
    video = "现场核查录像" if story.rng.random() < 0.5 else None
    investigation.inspect_site(
        story,
        f"经现场核查，{'、'.join(licence.checks)}符合规定要求。",
        Inspection("现场核查记录", video),
    )
    decided = decision.licence_decision(story)
    service.serve(story, decided, method="direct")
    execution.close(story, f"准予{licence.name}，已核发《{licence.certificate}》")


FLOWS: dict[tuple[str, str], Callable[[Story, Scenario], None]] = {
    (PENALTY, ORDINARY): penalty_ordinary,
    (PENALTY, SUMMARY): penalty_summary,
    (COERCION, ORDINARY): coercion,
    (INSPECTION, OTHER_PROCEDURE): inspection,
    (LICENSING, ORDINARY): licensing,
}
