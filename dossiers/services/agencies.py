"""Writes on agencies: registration, corrections and merging a mistaken one.

Agencies are registered by an operator before their packages are accepted
(ingest only looks them up, see `agency_for_submission`). Every write here is
recorded as an `AgencyChange` with who and why; a merge also leaves an event in
the history of every case it moves. Nothing sealed is renumbered: a sealed
dossier keeps its 档号 and 归档号 whatever happens to its agency.

Callers (admin, commands) check that the user may manage agencies; these
functions check only the data.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from dossiers.models import (
    Agency,
    AgencyChange,
    AgencyChangeKind,
    Case,
    CaseFinding,
    Dossier,
    DossierState,
    EventType,
)
from dossiers.services.cases import case_event_record
from dossiers.services.dossiers import _next_numbers
from dossiers.signals import case_changed


def _snapshot(agency: Agency) -> dict[str, str]:
    return {"name": agency.name, "code": agency.code, "fonds": agency.fonds}


def _change_record(agency, kind, user, reason="", before=None) -> AgencyChange:
    return AgencyChange.objects.create(
        agency=agency,
        kind=kind,
        user=user,
        reason=reason,
        before=before or {},
        after=_snapshot(agency),
    )


@transaction.atomic
def agency_register(
    *, name: str, code: str, fonds: str, user=None, reason: str = ""
) -> Agency:
    """Register an agency so that its packages are accepted.

    Raises:
        ValidationError: the code or the 全宗号 is already registered, or a
            field is invalid; the messages name the agency that holds it.
    """
    agency = Agency(name=name.strip(), code=code.strip().upper(), fonds=fonds.strip())
    _refuse_taken(agency)
    agency.full_clean()
    agency.save()
    _change_record(agency, AgencyChangeKind.REGISTERED, user, reason)
    return agency


def _refuse_taken(agency: Agency) -> None:
    others = Agency.objects.exclude(pk=agency.pk)
    errors = {}
    holder = others.filter(code=agency.code).first()
    if holder:
        errors["code"] = f"统一社会信用代码 {agency.code} 已登记给 {holder}。"
    holder = others.filter(fonds=agency.fonds).first()
    if holder:
        errors["fonds"] = (
            f"全宗号 {agency.fonds} 已属于 {holder.name}（{holder.code}）。"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agency_update(
    *, agency: Agency, user, reason: str = "", name: str = "", code: str = ""
) -> Agency:
    """Rename an agency, or correct its credit code (a reason is required).

    Raises:
        ValidationError: a code correction without a reason, or a code held by
            another agency.
    """
    before = _snapshot(agency)
    agency.name = name.strip() or agency.name
    agency.code = code.strip().upper() or agency.code
    if agency.code != before["code"] and not reason.strip():
        raise ValidationError({"code": "更正统一社会信用代码须说明理由。"})
    if before == _snapshot(agency):
        return agency
    _refuse_taken(agency)
    agency.full_clean()
    agency.save()
    kind = (
        AgencyChangeKind.CODE_CORRECTED
        if agency.code != before["code"]
        else AgencyChangeKind.EDITED
    )
    _change_record(agency, kind, user, reason.strip(), before)
    return agency


@dataclass(frozen=True)
class MergeResult:
    into: Agency
    cases: int
    renumbered: list[str]


@transaction.atomic
def agency_merge(*, mistaken: Agency, into: Agency, user, reason: str) -> MergeResult:
    """Move every case of an agency registered by mistake into the right one.

    Draft first-version dossiers take the next numbers of the right agency;
    sealed dossiers (and their later versions) keep theirs. The mistaken
    agency stays, marked as merged, and takes no more packages.

    Raises:
        ValidationError: no reason, the same agency, an agency already merged,
            or a 案号 both agencies hold (then nothing is changed).
    """
    _merge_refusals(mistaken, into, reason)
    cases = list(Case.objects.filter(agency=mistaken).order_by("pk"))
    Case.objects.filter(agency=mistaken).update(agency=into)
    CaseFinding.objects.filter(agency=mistaken).update(agency=into)
    renumbered = [_renumber_draft(d) for d in _drafts(cases)]
    for case in cases:
        case_event_record(
            case=case,
            event_type=EventType.AGENCY_MERGED,
            user=user,
            detail=f"机关“{mistaken.name}（{mistaken.code}）”系误建，"
            f"本案并入“{into.name}（{into.code}）”：{reason.strip()}",
            outcome_detail={"from": _snapshot(mistaken), "to": _snapshot(into)},
        )
        case_changed.send(sender=Case, case=case)
    mistaken.merged_into = into
    mistaken.save(update_fields=["merged_into"])
    before = _snapshot(mistaken)
    _change_record(into, AgencyChangeKind.MERGED, user, reason.strip(), before)
    _change_record(mistaken, AgencyChangeKind.MERGED, user, reason.strip(), before)
    return MergeResult(into=into, cases=len(cases), renumbered=renumbered)


def _merge_refusals(mistaken: Agency, into: Agency, reason: str) -> None:
    if not reason.strip():
        raise ValidationError("合并机关须说明理由。")
    if mistaken.pk == into.pk:
        raise ValidationError("不能将机关并入其自身。")
    if mistaken.merged_into_id or into.merged_into_id:
        raise ValidationError("已合并过的机关不能再合并。")
    clashes = sorted(
        Case.objects.filter(agency=mistaken)
        .filter(case_number__in=into.cases.values("case_number"))
        .values_list("case_number", flat=True)
    )
    if clashes:
        raise ValidationError(
            f"“{mistaken.name}（{mistaken.code}）”与“{into.name}（{into.code}）”"
            f"都有案号 {'、'.join(clashes)}，合并后将重复；未做任何改动。"
        )


def _drafts(cases: list[Case]) -> list[Dossier]:
    return list(
        Dossier.objects.filter(case__in=cases, version=1, state=DossierState.DRAFT)
        .select_related("case__agency")
        .order_by("pk")
    )


def _renumber_draft(dossier: Dossier) -> str:
    old = dossier.archival_code
    # Free the draft's own numbers first, so they are not counted as taken.
    dossier.archival_code = dossier.archive_number = ""
    dossier.save(update_fields=["archival_code", "archive_number"])
    code, number = _next_numbers(dossier.case, dossier.retention)
    dossier.archival_code, dossier.archive_number = code, number
    dossier.save(update_fields=["archival_code", "archive_number"])
    return f"{old} → {code}"
