"""Cancelling a disposition batch (撤销): the batch stops before execution.

The rules, each named in every refusal, checked before anything changes:

- only a batch not yet executed is cancelled (an executed one is the
  permanent record of a destruction); one cancelled stays cancelled;
- the archivist who gathered it, or the agency's 主要负责人, cancels it;
- a reason is given.

The batch stays, as every batch does, with who cancelled it, when and why.
Its dossiers are free to enter another batch at once (an open batch is one
appraising, pending or approved). Re-appraisals carried out when the batch
was approved (延长, 改为永久) stand: they changed the dossiers' retention
with their own record, and cancelling the batch does not undo them;
`reappraisals_standing` names them so that callers can say so. A batch
cancelled after approval has a package of its 销毁清册 already; a new
version recording the cancellation is written after the commit
(`disposition_package`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

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

RULE_CANCEL = "销毁鉴定批次在执行前可由组批的档案管理员或本机关主要负责人撤销"
RULE_EXECUTED = "已执行的批次是销毁的永久记录，不能撤销"
RULE_REASON = "撤销批次须说明理由"


def can_cancel_batch(user, batch: DispositionBatch) -> bool:
    """Whether `user` may cancel `batch` (its gatherer, or the agency's chief)."""
    if user is None:
        return False
    if batch.agency_id in agency_ids_with_role(user, "chief"):
        return True
    return user.pk == batch.created_by_id and batch.agency_id in (
        agency_ids_with_role(user, "archivist")
    )


def batch_cancel_check(batch: DispositionBatch, user) -> None:
    """Refuse, naming the rule, when `user` may not cancel `batch` now.

    Raises:
        PermissionDenied: the user neither gathered it nor heads the agency.
        ValidationError: the batch is executed or cancelled already.
    """
    if batch.state == BatchState.EXECUTED:
        raise ValidationError(
            f"批次 {batch.number} 已执行，不能撤销：{RULE_EXECUTED}。"
        )
    if batch.state == BatchState.CANCELLED:
        when = timezone.localtime(batch.cancelled_at)
        raise ValidationError(
            f"批次 {batch.number} 已于 {when:%Y-%m-%d %H:%M} 撤销，不能再次撤销。"
        )
    if not can_cancel_batch(user, batch):
        raise PermissionDenied(
            f"用户 {username(user)} 不能撤销批次 {batch.number}：{RULE_CANCEL}。"
        )


@transaction.atomic
def batch_cancel(*, batch: DispositionBatch, user, reason: str) -> DispositionBatch:
    """Cancel a batch before its execution, with the reason.

    Args:
        batch: a batch appraising, pending or approved.
        user: the archivist who gathered it, or the agency's chief.
        reason: why (required).

    Returns:
        The batch, cancelled; its dossiers may enter another batch.

    Raises:
        PermissionDenied: the user neither gathered it nor heads the agency.
        ValidationError: executed or cancelled already, or no reason;
            naming the rule.
    """
    batch = batch_locked(batch.pk)
    batch_cancel_check(batch, user)
    if not reason.strip():
        raise ValidationError(f"{RULE_REASON}。")
    batch.state, batch.cancelled_by = BatchState.CANCELLED, user
    batch.cancelled_at, batch.cancel_reason = timezone.now(), reason.strip()
    batch.full_clean()
    batch.save(update_fields=["state", "cancelled_by", "cancelled_at", "cancel_reason"])
    if batch.approved_at is not None:
        # Its approved 销毁清册 is kept 永久: a new version records the
        # cancellation, so a rebuild does not bring the batch back approved.
        batch_package_schedule(batch)
    return batch


def reappraisals_standing(batch: DispositionBatch) -> list[DispositionItem]:
    """The items whose 延长 or 改为永久 took effect at approval, and stay."""
    if batch.approved_at is None:
        return []
    kept = batch.items.exclude(decision__in=["", Decision.DESTROY])
    return list(kept.select_related("dossier", "dossier__case"))


def cancel_as_json(batch: DispositionBatch) -> dict:
    """The cancelled batch as `disposition_cancel --json` prints it."""
    items = batch.items.select_related("dossier")
    return {
        "id": batch.pk,
        "number": batch.number,
        "state": batch.get_state_display(),
        "cancelled_by": username(batch.cancelled_by),
        "cancelled_at": timezone.localtime(batch.cancelled_at).isoformat(),
        "reason": batch.cancel_reason,
        "released": [item.dossier.archival_code for item in items],
        "reappraisals_kept": [
            {
                "archival_code": item.dossier.archival_code,
                "decision": item.decision_label,
            }
            for item in reappraisals_standing(batch)
        ],
    }
