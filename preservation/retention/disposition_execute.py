"""Executing an approved disposition batch (销毁): the destruction itself.

The rules, each named in every refusal, checked before anything changes:

- only an approved batch is executed (appraised, then approved by the
  agency's 主要负责人; 000 §34);
- exactly two different 监销人 witness it, each holding a role in the batch's
  agency, and neither the one who approved it;
- no case to destroy is held now (a hold placed after approval stops it).

For every dossier decided 销毁, in one transaction for the batch: deletion
permits are issued (`preservation.deletion`) and the case's materials, the
items of all its dossier versions, their packages and the packages' copies
are deleted. The case row and the dossier rows stay as the tombstone in the
catalogue (档号, 题名, dates, 保管期限) with `destroyed_at` and
`destroyed_batch`; the case's history and the access log stay too. A
PREMIS-style `deletion` event is added to the case's history, and
`case_changed` is sent so that search drops the case's record.

Personal information goes with the record (个人信息保护法 §47: deleted once
the retention period has expired): the case's parties (当事人: name,
证件号码, address) are deleted under their own permits, and the 案情摘要,
which names them and their circumstances, is emptied. What stays is what the
tombstone needs: the 题名 keeps naming the party, as the 销毁清册 does (the
register is a permanent record and the tombstone must match it). The
officers (name, 执法证号) stay: they acted for the agency, not as data
subjects of this case; who handled a case is part of the record of the
agency's own conduct (执法责任制, accountability after the file is gone),
and 执法证号 are shown to parties and published under 行政执法公示. The
deletion event says what was erased and what was kept.

Only after the commit are files removed: each original whose digest no
record refers to any more leaves content-addressed storage (one still
referred to — the same file in another live case — stays), and the package
folders leave both storage locations. Text layers live in `MaterialText`
rows, which go with their materials; the dossier's documents are rendered
on request and never cached, so no other derived file is left.
"""

import contextlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.documents._common import dossier_entries, dossier_totals
from dossiers.models import (
    Case,
    Dossier,
    DossierEntry,
    EventType,
    Material,
    Party,
)
from dossiers.services import case_event_record
from dossiers.signals import case_changed
from preservation.deletion.guard import deletion_permits_issue
from preservation.models import (
    DiscContent,
    FixityCheck,
    Package,
    PackageCopy,
    PackageLocation,
)
from preservation.retention.disposition import (
    agency_ids_with_role,
    batch_locked,
    username,
)
from preservation.retention.disposition_models import (
    BatchState,
    Decision,
    DispositionBatch,
    DispositionItem,
)
from preservation.retention.disposition_package import batch_package_schedule
from preservation.retention.holds import holds_active
from preservation.selectors import objects_unreferenced
from preservation.services import storage
from preservation.services.aips.write import location_root

RULE_APPROVED = "销毁须经鉴定、主要负责人批准后方可执行（000 §34）"
RULE_WITNESSES = "销毁须由两名不同的本机关人员监销，且批准人不得监销"
RULE_HOLD = "冻结期间的案卷不得销毁"
METHOD = "电子文件删除"
WITNESS_ROLES = ("archivist", "appraiser", "section_head", "deputy", "chief")
AGENT = "enforcement-archive disposition"
PERSONAL_DATA_ERASED = (
    "当事人 {parties} 名的名称、证件号码、地址及案情摘要已删除"
    "（个人信息保护法第四十七条：保存期限已届满的，应当删除个人信息）；"
    "执法人员姓名与执法证号作为办案记录保留。"
)


@dataclass
class ExecutionResult:
    """What an execution destroyed, and which files it removed or kept."""

    batch: DispositionBatch
    destroyed: list[str] = field(default_factory=list)  # 档号
    digests: set[str] = field(default_factory=set)
    folders: list[Path] = field(default_factory=list)
    objects_removed: int = 0
    objects_kept_shared: int = 0
    packages_removed: int = 0

    def as_json(self) -> dict:
        return {
            "id": self.batch.pk,
            "number": self.batch.number,
            "destroyed": self.destroyed,
            "objects_removed": self.objects_removed,
            "objects_kept_shared": self.objects_kept_shared,
            "packages_removed": self.packages_removed,
        }


def batch_execute(
    *, batch: DispositionBatch, witnesses: Sequence, method: str = METHOD
) -> ExecutionResult:
    """Destroy the dossiers of an approved batch decided 销毁, witnessed.

    Args:
        batch: an approved batch.
        witnesses: the two 监销人.
        method: the 销毁方式 written on the register.

    Returns:
        The result; its files were removed after the deletions committed.

    Raises:
        PermissionDenied: a witness holds no role in the agency, or approved.
        ValidationError: the batch is not approved, not two different
            witnesses, or a case to destroy is held; naming the rule.
    """
    with transaction.atomic():
        result = _execute_rows(batch.pk, list(witnesses), method)
    _files_remove(result)
    batch_package_schedule(result.batch)  # the 销毁清册 as executed, kept 永久
    return result


def _execute_rows(batch_id: int, witnesses: list, method: str) -> ExecutionResult:
    batch = batch_locked(batch_id)
    _ensure_approved(batch)
    _ensure_witnesses(batch, witnesses)
    items = _destroy_items(batch)
    _ensure_unheld(items)
    result = ExecutionResult(batch=batch)
    at = timezone.now()
    batch.state, batch.executed_at, batch.method = BatchState.EXECUTED, at, method
    batch.save(update_fields=["state", "executed_at", "method"])
    batch.witnesses.set(witnesses)
    for item in items:
        _destroy(item, batch, at, result)
    return result


