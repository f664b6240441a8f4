"""Archiving: on time, numbered without gaps, kept as long as the rules say."""

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from dossiers.codes import LongTermTrigger, label
from dossiers.findings import Severity
from dossiers.rules.base import CASE_JSON, CaseFacts, rule

ARCHIVING = "归档"
NUMBER_PREFIX = re.compile(r"^(\d{1,4})[-_ ]")


@rule(
    "archived_late",
    severity=Severity.WARNING,
    article="000 §33；003 §26",
    category=ARCHIVING,
)
def archived_late(facts: CaseFacts) -> Iterator[tuple]:
    # Measured to the 移交日期 when the package gives one (profile 1.1), else
    # to the day the archive received it.
    case = facts.case
    days = facts.agency.archiving_deadline_days
    due = case.closed_on + dt.timedelta(days=days)
    archived_on = case.transferred_on or facts.archived_on
    if archived_on <= due:
        return
    what = "移交" if case.transferred_on else "归档"
    message = (
        f"应在结案后 {days} 日内（{due} 前）归档，实际 {archived_on} "
        f"{what}，逾期 {(archived_on - due).days} 日。"
    )
    basis = "移交日期" if case.transferred_on else "本馆接收日期"
    detail = {"evidence": f"依据：case.json 的结案日期与{basis}。"}
    if case.back_capture:
        message += "本案为历史补录（本馆建立前的积存案件），逾期仅作提示。"
        yield CASE_JSON, message, detail, Severity.INFO
    else:
        yield CASE_JSON, message, detail


@rule(
    "numbering_gap",
    severity=Severity.WARNING,
    article="000 §33",
    category=ARCHIVING,
)
def numbering_gap(facts: CaseFacts) -> Iterator[tuple]:
    numbers = material_numbers(m.path for m in facts.materials)
    missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
    if missing:
        listed = "、".join(f"{n:02d}" for n in missing)
        yield (
            CASE_JSON,
            f"材料编号不连续，缺少第 {listed} 号。",
            {"evidence": "依据：材料文件名开头的编号。"},
        )


def material_numbers(paths) -> list[int]:
    """The leading numbers of material file names ("05-询问笔录.pdf" → 5)."""
    numbers = []
    for path in paths:
        match = NUMBER_PREFIX.match(PurePosixPath(path).name)
        if match:
            numbers.append(int(match.group(1)))
    return numbers


@rule(
    "long_term_retention",
    severity=Severity.INFO,
    article="004 §19",
    category=ARCHIVING,
)
def long_term_retention(facts: CaseFacts) -> Iterator[tuple]:
    triggers = facts.case.long_term_triggers
    if triggers:
        reasons = "、".join(label(LongTermTrigger, t) for t in triggers)
        yield (
            CASE_JSON,
            f"存在长期保存情形（{reasons}），保管期限提升为永久。",
            {"evidence": "依据：case.json 的长期保存情形。"},
        )


@rule(
    "compiler_missing",
    severity=Severity.ERROR,
    article="DA/T 22-2015；000 §33",
    category=ARCHIVING,
    of="dossier",
)
def compiler_missing(dossier) -> Iterator[tuple]:
    if not dossier.compiler.strip():
        yield "", "备考表须填写立卷人。"
