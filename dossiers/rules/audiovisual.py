"""Audio/video records (音像记录): when they are required, continuous, on time."""

import datetime as dt
from collections.abc import Iterator

from dossiers.codes import Activity, Form, label
from dossiers.dates import format_local, local_day, parse_timestamp
from dossiers.findings import Severity
from dossiers.models import AvDeadline, Material
from dossiers.rules.av_activities import (
    Continuity,
    continuous,
    photo_suffices,
    recorded_activities,
)
from dossiers.rules.base import CaseFacts, path_of, rule
from dossiers.rules.evidence import (
    Window,
    activity_window,
    recording_evidence,
    searched_for,
)
from dossiers.workdays import (
    CalendarUnknown,
    add_working_days,
    earliest_working_deadline,
)

AV = "音像记录"
# Which steps must be recorded, how, and how continuously: the table in
# `av_activities`, read at each check, is also the agency's published 清单.
# Continuity required (personal liberty or major property at stake, 001 §16,
# §19; 002 §13) blocks sealing; advised (000 §14 alone) is a warning.


def _when(value: str) -> dt.datetime:
    return parse_timestamp(value)


def _acceptable(material: Material, activity: str) -> bool:
    if activity in photo_suffices():
        return True
    return material.form in (Form.AUDIO, Form.VIDEO)


def _activities_on_record(facts: CaseFacts) -> dict[str, Material]:
    """Each activity a text record documents, with the first record of it."""
    found: dict[str, Material] = {}
    for m in facts.materials:
        activity = m.activity or _service_activity(m)
        if m.form not in (Form.PHOTO, Form.AUDIO, Form.VIDEO) and activity:
            found.setdefault(activity, m)
    return found


def _service_activity(material: Material) -> str:
    method = (material.service or {}).get("method", "")
    return {
        "left_at_residence": Activity.SERVICE_LEFT_AT_RESIDENCE,
        "public_notice": Activity.SERVICE_PUBLIC_NOTICE,
    }.get(method, "")


def _recordings_of(
    facts: CaseFacts, activity: str, record: Material
) -> tuple[Window, list[tuple[Material, str]]]:
    """The acceptable recordings of `activity`, each with the evidence linking it."""
    window = activity_window(record, facts.text_of(record))
    found = []
    for m in facts.av:
        why = _acceptable(m, activity) and recording_evidence(m, activity, window)
        if why:
            found.append((m, why))
    return window, found


def _required(facts: CaseFacts) -> Iterator[tuple[str, Material]]:
    for activity, record in _activities_on_record(facts).items():
        if activity in recorded_activities():
            yield activity, record


@rule("av_missing", severity=Severity.ERROR, article="001 §16；000 §14", category=AV)
def av_missing(facts: CaseFacts) -> Iterator[tuple]:
    for activity, record in _required(facts):
        window, found = _recordings_of(facts, activity, record)
        if not found:
            needed = "照片或录像" if activity in photo_suffices() else "录音或录像"
            yield (
                path_of(record),
                (
                    f"“{label(Activity, activity)}”环节应当进行音像记录，"
                    f"案卷中没有相应的{needed}。"
                ),
                {"evidence": searched_for(activity, window)},
            )


@rule(
    "av_activity_inferred",
    severity=Severity.INFO,
    article="001 §16；004 §8",
    category=AV,
)
def av_activity_inferred(facts: CaseFacts) -> Iterator[tuple]:
    """A step recorded only by recordings not tagged with it: say which and why."""
    for activity, record in _required(facts):
        _, found = _recordings_of(facts, activity, record)
        if found and all(m.activity != activity for m, _ in found):
            m, why = found[0]
            yield (
                path_of(m),
                (
                    f"“{m.title}”未著录为“{label(Activity, activity)}”环节的记录，"
                    f"根据其录制时间认定为该环节的音像记录；如有误请更正著录信息。"
                ),
                {
                    "evidence": f"依据：{why}",
                    "activity": activity,
                    "record": path_of(record),
                },
            )


def _not_continuous(facts: CaseFacts, activities) -> Iterator[tuple]:
    for m in facts.av:
        if (
            m.activity in activities
            and m.form != Form.PHOTO
            and not m.av.get("continuous")
        ):
            yield (
                path_of(m),
                (
                    f"“{label(Activity, m.activity)}”应当全过程不间断记录，"
                    "该音像记录未标明为连续记录。"
                ),
                {"evidence": _continuity_evidence(m)},
            )


def _continuity_evidence(m: Material) -> str:
    gaps = m.av.get("interruptions") or []
    if not gaps:
        return "依据：著录的“连续记录”标记为否，未记载中断情况。"
    reasons = "；".join(str(g.get("reason", "")).strip() or "未说明原因" for g in gaps)
    return f"依据：著录的中断记录，共中断 {len(gaps)} 次（{reasons}）。"


@rule(
    "av_not_continuous",
    severity=Severity.ERROR,
    article="001 §16、§19；002 §13",
    category=AV,
)
def av_not_continuous(facts: CaseFacts) -> Iterator[tuple]:
    return _not_continuous(facts, continuous(Continuity.REQUIRED))


