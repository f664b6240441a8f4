"""Correcting a material's descriptive metadata (著录信息), never its file.

The producer's `case.json` may link a recording to the wrong activity, leave a
witness out, or give wrong times. An archivist corrects these few fields with
a stated reason: the change is one `metadata_corrected` event holding the
values before and after, the original file and its digest are untouched, and
the regulation checks are run again at once (their findings go into the same
event). A case whose current dossier is sealed is refused: a sealed dossier
changes only by a new version (`dossier_new_version`), after which the
correction may be made on the new draft.

Callers check who may correct (the case's agency archivists with the change
permission); this module checks what may be corrected.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.codes import AV_FORMS, Activity, label
from dossiers.models import Case, EventType, Material
from dossiers.rules import case_check
from dossiers.selectors import current_dossier
from dossiers.services.cases import case_event_record
from dossiers.signals import case_changed

# What may be corrected, as "field" or "json_field.key", with its Chinese name.
CORRECTABLE = {
    "activity": "执法环节",
    "witness": "见证人",
    "service.witness": "送达见证人",
    "av.recorded_from": "录制开始时间",
    "av.recorded_to": "录制结束时间",
    "av.stored_at": "存储时间",
    "av.proves": "证明对象",
}
TIMES = {"av.recorded_from", "av.recorded_to", "av.stored_at"}


def material_metadata_get(material: Material, name: str) -> str:
    """The current value of a correctable field, as text ("" when absent)."""
    if "." in name:
        holder, key = name.split(".", 1)
        return str((getattr(material, holder) or {}).get(key, "") or "")
    return str(getattr(material, name) or "")


def _set(material: Material, name: str, value: str) -> None:
    if "." not in name:
        setattr(material, name, value)
        return
    holder, key = name.split(".", 1)
    data = dict(getattr(material, holder) or {})
    data[key] = value
    setattr(material, holder, data)


def _time(name: str, value: str) -> str:
    """An ISO 8601 time with its offset; a time without one is China time."""
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(
            f"{CORRECTABLE[name]}“{value}”不是有效的时间，"
            "应为 2025-02-10T09:10 这样的格式。"
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment.isoformat(timespec="seconds")


def _clean(material: Material, name: str, value: Any) -> str:
    value = str(value or "").strip()
    if name.startswith("av.") and material.form not in AV_FORMS:
        raise ValidationError(
            f"“{material.title}”不是音像记录，不能更正{CORRECTABLE[name]}。"
        )
    if name == "service.witness" and not material.service:
        raise ValidationError(f"“{material.title}”不是送达记录，不能更正送达见证人。")
    if name == "activity" and value and value not in Activity.values:
        raise ValidationError(f"执法环节“{value}”不在规定的代码表中。")
    if name in TIMES and value:
        return _time(name, value)
    return value


def _check_window(material: Material) -> None:
    start = material_metadata_get(material, "av.recorded_from")
    end = material_metadata_get(material, "av.recorded_to")
    if (
        start
        and end
        and dt.datetime.fromisoformat(start) > dt.datetime.fromisoformat(end)
    ):
        raise ValidationError("录制开始时间不能晚于录制结束时间。")


def _ensure_correctable(case: Case) -> None:
    current = current_dossier(case)
    if current is not None and current.is_sealed:
        raise ValidationError(
            f"案卷 {current.archival_code} 已封存，著录信息不能直接更正；"
            "请先创建新版本并说明理由。"
        )


def _describe(name: str, value: str) -> str:
    if name == "activity":
        return label(Activity, value) if value else "（未著录）"
    return value or "（空）"


@transaction.atomic
def material_metadata_correct(
    *, material: Material, changes: dict[str, Any], reason: str, user
) -> Material:
    """Correct descriptive fields of one material, logged with before and after.

    Args:
        material: the material to correct.
        changes: new values by name in `CORRECTABLE`; unchanged ones are ignored.
        reason: why (required; kept in the event).
        user: the archivist making the correction.

    Returns:
        The corrected material.

    Raises:
        ValidationError: no reason, an unknown field, a bad value, nothing
            changed, or the case's current dossier is sealed. Nothing is saved.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError("更正著录信息须说明理由。")
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValidationError(f"不能更正字段：{'、'.join(sorted(unknown))}。")
    material = Material.objects.select_for_update().get(pk=material.pk)
    _ensure_correctable(material.case)
    cleaned = {name: _clean(material, name, v) for name, v in changes.items()}
    before = {name: material_metadata_get(material, name) for name in cleaned}
    after = {k: v for k, v in cleaned.items() if v != before[k]}
    if not after:
        raise ValidationError("没有需要更正的内容。")
    for name, value in after.items():
        _set(material, name, value)
    _check_window(material)
    material.full_clean(exclude=["case"])
    material.save()
    _record(material, {k: before[k] for k in after}, after, reason, user)
    case_changed.send(sender=Case, case=material.case)
    return material


def _record(material: Material, before: dict, after: dict, reason: str, user) -> None:
    findings = case_check(material.case)
    changes = "；".join(
        f"{CORRECTABLE[k]}由“{_describe(k, before[k])}”改为“{_describe(k, v)}”"
        for k, v in after.items()
    )
    blocking = sum(f.blocking for f in findings)
    case_event_record(
        case=material.case,
        event_type=EventType.METADATA_CORRECTED,
        user=user,
        detail=f"更正“{material.title}”的著录信息：{changes}。理由：{reason}。"
        f"重新检查后有 {blocking} 项严重问题。",
        outcome_detail={
            "sequence": material.sequence,
            "path": material.path,
            "before": before,
            "after": after,
            "reason": reason,
            "findings": [f.as_dict() for f in findings],
        },
    )
