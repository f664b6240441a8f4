"""Scenarios of demo cases and the opening state of each case.

``SCENARIOS`` is cycled by case index so that any twelve consecutive cases
cover every category, both procedures and every service method; ``begin``
draws the agency, party, offence, amount and opening date from the case's
random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from demo import people
from demo.agencies import AGENCIES, JUSTICE, LEGAL, NATURAL, OTHER, Agency
from demo.offences import (
    LICENCES,
    SEIZURES,
    SUMMARY_VIOLATIONS,
    VIOLATIONS,
    Violation,
)
from demo.story import CHINA, Story

PENALTY, COERCION = "administrative_penalty", "administrative_coercion"
INSPECTION, LICENSING = "administrative_inspection", "administrative_licensing"
ORDINARY, SUMMARY, OTHER_PROCEDURE = "ordinary", "summary", "other"
CASE_KINDS = {PENALTY: "罚", COERCION: "强", INSPECTION: "检", LICENSING: "许"}
HEARING_FLOOR = {NATURAL: 10000}
ORG_HEARING_FLOOR = 50000
SUMMARY_CAP = {NATURAL: 200}
ORG_SUMMARY_CAP = 3000
SATURDAY = 5
INDUSTRY_HINTS = (
    ("烟花", "烟花爆竹经营"),
    ("危险化学品", "化工"),
    ("电热水壶", "电器销售"),
    ("广告", "食品"),
    ("食品", "超市"),
)


@dataclass(frozen=True)
class Scenario:
    category: str
    procedure: str
    initiations: tuple[str, ...] = ("ex_officio",)
    service: str = "direct"
    major: bool = False
    hearing: bool = False
    court: bool = False
    objection: bool = False


SCENARIOS = (
    Scenario(PENALTY, ORDINARY, ("ex_officio", "complaint", "random_inspection")),
    Scenario(PENALTY, SUMMARY, ("ex_officio", "complaint")),
    Scenario(COERCION, ORDINARY, ("emergency",)),
    Scenario(
        PENALTY, ORDINARY, ("ex_officio", "complaint"), service="mail", major=True
    ),
    Scenario(INSPECTION, OTHER_PROCEDURE, ("random_inspection",)),
    Scenario(
        PENALTY,
        ORDINARY,
        ("ex_officio", "random_inspection"),
        service="left_at_residence",
    ),
    Scenario(LICENSING, ORDINARY, ("application",)),
    Scenario(
        PENALTY,
        ORDINARY,
        ("ex_officio", "complaint"),
        service="public_notice",
        major=True,
        court=True,
    ),
    Scenario(PENALTY, SUMMARY),
    Scenario(PENALTY, ORDINARY, ("complaint", "ex_officio"), hearing=True),
    Scenario(COERCION, ORDINARY, ("ex_officio", "complaint")),
    Scenario(
        PENALTY, ORDINARY, ("ex_officio",), service="mail", court=True, objection=True
    ),
)


def _needs_fine(scenario: Scenario) -> bool:
    return scenario.major or scenario.hearing or scenario.court


def _agencies_for(scenario: Scenario) -> list[Agency]:
    if scenario.category == COERCION:
        return [a for a in AGENCIES if a.domain in SEIZURES]
    if scenario.category == LICENSING:
        return [a for a in AGENCIES if a.domain in LICENCES]
    if _needs_fine(scenario):
        return [
            a for a in AGENCIES if max(f for v in VIOLATIONS[a.domain] for f in v.fines)
        ]
    return list(AGENCIES)


def _working_day(day: date) -> date:
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    return day


def begin(rng: random.Random, index: int, scenario: Scenario) -> Story:
    agency = rng.choice(_agencies_for(scenario))
    # Court enforcement takes most of a year; keep every case closed by 2025.
    last_year = 2024 if scenario.court else 2025
    opened = _working_day(
        date(rng.randint(2021, last_year), rng.randint(1, 10), rng.randint(1, 28))
    )
    violation, party_type = _offence(rng, agency, scenario)
    hint = next(
        (i for k, i in INDUSTRY_HINTS if violation and k in violation.facts), None
    )
    party_type = party_type or rng.choice(_party_types(scenario, agency))
    story = Story(
        rng=rng,
        agency=agency,
        category=scenario.category,
        procedure=scenario.procedure,
        initiation=rng.choice(scenario.initiations),
        party=people.party(rng, agency, party_type, hint),
        officers=tuple(rng.sample(agency.officers, 2)),
        clock=datetime.combine(opened, time(9, 0), tzinfo=CHINA),
        violation=violation,
        service_method=scenario.service,
    )
    serial = index * 7 + rng.randint(1, 7)
    story.case_number = (
        f"{agency.short}{CASE_KINDS[scenario.category]}〔{opened.year}〕{serial}号"
    )
    story.facts.update(serial=serial, year=opened.year)
    _set_fine(story, scenario)
    story.facts.update(
        scene=violation.scene if violation else "site",
        remote=agency.division == "653221" and rng.random() < 0.5,
    )
    return story


def _party_types(scenario: Scenario, agency: Agency) -> tuple[str, ...]:
    if agency.domain == JUSTICE:
        return (OTHER,)
    if scenario.category == LICENSING:
        return (LEGAL,)
    return (LEGAL, LEGAL, OTHER)


def _offence(
    rng: random.Random, agency: Agency, scenario: Scenario
) -> tuple[Violation | None, str | None]:
    if scenario.category != PENALTY:
        return None, None
    table = SUMMARY_VIOLATIONS if scenario.procedure == SUMMARY else VIOLATIONS
    candidates = [
        v
        for v in table[agency.domain]
        if not _needs_fine(scenario) or max(v.fines) >= ORG_HEARING_FLOOR
    ]
    violation = rng.choice(candidates)
    return violation, rng.choice(violation.party_types)


def _set_fine(story: Story, scenario: Scenario) -> None:
    v, kind = story.violation, story.party.type
    if v is None:
        return
    if scenario.procedure == SUMMARY:
        cap = SUMMARY_CAP.get(kind, ORG_SUMMARY_CAP)
        story.fine = story.rng.choice([f for f in v.fines if f <= cap] or [0])
    else:
        floor = ORG_HEARING_FLOOR if _needs_fine(scenario) else 0
        story.fine = story.rng.choice([f for f in v.fines if f >= floor])
    story.facts["hearing_right"] = story.fine >= HEARING_FLOOR.get(
        kind, ORG_HEARING_FLOOR
    )
    story.hearing = scenario.hearing and story.facts["hearing_right"]
    story.major = scenario.major or story.fine >= 200000
    story.facts["obstruction"] = (
        scenario.procedure == ORDINARY and story.rng.random() < 0.15
    )
    story.title = f"{story.party.name}{v.act}案"
    if kind == NATURAL:
        story.sensitivity.add("personal_privacy")
