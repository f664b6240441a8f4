"""What a rebuild restores from the disposition batches' packages (issue #14).

Each batch is read from its newest package (`registers/…/v<n>`, the
销毁清册 with `batch.json`); every version found gets its `Package` row.
`destroyed_identifiers` names the dossier packages those records list as
destroyed, so that the catalogue never takes back a destroyed package whose
folder survived somewhere (the caller skips and reports it). Once the live
cases are back, `batches_restore`:

1. recreates the tombstone of every destroyed case — the case row, its
   dossier versions with `destroyed_at` and `destroyed_batch`, its history
   (with the PREMIS deletion event) and its holds;
2. recreates each batch (oldest approval first) with its items, exclusions
   and witnesses — people by username; one missing from this installation
   comes back as an inactive account under that name, as for holds — and
   applies the re-appraisals it approved (延长, 改为永久: the dossier's
   retention, 届满日 and 保管期限依据 as the record holds them), which the
   dossiers' own packages, written before the approval, do not know.

A batch whose record does not fit the catalogue (a dossier of it missing,
say) is reported and not restored; the others are. A batch or a tombstone
already in the catalogue is skipped and noted.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from dossiers.models import Case, Dossier
from preservation.models import DispositionBatch, DispositionExclusion, Hold
from preservation.models import DispositionItem as Item
from preservation.retention.disposition_package import (
    batch_package_identifier,
    batch_package_relative_path,
)
from preservation.retention.disposition_record import BATCH_PEOPLE
from preservation.services.aips import (
    agency_restore,
    row_insert,
    row_values,
    tombstone_restore,
    user_or_placeholder,
)
from preservation.services.rebuild.copies import package_row_restore
from preservation.services.rebuild.found import (
    IMPORT_ERRORS,
    BatchFound,
    Unusable,
    newest_first,
)

if TYPE_CHECKING:
    from preservation.services.rebuild.catalogue import RebuildReport, _Users

REAPPRAISED = ("extend", "permanent")


def batches_newest(found: Iterable[BatchFound]) -> dict[tuple, list[BatchFound]]:
    """Each batch's versions found, newest first (one per version)."""
    return newest_first(found)


def _destroyed(versions: list[BatchFound]) -> list[dict[str, Any]]:
    return [i for i in versions[0].record["items"] if i.get("destroyed")]


def destroyed_identifiers(batches: dict[tuple, list[BatchFound]]) -> dict[str, str]:
    """Package identifier → the number of the batch that destroyed it."""
    return {
        package["identifier"]: key[1]
        for key, versions in batches.items()
        for item in _destroyed(versions)
        for package in item["destroyed"]["packages"]
    }


def batches_restore(
    batches: dict[tuple, list[BatchFound]], report: "RebuildReport", users: "_Users"
) -> None:
    """Tombstones first (a batch may name a dossier another one destroyed),
    then the batches in the order they were approved."""
    for versions in batches.values():
        for item in _destroyed(versions):
            _tombstone(versions[0], item, report, users)
    for versions in sorted(batches.values(), key=_approval_order):
        _batch(versions, report, users)


def _approval_order(versions: list[BatchFound]) -> tuple[str, str]:
    batch = versions[0].record["batch"]
    return batch.get("approved_at") or "9999", batch["created_at"]


def _tombstone(found: BatchFound, item: dict, report, users) -> None:
    case_number = item["destroyed"]["case"]["case_number"]
    code = found.record["agency"]["code"]
    if Case.objects.filter(agency__code=code, case_number=case_number).exists():
        report.note(found.path, f"案件 {case_number} 已在目录中，未重建其销毁记录。")
        return
    try:
        with transaction.atomic():
            tombstone_restore(
                agency=found.record["agency"], tombstone=item["destroyed"], users=users
            )
    except IMPORT_ERRORS as exc:
        report.problem(
            found.path, f"已销毁案件 {case_number} 的目录记录未能重建：{exc}"
        )
        return
    report.tombstones_created += 1


