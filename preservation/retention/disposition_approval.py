"""Approving a disposition batch, and the re-appraisal it carries out.

The agency's 主要负责人 approves once every dossier has its conclusion and at
least two different appraisers took part, and only when they were not one
of them (whoever appraised may not also approve). A 销毁 conclusion whose
case was held after the batch was gathered stops the approval: the hold
comes first. On approval 延长 N 年 moves the dossier's 届满日 on by N years and
改为永久 makes it 永久; the dossier's 保管期限依据 and the case's history say
which batch decided it and when, and the item keeps the retention before.
A sealed dossier is otherwise never written: these two fields change with a
queryset update, past `Dossier.save()`'s seal, for this one purpose.
Nothing is deleted: the batch waits, approved, for its execution.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.models import Dossier, EventType, Retention
from dossiers.services import case_event_record
from dossiers.signals import case_changed
from preservation.retention.disposition import (
    agency_ids_with_role,
    batch_locked,
    ensure_open,
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

RULE_CHIEF = "销毁鉴定批次由本机关主要负责人批准"
RULE_INDEPENDENT = "批准人不得是本批次的鉴定人"
RULE_COMPLETE = "批次中每一卷都有鉴定结论后方可批准"
RULE_TWO = "每一批次至少须有两名不同的鉴定小组成员参与鉴定"
RULE_HOLD = "冻结期间的案卷不得销毁"
APPRAISERS_MIN = 2


def _ensure_may_approve(batch: DispositionBatch, user) -> None:
    if batch.agency_id not in agency_ids_with_role(user, "chief"):
        raise PermissionDenied(
            f"用户 {username(user)} 不是 {batch.agency.name} 的主要负责人，"
            f"不能批准：{RULE_CHIEF}。"
        )
    appraisers = set(
        batch.items.exclude(appraised_by=None).values_list("appraised_by", flat=True)
    )
    if user.pk in appraisers:
        raise PermissionDenied(
            f"用户 {username(user)} 鉴定过本批次的案卷，不能批准：{RULE_INDEPENDENT}。"
        )
    undecided = batch.items.filter(decision="").count()
    if undecided:
        raise ValidationError(
            f"批次 {batch.number} 还有 {undecided} 卷未鉴定：{RULE_COMPLETE}。"
        )
    if len(appraisers) < APPRAISERS_MIN:
        raise ValidationError(
            f"批次 {batch.number} 只有 {len(appraisers)} 名鉴定人：{RULE_TWO}。"
        )


def _ensure_unheld(batch: DispositionBatch) -> None:
    destroy = batch.items.filter(decision=Decision.DESTROY)
    hold = holds_active(destroy.values("dossier__case")).select_related("case").first()
    if hold is not None:
        raise ValidationError(
            f"案件 {hold.case.case_number} 在组批后被冻结（冻结 {hold.pk}，"
            f"{hold.get_kind_display()}），不能批准销毁：{RULE_HOLD}；"
            "请先重新鉴定该卷（延长或改为永久）或待解除冻结。"
        )


@transaction.atomic
def batch_approve(
    *, batch: DispositionBatch, user, opinion: str = ""
) -> DispositionBatch:
    """Approve a batch: 销毁 waits for execution, 延长/改为永久 take effect now.

    Raises:
        PermissionDenied: the user is not the agency's chief, or appraised.
        ValidationError: approved already, a dossier unappraised, fewer than
            two appraisers, or a case to destroy held; naming the rule.
    """
    batch = batch_locked(batch.pk)
    ensure_open(batch, "批准")
    _ensure_may_approve(batch, user)
    _ensure_unheld(batch)
    today = timezone.localdate()
    for item in batch.items.exclude(decision=Decision.DESTROY).select_related(
        "dossier", "dossier__case"
    ):
        _reappraise(item, batch, user, today)
    batch.state, batch.approved_by = BatchState.APPROVED, user
    batch.approved_at, batch.opinion = timezone.now(), opinion.strip()
    batch.save(update_fields=["state", "approved_by", "approved_at", "opinion"])
    batch_package_schedule(batch)  # the 销毁清册 as approved, kept 永久
    return batch


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _reappraise(item: DispositionItem, batch, user, today: dt.date) -> None:
    dossier = item.dossier
    item.retention_before = dossier.retention
    item.retention_end_before = dossier.retention_end
    item.save(update_fields=["retention_before", "retention_end_before"])
    if item.decision == Decision.EXTEND:
        retention, end = (
            dossier.retention,
            years_after(dossier.retention_end, item.extend_years),
        )
        what = f"延长保管期限 {item.extend_years} 年，至 {end} 届满"
    else:
        retention, end, what = Retention.PERMANENT, None, "改为永久保管"
    why = f"{today} 经销毁鉴定批次 {batch.number} 重新鉴定，{what}"
    reason = f"{dossier.retention_reason}；{why}" if dossier.retention_reason else why
    Dossier.objects.filter(pk=dossier.pk).update(
        retention=retention, retention_end=end, retention_reason=reason[-300:]
    )
    case_event_record(
        case=dossier.case,
        event_type=EventType.DOSSIER_UPDATED,
        detail=(
            f"案卷 {dossier.archival_code} {why}（{username(user)} 批准）："
            f"{item.opinion}"
        ),
        outcome_detail={**dossier.event_reference, "batch": batch.number},
        user=user,
    )
    case_changed.send(sender=type(dossier.case), case=dossier.case)