@rule(
    "av_not_continuous_advised",
    severity=Severity.WARNING,
    article="000 §14",
    category=AV,
)
def av_not_continuous_advised(facts: CaseFacts) -> Iterator[tuple]:
    return _not_continuous(facts, continuous(Continuity.ADVISED))


def _storage_deadline(m: Material, rule_24h: bool) -> dt.datetime:
    if m.av.get("returned_at"):
        # Remote or continuous work: within 24 h of returning (001 §23, 000 §31).
        return _when(m.av["returned_at"]) + dt.timedelta(hours=24)
    recorded = _when(m.av["recorded_to"])
    if rule_24h:
        return recorded + dt.timedelta(hours=24)
    return add_working_days(recorded, 2)


def _stored_late(m: Material, rule_24h: bool) -> bool:
    """Whether `m` was stored after its deadline.

    Raises CalendarUnknown when the working days reach a year without known
    holiday arrangements and the storage time lies beyond the soonest deadline
    any arrangement could give (2 calendar days): never guess Monday–Friday.
    """
    stored = _when(m.av["stored_at"])
    try:
        return stored > _storage_deadline(m, rule_24h)
    except CalendarUnknown:
        if stored <= earliest_working_deadline(_when(m.av["recorded_to"]), 2):
            return False
        raise


def _stored(facts: CaseFacts) -> Iterator[tuple[Material, bool]]:
    """Each stored recording with whether the agency's deadline is 24 hours."""
    rule_24h = facts.agency.av_upload_deadline == AvDeadline.HOURS_24
    return ((m, rule_24h) for m in facts.av if m.av.get("stored_at"))


STORAGE_ARTICLE = "001 §23；002 §19；003 §26；000 §31；004 §17"


@rule("av_stored_late", severity=Severity.WARNING, article=STORAGE_ARTICLE, category=AV)
def av_stored_late(facts: CaseFacts) -> Iterator[tuple]:
    for m, rule_24h in _stored(facts):
        limit = "24小时" if rule_24h else "2个工作日"
        stored = _when(m.av["stored_at"])
        try:
            late = _stored_late(m, rule_24h)
        except CalendarUnknown:
            continue  # av_storage_deadline_unknown says so
        if late:
            yield (
                path_of(m),
                (
                    f"音像记录应在{limit}内存储，"
                    f"实际于 {format_local(stored)} 存储，已逾期。"
                ),
                {"evidence": _storage_evidence(m)},
            )


def _storage_evidence(m: Material) -> str:
    if m.av.get("returned_at"):
        returned = format_local(_when(m.av["returned_at"]))
        return f"依据：著录的返回单位时间 {returned} 与存储时间。"
    ended = format_local(_when(m.av["recorded_to"]))
    return f"依据：著录的录制结束时间 {ended} 与存储时间。"


@rule(
    "av_storage_deadline_unknown",
    severity=Severity.INFO,
    article=STORAGE_ARTICLE,
    category=AV,
)
def av_storage_deadline_unknown(facts: CaseFacts) -> Iterator[tuple]:
    """The 2-working-day deadline reaches a year the holiday calendar lacks."""
    for m, rule_24h in _stored(facts):
        try:
            _stored_late(m, rule_24h)
        except CalendarUnknown as exc:
            stored = format_local(_when(m.av["stored_at"]))
            yield (
                path_of(m),
                (
                    f"音像记录应在2个工作日内存储；节假日安排数据未收录 {exc.year} 年，"
                    f"无法判断 {stored} 存储是否逾期，请人工核对。"
                ),
                {"evidence": _storage_evidence(m), "unknown_year": exc.year},
            )


@rule(
    "av_interruption_unexplained",
    severity=Severity.ERROR,
    article="001 §20；000 §15",
    category=AV,
)
def av_interruption_unexplained(facts: CaseFacts) -> Iterator[tuple]:
    for m in facts.av:
        for gap in m.av.get("interruptions", []):
            if not str(gap.get("reason", "")).strip():
                yield (
                    path_of(m),
                    (
                        f"音像记录于 {gap.get('at', '')} 中断，"
                        "恢复记录时未说明中断原因。"
                    ),
                    {"evidence": "依据：著录的中断记录（时间与原因）。"},
                )


@rule(
    "document_time_contradicts_recording",
    severity=Severity.WARNING,
    article="004 §8",
    category=AV,
)
def document_time_contradicts_recording(facts: CaseFacts) -> Iterator[tuple]:
    for m in facts.materials:
        if m.form in (Form.PHOTO, Form.AUDIO, Form.VIDEO) or not m.activity:
            continue
        recordings = facts.av_for(m.activity)
        if recordings and not any(_covers(r, m.date) for r in recordings):
            yield (
                path_of(m),
                (f"文书记载日期 {m.date} 与同一环节音像记录的起止时间不一致。"),
                {"evidence": "依据：文书形成日期与著录为同一环节的音像记录起止时间。"},
            )


def _covers(recording: Material, day: dt.date) -> bool:
    start = local_day(_when(recording.av["recorded_from"]))
    end = local_day(_when(recording.av["recorded_to"]))
    return start <= day <= end
