"""Invent a realistic, internally consistent closed enforcement case.

``demo_case(rng, index)`` picks a scenario by ``index`` (so any twelve
consecutive cases cover every category, both procedures and every service
method) and lets ``rng`` choose the agency, party, offence, dates and the
optional steps. It returns the ``case.json`` document defined in
``sip-profile.md`` and the bytes of every material; writing the bag is left to
``demo.sip``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from demo.flows import FLOWS
from demo.scenarios import (
    COERCION,
    INSPECTION,
    PENALTY,
    SCENARIOS,
    SUMMARY,
    begin,
)
from demo.story import Story
from demo.wording import money, penalty_text

PROFILE = "enforcement-case-sip/1.0"


@dataclass(frozen=True)
class DemoCase:
    """A generated case: its ``case.json`` and the bytes of each material path."""

    case_json: dict[str, Any]
    files: dict[str, bytes]

    @property
    def case_number(self) -> str:
        return self.case_json["case"]["case_number"]

    @property
    def size(self) -> int:
        return sum(len(data) for data in self.files.values())


def demo_case(rng: random.Random, index: int) -> DemoCase:
    """Build the ``index``-th demo case, all choices drawn from ``rng``."""
    scenario = SCENARIOS[index % len(SCENARIOS)]
    story = begin(rng, index, scenario)
    FLOWS[(scenario.category, scenario.procedure)](story, scenario)
    return DemoCase(_case_json(story), dict(story.files))


def demo_cases(count: int, seed: int = 0) -> Iterator[DemoCase]:
    """Yield ``count`` cases; case ``i`` depends only on ``seed`` and ``i``."""
    for index in range(count):
        yield demo_case(random.Random(f"{seed}:{index}"), index)


def _legal_basis(story: Story) -> list[str]:
    procedure = "《中华人民共和国行政处罚法》"
    if story.category == PENALTY:
        v = story.violation
        extra = ["第五十一条"] if story.procedure == SUMMARY else ["第五十七条"]
        extra += ["第五十八条"] * (story.major or story.hearing) + [
            "第六十三条"
        ] * story.hearing
        return [v.violated, v.penalty_basis, *(procedure + e for e in extra)]
    if story.category == COERCION:
        urgent = ["《中华人民共和国行政强制法》第十九条"] * (
            story.initiation == "emergency"
        )
        return [
            *story.facts["basis"],
            "《中华人民共和国行政强制法》第十八条",
            *urgent,
            "《中华人民共和国行政强制法》第二十八条",
        ]
    if story.category == INSPECTION:
        topic = story.facts["topic"]
        return [*topic.basis, topic.order_basis]
    return [
        *story.facts["licence"].basis,
        "《中华人民共和国行政许可法》第三十四条",
        "《中华人民共和国行政许可法》第三十八条",
    ]


def _summary(story: Story) -> str:
    party, agency = story.party.name, story.agency.name
    if story.category == PENALTY:
        v = story.violation
        paid = (
            f"当事人已缴纳罚款{money(story.fine)}。" if story.fine else "警告已执行。"
        )
        paid = story.facts.get("performed", paid)
        return (
            f"经查，{party}{v.facts}，违反了{v.violated}的规定。{agency}依据{v.penalty_basis}"
            f"的规定，对其作出{penalty_text(story)}的行政处罚。{paid}"
        )
    if story.category == COERCION:
        return (
            f"{party}{story.facts['suspicion']}，{agency}依法对{'；'.join(story.facts['items'])}"
            f"实施{story.facts['measure']}，当事人整改后依法解除。"
        )
    if story.category == INSPECTION:
        return (
            f"{agency}对{party}开展{story.facts['topic'].name}，发现"
            f"{'、'.join(story.facts['hazards'])}等问题，责令限期整改，经复查已整改完毕。"
        )
    licence = story.facts["licence"]
    return (
        f"{party}申请{licence.name}，经审查和现场核查符合条件，{agency}决定准予许可。"
    )


def _case_json(story: Story) -> dict[str, Any]:
    dates = [m["date"] for m in story.materials]
    agency = story.agency
    return {
        "profile": PROFILE,
        "case": {
            "case_number": story.case_number,
            "title": story.title,
            "agency": {"name": agency.name, "code": agency.code, "fonds": agency.fonds},
            "category": story.category,
            "procedure": story.procedure,
            "initiation": story.initiation,
            "opened_on": min(dates),
            "closed_on": max(dates),
            "parties": [story.party.as_json()],
            "officers": [
                {"name": o.name, "certificate": o.certificate} for o in story.officers
            ],
            "summary": _summary(story),
            "legal_basis": _legal_basis(story),
            "major_case": story.major,
            "hearing_held": story.hearing,
            "long_term_triggers": sorted(set(story.triggers)),
            "sensitivity": sorted(story.sensitivity),
        },
        "materials": story.materials,
    }
