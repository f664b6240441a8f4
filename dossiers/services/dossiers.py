"""Dossiers: assembling a case into its bound file, reordering, sealing, versions.

Every change is an event in the case history. A sealed dossier never changes:
`dossier_new_version` copies it into a new draft with a stated reason, and the
sealed version stays readable as it was (superseded once the new one is sealed).
Retention runs from 1 January of the year after archiving; sealing sets it,
by the agency's schedule in force that day (`dossiers.services.retention`).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dossiers.codes import AV_FORMS, Form
from dossiers.dates import local_day
from dossiers.findings import Finding
from dossiers.models import (
    RETENTION_CODES,
    Case,
    Dossier,
    DossierEntry,
    DossierState,
    EventOutcome,
    EventType,
    Material,
)
from dossiers.ordering import order_materials
from dossiers.rules import dossier_check
from dossiers.services.cases import case_event_record
from dossiers.services.retention import (
    retention_dates,
    retention_for,
    retention_on_seal,
)
from dossiers.signals import case_changed, dossier_sealed

EDITABLE_FIELDS = {"compiler", "checker", "compiled_on", "remarks", "title"}
# What a new version inherits; sealing data and retention dates are its own.
CARRIED_TO_NEW_VERSION = (
    "case",
    "archival_code",
    "archive_number",
    "title",
    "period_start",
    "period_end",
    "retention",
    "retention_reason",
    "template",
    "compiler",
    "checker",
    "remarks",
)


def material_pages(material: Material) -> int:
    """Pages a material takes in the dossier: an AV record is its one-page sheet."""
    if material.form in AV_FORMS and material.form != Form.PHOTO:
        return 1
    return material.pages or 1


def _dossier_title(case: Case) -> str:
    party = case.parties.order_by("pk").first()
    if party and not case.title.startswith(party.name):
        return f"{party.name}{case.title}"
    return case.title


def _next_numbers(case: Case, retention: str) -> tuple[str, str]:
    """The next free 档号 (within the agency's fonds) and 归档号 (archive-wide).

    Counting gives the usual next number; a number already held (after a
    merge, a rebuild or a deletion) is skipped, never issued twice.
    """
    agency, year = case.agency, case.closed_on.year
    first_versions = Dossier.objects.filter(case__closed_on__year=year, version=1)
    item = first_versions.filter(case__agency=agency, retention=retention).count()

    def code(number: int) -> str:
        return agency.archival_code_pattern.format(
            fonds=agency.fonds,
            year=year,
            retention=RETENTION_CODES[retention],
            number=number,
        )

    item = _next_free(item, lambda n: Q(archival_code=code(n)))
    serial = _next_free(
        first_versions.count(), lambda n: Q(archive_number=f"{year:04d}{n:04d}")
    )
    return code(item), f"{year:04d}{serial:04d}"


def _next_free(count: int, taken) -> int:
    number = count + 1
    while Dossier.objects.filter(taken(number)).exists():
        number += 1
    return number


@transaction.atomic
def dossier_assemble(*, case: Case, user=None) -> Dossier:
    """Assemble the first dossier of a case, ordered by the agency's template.

    Raises:
        ValidationError: if the case already has a dossier, or a material
            cannot be bound (one message per material, naming it).
    """
    if case.dossiers.exists():
        raise ValidationError(f"案件 {case.case_number} 已组卷。")
    _materials_usable(case)
    retention, reason = retention_for(case)
    archival_code, archive_number = _next_numbers(case, retention)
    dossier = Dossier(
        case=case,
        archival_code=archival_code,
        archive_number=archive_number,
        title=_dossier_title(case),
        period_start=case.opened_on,
        period_end=case.closed_on,
        retention=retention,
        retention_reason=reason,
        template=case.agency.ordering_template,
    )
    dossier.full_clean(exclude=["case"])
    dossier.save()
    ordered = order_materials(list(case.materials.all()), dossier.template)
    _entries_replace(dossier, ordered)
    case_event_record(
        case=case,
        event_type=EventType.DOSSIER_ASSEMBLED,
        user=user,
        agent="assembly",
        detail=f"按“{dossier.get_template_display()}”组卷，档号 {archival_code}，"
        f"共 {len(ordered)} 件。",
        outcome_detail={**dossier.event_reference, "order": _order_of(dossier)},
    )
    case_changed.send(sender=Case, case=case)
    return dossier


def _materials_usable(case: Case) -> None:
    """Refuse to assemble a case with a PDF recorded as having no pages (let
    in before ingest refused them): it can be neither paginated nor bound."""
    from dossiers.documents.problems import material_label

    empty = case.materials.filter(media_type="application/pdf", pages=0)
    problems = [
        f"{material_label(m)}无法组卷：PDF 没有任何页面，请以修正后的提交包重新接收。"
        for m in empty.order_by("sequence")
    ]
    if problems:
        raise ValidationError(problems)


def _entries_replace(dossier: Dossier, ordered: list[tuple[Material, str]]) -> None:
    dossier.entries.all().delete()
    DossierEntry.objects.bulk_create(
        DossierEntry(dossier=dossier, material=m, volume=v, sort_order=i)
        for i, (m, v) in enumerate(ordered)
    )
    _paginate(dossier)


def _paginate(dossier: Dossier) -> None:
    """Number pages continuously within each volume, from the material page counts."""
    next_page: dict[str, int] = {}
    entries = list(dossier.entries.select_related("material").order_by("sort_order"))
    for entry in entries:
        start = next_page.get(entry.volume, 1)
        entry.page_from = start
        entry.page_to = start + material_pages(entry.material) - 1
        next_page[entry.volume] = entry.page_to + 1
    DossierEntry.objects.bulk_update(entries, ["page_from", "page_to"])


def _order_of(dossier: Dossier) -> list[int]:
    return list(
        dossier.entries.order_by("sort_order").values_list(
            "material__sequence", flat=True
        )
    )


@transaction.atomic
def dossier_entry_move(*, entry: DossierEntry, position: int, user=None) -> Dossier:
    """Move an entry to `position` (0-based) within the dossier; renumber pages.

    Raises:
        ValidationError: if the dossier is sealed or the position is out of range.
    """
    dossier = Dossier.objects.select_for_update().get(pk=entry.dossier_id)
    dossier.ensure_editable()
    entries = list(dossier.entries.order_by("sort_order"))
    if not 0 <= position < len(entries):
        raise ValidationError(f"位置 {position + 1} 超出范围（共 {len(entries)} 件）。")
    before = _order_of(dossier)
    moved = next(e for e in entries if e.pk == entry.pk)
    entries.remove(moved)
    entries.insert(position, moved)
    for index, item in enumerate(entries):
        item.sort_order = index
    DossierEntry.objects.bulk_update(entries, ["sort_order"])
    _paginate(dossier)
    case_event_record(
        case=dossier.case,
        event_type=EventType.DOSSIER_REORDERED,
        user=user,
        detail=f"将“{moved.material.title}”移至第 {position + 1} 位。",
        outcome_detail={
            **dossier.event_reference,
            "before": before,
            "after": _order_of(dossier),
        },
    )
    case_changed.send(sender=Case, case=dossier.case)
    return dossier


@transaction.atomic
def dossier_update(*, dossier: Dossier, user=None, **fields: Any) -> Dossier:
    """Change the descriptive fields of a draft (立卷人, 检查人, 说明…)."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"不能修改字段：{'、'.join(sorted(unknown))}。")
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    dossier.ensure_editable()
    changed = {k: v for k, v in fields.items() if getattr(dossier, k) != v}
    for name, value in changed.items():
        setattr(dossier, name, value)
    dossier.full_clean(exclude=["case", "previous"])
    dossier.save()
    if changed:
        case_event_record(
            case=dossier.case,
            event_type=EventType.DOSSIER_UPDATED,
            user=user,
            detail="修改案卷信息："
            + "、".join(str(Dossier._meta.get_field(k).verbose_name) for k in changed)
            + "。",
            outcome_detail={
                **dossier.event_reference,
                **{k: str(v) for k, v in changed.items()},
            },
        )
        case_changed.send(sender=Case, case=dossier.case)
    return dossier


def dossier_findings(dossier: Dossier) -> list[Finding]:
    """The regulation checks of the dossier's case, plus the dossier's own checks."""
    return dossier_check(dossier)


def compiler_default(user) -> str:
    """The 立卷人 the admin proposes when none is named: the archivist sealing."""
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def dossier_seal(*, dossier: Dossier, user, override_reason: str = "") -> Dossier:
    """Seal a draft dossier after review.

    Sealing a dossier that is sealed already changes nothing, but announces
    the seal again, so that what follows a seal (its archival package) is
    completed if a crash interrupted it after the seal committed.

    Args:
        dossier: the draft to seal.
        user: the archivist who reviewed it.
        override_reason: required when blocking findings remain; kept as an event.

    Raises:
        ValidationError: if the dossier is sealed already, or blocking findings
            remain and no reason is given.
    """
    stored = Dossier.objects.get(pk=dossier.pk)
    if stored.state == DossierState.SEALED:
        dossier_sealed.send(sender=Dossier, dossier=stored)
    return _dossier_seal(dossier=stored, user=user, override_reason=override_reason)


@transaction.atomic
def _dossier_seal(*, dossier: Dossier, user, override_reason: str) -> Dossier:
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    dossier.ensure_editable()
    blocking = [f for f in dossier_findings(dossier) if f.blocking]
    reason = override_reason.strip()
    if blocking and not reason:
        raise ValidationError(
            f"仍有 {len(blocking)} 项严重问题，须书面说明理由方可封存："
            + "；".join(f.message for f in blocking)
        )
    now = timezone.now()
    _retention_at_seal(dossier, local_day(now))
    dossier.retention_start, dossier.retention_end = retention_dates(dossier)
    dossier.state, dossier.sealed_at, dossier.sealed_by = DossierState.SEALED, now, user
    dossier.override_reason = reason if blocking else ""
    dossier.compiled_on = dossier.compiled_on or local_day(now)
    dossier.save()
    _supersede_previous(dossier)
    _seal_events(dossier, user, blocking, reason)
    dossier_sealed.send(sender=Dossier, dossier=dossier)
    case_changed.send(sender=Case, case=dossier.case)
    return dossier


def _retention_at_seal(dossier: Dossier, day: dt.date) -> None:
    # The schedule in force on the day of the seal decides (issue #14). A
    # changed class changes the 档号's retention code.
    retention, reason = retention_on_seal(dossier, day)
    if retention != dossier.retention:
        dossier.archival_code = _next_numbers(dossier.case, retention)[0]
    dossier.retention, dossier.retention_reason = retention, reason


def _supersede_previous(dossier: Dossier) -> None:
    if dossier.previous_id:
        Dossier.objects.filter(pk=dossier.previous_id).update(
            state=DossierState.SUPERSEDED
        )


def _seal_events(dossier, user, blocking: list[Finding], reason: str) -> None:
    if blocking:
        case_event_record(
            case=dossier.case,
            event_type=EventType.DOSSIER_OVERRIDE,
            user=user,
            outcome=EventOutcome.WARNING,
            detail=f"存在 {len(blocking)} 项严重问题，封存理由：{reason}",
            outcome_detail={
                **dossier.event_reference,
                "findings": [f.as_dict() for f in blocking],
                "reason": reason,
            },
        )
    end = dossier.retention_end or "永久"
    case_event_record(
        case=dossier.case,
        event_type=EventType.DOSSIER_SEALED,
        user=user,
        detail=f"第 {dossier.version} 版案卷封存，档号 {dossier.archival_code}，"
        f"保管期限{dossier.get_retention_display()}（{dossier.retention_start} 起，"
        f"至 {end}）。",
        outcome_detail=dossier.event_reference,
    )


@transaction.atomic
def dossier_new_version(*, dossier: Dossier, user, reason: str) -> Dossier:
    """Open a new draft version of a sealed dossier, for a stated reason.

    Raises:
        ValidationError: if no reason is given, the dossier is a draft, or a
            newer version exists.
    """
    if not reason.strip():
        raise ValidationError("创建新版本须说明理由。")
    if dossier.state != DossierState.SEALED:
        raise ValidationError("只有已封存的现行版本才能创建新版本。")
    if Dossier.objects.filter(previous=dossier).exists():
        raise ValidationError("该版本已有新版本。")
    fields = {name: getattr(dossier, name) for name in CARRIED_TO_NEW_VERSION}
    draft = Dossier.objects.create(
        **fields,
        version=dossier.version + 1,
        previous=dossier,
        version_reason=reason.strip(),
    )
    entries = dossier.entries.select_related("material").order_by("sort_order")
    _entries_replace(draft, [(e.material, e.volume) for e in entries])
    case_event_record(
        case=dossier.case,
        event_type=EventType.DOSSIER_VERSIONED,
        user=user,
        detail=f"创建第 {draft.version} 版案卷，理由：{reason.strip()}",
        outcome_detail={**draft.event_reference, "previous_version": dossier.version},
    )
    case_changed.send(sender=Case, case=dossier.case)
    return draft
