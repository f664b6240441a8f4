"""The evidence a rule may use beyond one structured field, and how it says so.

Producers' metadata is often incomplete: a recording without its `activity`
tag, a 送达回证 whose witness is written in the document but not in the field.
The helpers here look at everything the archive holds about a case — the
recordings' time windows and 证明对象, the documents' own fields and their text
layers (`MaterialText`) — and return, with what they found, a Chinese phrase
naming the evidence, which the rules put in `Finding.detail["evidence"]`.

They only read; they never change a material. An archivist who finds the
metadata wrong corrects it with `material_metadata_correct`.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from dossiers.codes import Activity, Form, label
from dossiers.models import Material

# Words that name an activity in a 证明对象 or a document title.
ACTIVITY_WORDS = {
    Activity.ON_SITE_INSPECTION: ("现场检查", "勘验"),
    Activity.RANDOM_INSPECTION: ("随机抽查", "双随机"),
    Activity.SAMPLING: ("抽样",),
    Activity.EVIDENCE_PRESERVATION: ("证据保全", "先行登记保存"),
    Activity.HEARING: ("听证",),
    Activity.COERCIVE_MEASURE: ("查封", "扣押", "强制措施"),
    Activity.COMPULSORY_EXECUTION: ("强制执行",),
    Activity.SERVICE_LEFT_AT_RESIDENCE: ("留置送达",),
    Activity.SERVICE_PUBLIC_NOTICE: ("公告",),
}
_DAY = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_CLOCK = r"(\d{1,2})(?:时|:|：)(\d{2})分?"
# "检查时间：2025年2月10日9时10分至9时50分" (the end may repeat the date).
TIME_SPAN = re.compile(rf"时间[：:]\s*{_DAY}\s*{_CLOCK}\s*至\s*(?:{_DAY}\s*)?{_CLOCK}")
_NAME = r"([\u4e00-\u9fff·]{2,12}(?:[（(][^）)\n]{1,20}[）)])?)"
WITNESSES = (
    re.compile(rf"见证人(?:（签名）|\(签名\))?[ \t]*[：:][ \t　]*{_NAME}"),
    re.compile(rf"邀请见证人{_NAME}到场"),
)


@dataclass(frozen=True)
class Window:
    """When an activity took place, and where the archive read it."""

    start: dt.datetime
    end: dt.datetime
    precise: bool
    source: str

    def overlaps(self, recording: Material) -> bool:
        try:
            start = _parse(recording.av["recorded_from"])
            end = _parse(recording.av["recorded_to"])
        except (KeyError, TypeError, ValueError):
            return False
        return start < self.end and self.start < end

    def describe(self) -> str:
        if not self.precise:
            return f"{self.source}（{self.start:%Y-%m-%d}）"
        return f"{self.source}（{self.start:%Y-%m-%d %H:%M}至{self.end:%H:%M}）"


def _parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _local(*parts: str) -> dt.datetime:
    naive = dt.datetime(*(int(p) for p in parts))
    return timezone.make_aware(naive, timezone.get_default_timezone())


def activity_window(record: Material, text: str) -> Window:
    """The time of the activity a text record documents.

    The span written in the record (its text layer) when there is one,
    otherwise the whole day of the record's date.
    """
    match = TIME_SPAN.search(text)
    if match:
        y, mo, d, h, mi, y2, mo2, d2, h2, mi2 = match.groups()
        end_day = (y2, mo2, d2) if y2 else (y, mo, d)
        start, end = _local(y, mo, d, h, mi), _local(*end_day, h2, mi2)
        if start <= end:
            return Window(start, end, True, f"{record.doc_type}文字层记载的时间")
    start = _local(record.date.year, record.date.month, record.date.day)
    end = start + dt.timedelta(days=1)
    return Window(start, end, False, f"{record.doc_type}的形成日期")


def _mentions(recording: Material, activity: str) -> bool:
    words = ACTIVITY_WORDS.get(activity, ())
    said = f"{recording.av.get('proves', '')} {recording.title}"
    return any(word in said for word in words)


def recording_evidence(
    recording: Material, activity: str, window: Window
) -> str | None:
    """Why `recording` documents `activity`, or None when nothing says so.

    Its own `activity` tag; or a recording window overlapping the time written
    in the record; or, when only the day is known, a recording that day whose
    证明对象 or title names the activity.
    """
    if recording.activity == activity:
        return "音像记录著录的执法环节"
    if not window.overlaps(recording):
        return None
    if window.precise:
        return f"录制起止时间与{window.describe()}重叠"
    if _mentions(recording, activity):
        proves = recording.av.get("proves", "") or recording.title
        return f"与{window.describe()}同日录制，证明对象为“{proves}”"
    return None


def searched_for(activity: str, window: Window) -> str:
    """What `av_missing` looked at before concluding there is no recording."""
    return (
        f"已核对音像记录著录的执法环节，以及录制起止时间与{window.describe()}"
        f"是否重叠、证明对象或题名是否写明“{label(Activity, activity)}”。"
    )


def witness_evidence(material: Material, text: str) -> tuple[str, str]:
    """The witness of a document and where it was read; ("", "") when none.

    The structured fields come first (the material's own `witness`, then its
    `service.witness`); the text layer is read only when both are empty.
    """
    if material.witness.strip():
        return material.witness.strip(), "文书著录的见证人"
    served = str((material.service or {}).get("witness", "")).strip()
    if served:
        return served, "送达信息中的见证人"
    for pattern in WITNESSES:
        match = pattern.search(text)
        if match:
            return match.group(1), f"{material.doc_type}文字层中的见证人"
    return "", ""


def is_recording(material: Material) -> bool:
    return material.form in (Form.AUDIO, Form.VIDEO)