def _batch(versions: list[BatchFound], report, users) -> None:
    newest = versions[0]
    code, number = newest.key
    if DispositionBatch.objects.filter(agency__code=code, number=number).exists():
        report.note(newest.path, f"销毁鉴定批次 {number} 已在目录中，已跳过。")
        return
    try:
        with transaction.atomic():
            batch = _batch_row(newest.record, users)
            _items(batch, newest.record["items"], users)
            _exclusions(batch, newest.record["exclusions"], newest, report, users)
            for found in versions:
                _package(batch, found, report)
    except IMPORT_ERRORS as exc:
        report.problem(newest.path, f"销毁鉴定批次 {number} 未能重建：{exc}")
        return
    report.batches_restored += 1
    report.packages_recorded += len(versions)


def _batch_row(record: dict, users) -> DispositionBatch:
    data = record["batch"]
    people = {
        f"{field}_id": _person(data.get(field, ""), users).pk
        for field in BATCH_PEOPLE
        if data.get(field)
    }
    batch = DispositionBatch(
        agency=agency_restore(record["agency"]),
        **row_values(DispositionBatch, data),
        **people,
    )
    row_insert(batch)
    batch.witnesses.set([_person(name, users) for name in data["witnesses"]])
    return batch


def _person(username: str, users):
    # Who gathered, appraised, approved or witnessed must stay named.
    return user_or_placeholder(username, users)


def _dossier(reference: dict) -> Dossier:
    code, version = reference["archival_code"], reference["version"]
    found = Dossier.objects.filter(archival_code=code, version=version).first()
    if found is None:
        raise Unusable(f"案卷 {code} 第{version}版不在目录中（其保存包缺失？）")
    return found


def _items(batch: DispositionBatch, items: list[dict], users) -> None:
    for data in items:
        dossier = _dossier(data["dossier"])
        name = data.get("appraised_by")
        item = Item(
            batch=batch,
            dossier=dossier,
            appraised_by=_person(name, users) if name else None,
            **row_values(Item, data),
        )
        row_insert(item)
        if data["decision"] in REAPPRAISED and batch.approved_at:
            _reappraise(dossier, data)


def _reappraise(dossier: Dossier, data: dict) -> None:
    # Past Dossier.save()'s seal, as the approval itself does.
    Dossier.objects.filter(pk=dossier.pk).update(
        retention=data["retention_after"],
        retention_end=data["retention_end_after"],
        retention_reason=data["retention_reason_after"],
    )


def _exclusions(batch, rows: list[dict], found: BatchFound, report, users) -> None:
    for data in rows:
        dossier = _dossier(data["dossier"])
        hold = _hold(dossier.case, data["hold"], found, report, users)
        row_insert(
            DispositionExclusion(
                batch=batch, dossier=dossier, hold=hold, reason=data["reason"]
            )
        )


def _hold(case: Case, data: dict | None, found, report, users) -> Hold | None:
    """The hold an exclusion names: the one restored from the case's package,
    or, if that package was written before the hold, the batch record's."""
    if data is None:
        return None
    values = row_values(Hold, data)
    same = Hold.objects.filter(
        case=case, kind=values["kind"], placed_at=values["placed_at"]
    )
    if (hold := same.first()) is not None:
        return hold
    hold = Hold(
        case=case,
        placed_by=_person(data["placed_by"], users),
        released_by=users(data.get("released_by", "")),
        **values,
    )
    row_insert(hold)
    report.note(
        found.path,
        f"案件 {case.case_number} 的冻结（{hold.get_kind_display()}）不在其保存包中，"
        "已按销毁鉴定批次的记录恢复（此后的解除未记录）。",
    )
    return hold


def _package(batch: DispositionBatch, found: BatchFound, report) -> None:
    package_row_restore(
        found,
        report,
        identifier=batch_package_identifier(batch, found.version),
        relative_path=batch_package_relative_path(batch, found.version),
        batch=batch,
    )