def _destroy_items(batch: DispositionBatch) -> list[DispositionItem]:
    items = batch.items.filter(decision=Decision.DESTROY)
    return list(items.select_related("dossier", "dossier__case"))


def _ensure_approved(batch: DispositionBatch) -> None:
    if batch.state != BatchState.APPROVED:
        raise ValidationError(
            f"批次 {batch.number} {batch.get_state_display()}，不能执行销毁："
            f"{RULE_APPROVED}。"
        )


def _ensure_witnesses(batch: DispositionBatch, witnesses: list) -> None:
    named = len({user.pk for user in witnesses})
    if named != 2 or len(witnesses) != 2:
        raise ValidationError(
            f"监销人须为两名不同的人员（现为 {named} 名）：{RULE_WITNESSES}。"
        )
    for user in witnesses:
        if user.pk == batch.approved_by_id:
            raise PermissionDenied(
                f"用户 {username(user)} 批准了批次 {batch.number}，不能监销："
                f"{RULE_WITNESSES}。"
            )
        if not any(
            batch.agency_id in agency_ids_with_role(user, role)
            for role in WITNESS_ROLES
        ):
            raise PermissionDenied(
                f"用户 {username(user)} 不是 {batch.agency.name} 的人员，不能监销："
                f"{RULE_WITNESSES}。"
            )


def _ensure_unheld(items: list[DispositionItem]) -> None:
    hold = holds_active([item.dossier.case_id for item in items]).first()
    if hold is not None:
        raise ValidationError(
            f"案件 {hold.case.case_number} 已冻结（冻结 {hold.pk}，"
            f"{hold.get_kind_display()}），不能销毁：{RULE_HOLD}。"
        )


def _destroy(item: DispositionItem, batch, at, result: ExecutionResult) -> None:
    """Delete one case's materials, items, packages and parties under permits."""
    case = item.dossier.case
    totals = dossier_totals(dossier_entries(item.dossier))
    item.extent = f"{totals.items}件/{totals.pages}页"
    item.save(update_fields=["extent"])
    dossiers = Dossier.objects.filter(case=case)
    packages = Package.objects.filter(dossier__case=case)
    materials = Material.objects.filter(case=case)
    reference = str(batch.pk)
    for queryset in (materials, dossiers, packages):
        deletion_permits_issue(queryset=queryset, batch_reference=reference)
    result.digests.update(materials.values_list("digest", flat=True))
    result.folders += _package_folders(packages)
    result.packages_removed += packages.count()
    # Discs keep their copies until the custodian destroys or re-burns them:
    # the content rows stay, marked. Fixity checks of the copies go with
    # them; the case's history keeps each audit as an event.
    DiscContent.objects.filter(package__in=packages).update(
        destroyed_batch=batch.number
    )
    FixityCheck.objects.filter(copy__package__in=packages).delete()
    PackageCopy.objects.filter(package__in=packages).delete()
    packages.delete()
    DossierEntry.objects.filter(dossier__case=case).delete()
    materials.delete()
    dossiers.update(destroyed_at=at, destroyed_batch=batch.number)
    parties = _parties_delete(case, reference)
    Case.objects.filter(pk=case.pk).update(
        destroyed_at=at, destroyed_batch=batch.number, summary=""
    )
    _event_record(case, item, batch, at, parties)
    result.destroyed.append(item.dossier.archival_code)
    case_changed.send(sender=Case, case=case)


def _parties_delete(case: Case, reference: str) -> int:
    """个人信息保护法 §47: the parties' personal information goes; their count.

    The caller empties the 案情摘要; officers stay (see the module docstring).
    """
    parties = Party.objects.filter(case=case)
    deletion_permits_issue(queryset=parties, batch_reference=reference)
    count = parties.count()
    parties.delete()
    return count


def _package_folders(packages) -> list[Path]:
    return [
        location_root(location) / package.relative_path
        for package in packages
        for location in PackageLocation.values
    ]


def _event_record(case: Case, item: DispositionItem, batch, at, parties: int) -> None:
    names = "、".join(username(user) for user in batch.witnesses.all())
    case_event_record(
        case=case,
        event_type=EventType.DELETION,
        detail=(
            f"案卷 {item.dossier.archival_code} 经批次 {batch.number} 鉴定、批准，"
            "原件、卷内条目与长期保存包已销毁；目录中保留档号、题名与日期。"
            f"{PERSONAL_DATA_ERASED.format(parties=parties)}"
        ),
        outcome_detail={
            "batch": batch.number,
            "archival_code": item.dossier.archival_code,
            "extent": item.extent,
            "witnesses": names,
            "parties_erased": parties,
        },
        agent=AGENT,
        at=at,
    )


def _files_remove(result: ExecutionResult) -> None:
    """After the commit: originals nobody refers to, and the package folders."""
    unreferenced = objects_unreferenced(result.digests)
    result.objects_kept_shared = len(result.digests - unreferenced)
    for digest in sorted(unreferenced):
        if storage.object_remove_if_untouched(digest):
            result.objects_removed += 1
    for folder in result.folders:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(folder)
