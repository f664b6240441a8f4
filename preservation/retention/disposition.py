"""Disposition batches (销毁鉴定): gathering due dossiers, appraisal, approval.

The rules, each named in every refusal:

- a batch is gathered by an archivist of one agency from its sealed dossiers
  whose retention is over by a day no later than today (000 §34); held
  cases are left out and recorded with their hold, and so are dossiers
  already in an open batch; `include` narrows the batch to named cases, and
  one that is not due, held or in another batch refuses the whole batch;
- each dossier is appraised (销毁 / 延长 N 年 / 改为永久, with an opinion) by a
  鉴定小组成员 (`appraiser`) of the agency; at least two different appraisers
  must take part before approval;
- the agency's 主要负责人 (`chief`) approves, and not one who appraised in
  the batch; on approval 延长 and 改为永久 change the dossier's retention
  (re-appraisal, with the reason written on the dossier and in the case's
  history). Nothing is deleted here: executing a batch comes later, on the
  deletion permits of `preservation.deletion`.

Roles live in `access_control`, which this app may not import:
`access_control` registers `role_agencies(user, role)` with
`disposition_roles_register`. Without it nobody holds any role here.
Approval and its re-appraisal are in `disposition_approval`.
"""

import datetime as dt
from collections.abc import Callable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dossiers.models import Agency, Case, Dossier, DossierState
from preservation.retention.disposition_models import (
    BatchState,
    Decision,
    DispositionBatch,
    DispositionExclusion,
    DispositionItem,
)
from preservation.retention.due import DueRow, dossiers_due, due_rows

RULE_DUE = "只有保管期限已届满的案卷才能鉴定销毁（000 §34：行政执法案卷保存30年）"
RULE_HOLD = "冻结期间（行政复议、行政诉讼、信访、审计等）的案卷不得鉴定销毁"
RULE_ONE_BATCH = "一卷案卷同时只能在一个未执行的销毁鉴定批次中"
RULE_CREATE = "销毁鉴定批次由本机关的档案管理员组织"
RULE_APPRAISER = "销毁鉴定由本机关鉴定小组成员进行"
RULE_OPINION = "每一卷的鉴定结论须附鉴定意见"
OPEN_STATES = (BatchState.APPRAISING, BatchState.PENDING, BatchState.APPROVED)
EXTEND_YEARS_MAX = 100

RoleAgencies = Callable[[object, str], QuerySet[Agency]]
_providers: list[RoleAgencies] = []


def disposition_roles_register(provider: RoleAgencies) -> None:
    """Have `provider(user, role)` name the agencies where `user` holds `role`."""
    if provider not in _providers:
        _providers.append(provider)


def agency_ids_with_role(user, role: str) -> set[int]:
    """The ids of the agencies in which `user` holds `role` (a `Role` code)."""
    ids: set[int] = set()
    for provider in _providers:
        ids.update(provider(user, role).values_list("pk", flat=True))
    return ids


def username(user) -> str:
    return user.get_username() if user else "（未指明）"


def creator_agencies(user) -> QuerySet[Agency]:
    """The agencies for which `user` may gather a batch (as their archivist)."""
    ids = agency_ids_with_role(user, "archivist")
    return Agency.objects.filter(pk__in=ids).order_by("name", "pk")


def _creator_agency(user, code: str = "") -> Agency:
    """The agency a batch is gathered for: the one named by `code`, or the
    user's only one."""
    agencies = creator_agencies(user)
    if code:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise ValidationError(f"没有统一社会信用代码为 {code} 的机关。")
        if not agencies.filter(pk=agency.pk).exists():
            raise PermissionDenied(
                f"用户 {username(user)} 不是 {agency.name} 的档案管理员，"
                f"不能为其组批：{RULE_CREATE}。"
            )
        return agency
    found = list(agencies)
    if not found:
        raise PermissionDenied(
            f"用户 {username(user)} 无权组织销毁鉴定：{RULE_CREATE}。"
        )
    if len(found) > 1:
        names = "、".join(f"{a.name}（{a.code}）" for a in found)
        raise ValidationError(
            f"用户 {username(user)} 是多个机关（{names}）的档案管理员；"
            "销毁鉴定按机关分批，请指明为哪个机关组批。"
        )
    return found[0]


def _open_batch_of(dossier_ids: Sequence[int]) -> dict[int, str]:
    """Dossier id → number of the open batch it is in."""
    items = DispositionItem.objects.filter(
        dossier__in=dossier_ids, batch__state__in=OPEN_STATES
    ).values_list("dossier_id", "batch__number")
    return dict(items)


def _not_due_reason(case: Case, by: dt.date) -> str:
    dossier = (
        Dossier.objects.filter(case=case, state=DossierState.SEALED)
        .order_by("-version")
        .first()
    )
    if dossier is None:
        why = "没有已封存的案卷"
    elif dossier.retention_end is None:
        why = f"案卷 {dossier.archival_code} 为{dossier.get_retention_display()}保管"
    else:
        why = f"案卷 {dossier.archival_code} 的保管期限至 {dossier.retention_end} 届满"
    return f"案件 {case.case_number} {why}，截至 {by} 未到期，不能纳入：{RULE_DUE}。"


def _included(rows: list[DueRow], numbers: Sequence[str], agency, by) -> list[DueRow]:
    """Only the rows of the named cases; any that may not go refuses them all."""
    by_number = {row.dossier.case.case_number: row for row in rows}
    busy = _open_batch_of([row.dossier.pk for row in rows])
    chosen = []
    for number in dict.fromkeys(numbers):
        row = by_number.get(number)
        if row is None:
            case = Case.objects.filter(agency=agency, case_number=number).first()
            if case is None:
                raise ValidationError(f"{agency.name} 没有案号为 {number} 的案件。")
            raise ValidationError(_not_due_reason(case, by))
        if row.held:
            hold = row.holds[0]
            raise ValidationError(
                f"案件 {number} 已冻结（冻结 {hold.pk}，{hold.get_kind_display()}"
                f"{'，' + hold.reference if hold.reference else ''}），"
                f"不能纳入：{RULE_HOLD}。"
            )
        if row.dossier.pk in busy:
            raise ValidationError(
                f"案件 {number} 已在批次 {busy[row.dossier.pk]} 中：{RULE_ONE_BATCH}。"
            )
        chosen.append(row)
    return chosen


def _next_number(agency: Agency, today: dt.date) -> str:
    prefix = f"XH{today.year}-"
    taken = DispositionBatch.objects.filter(agency=agency, number__startswith=prefix)
    return f"{prefix}{taken.count() + 1:03d}"


@transaction.atomic
def batch_create(
    *, by_date: dt.date, user, include: Sequence[str] = (), agency: str = ""
) -> DispositionBatch:
    """Gather a batch of the user's agency: due by `by_date`, unheld, not in
    another open batch (the rest recorded as excluded, with the reason).

    Args:
        by_date: dossiers whose 届满日 is before it; not after today.
        user: an archivist of the batch's agency.
        include: only these 案号 (each must be due, unheld and free).
        agency: the agency's code; needed when the user is the archivist of
            several agencies (a batch is of one agency).

    Raises:
        PermissionDenied: the user is no archivist (of `agency`).
        ValidationError: a later date, a named case that may not go, no
            agency named for an archivist of several, or nothing to gather;
            naming the rule.
    """
    chosen = _creator_agency(user, agency)
    today = timezone.localdate()
    if by_date > today:
        raise ValidationError(
            f"截止日 {by_date} 晚于今天（{today}）：{RULE_DUE}，尚未届满的不能鉴定。"
        )
    rows = due_rows(dossiers_due(by=by_date, agencies=[chosen.pk]))
    if include:
        rows = _included(rows, include, chosen, by_date)
    return _batch_save(chosen, by_date, user, rows)


def _batch_save(agency, by_date: dt.date, user, rows: list[DueRow]):
    # One batch at a time per agency, so two cannot take the same dossier.
    list(Agency.objects.select_for_update().filter(pk=agency.pk).values("pk"))
    busy = _open_batch_of([row.dossier.pk for row in rows])
    taken = [r for r in rows if not r.held and r.dossier.pk not in busy]
    if not taken:
        raise ValidationError(
            f"{agency.name} 截至 {by_date} 没有保管期限届满、未冻结、"
            "未在其他批次中的案卷，未组批。"
        )
    batch = DispositionBatch.objects.create(
        agency=agency,
        number=_next_number(agency, timezone.localdate()),
        by_date=by_date,
        created_by=user,
        created_at=timezone.now(),
    )
    DispositionItem.objects.bulk_create(
        DispositionItem(batch=batch, dossier=row.dossier) for row in taken
    )
    DispositionExclusion.objects.bulk_create(_exclusions(batch, rows, busy))
    return batch


def _exclusions(batch, rows: list[DueRow], busy: dict[int, str]):
    for row in rows:
        for hold in row.holds:
            reason = f"已冻结（{hold.get_kind_display()}）：{RULE_HOLD}"
            yield DispositionExclusion(
                batch=batch, dossier=row.dossier, hold=hold, reason=reason
            )
        if not row.held and row.dossier.pk in busy:
            reason = f"已在批次 {busy[row.dossier.pk]} 中：{RULE_ONE_BATCH}"
            yield DispositionExclusion(batch=batch, dossier=row.dossier, reason=reason)


def decision_parse(text: str) -> tuple[str, int | None]:
    """`destroy`, `extend:N` or `permanent` as (decision, years).

    Raises:
        ValidationError: anything else, or N not from 1 to 100.
    """
    code, _, years = text.strip().partition(":")
    if code in (Decision.DESTROY, Decision.PERMANENT) and not years:
        return code, None
    if (
        code == Decision.EXTEND
        and years.isdigit()
        and 0 < int(years) <= EXTEND_YEARS_MAX
    ):
        return code, int(years)
    raise ValidationError(
        f"鉴定结论 {text} 无效：应为 destroy（销毁）、extend:N（延长 N 年，"
        f"N 为 1 到 {EXTEND_YEARS_MAX}）或 permanent（改为永久）。"
    )


def batch_locked(batch_id: int) -> DispositionBatch:
    """The batch, locked for the rest of the transaction."""
    found = DispositionBatch.objects.select_for_update().filter(pk=batch_id).first()
    if found is None:
        raise ValidationError(f"没有编号为 {batch_id} 的销毁鉴定批次。")
    return found


def ensure_open(batch: DispositionBatch, action: str) -> None:
    if batch.state == BatchState.CANCELLED:
        raise ValidationError(
            f"批次 {batch.number} 已撤销，不能再{action}：已撤销的批次不再办理，"
            "其中的案卷可另行组批。"
        )
    if batch.state not in (BatchState.APPRAISING, BatchState.PENDING):
        raise ValidationError(
            f"批次 {batch.number} {batch.get_state_display()}，不能再{action}："
            "批准后的鉴定结论不再更改。"
        )


@transaction.atomic
def item_appraise(
    *, batch: DispositionBatch, case_number: str, decision: str, user, opinion: str
) -> DispositionItem:
    """Record one dossier's appraisal (again, until the batch is approved).

    Args:
        decision: `destroy`, `extend:N` or `permanent`.
        user: an appraiser (鉴定小组成员) of the batch's agency.
        opinion: the 鉴定意见 (required).

    Raises:
        PermissionDenied: the user is no appraiser of the agency.
        ValidationError: the batch is approved, the case is not in it, the
            decision is not valid or there is no opinion.
    """
    batch = batch_locked(batch.pk)
    ensure_open(batch, "鉴定")
    if batch.agency_id not in agency_ids_with_role(user, "appraiser"):
        raise PermissionDenied(
            f"用户 {username(user)} 不是 {batch.agency.name} 的鉴定小组成员，"
            f"不能鉴定：{RULE_APPRAISER}。"
        )
    item = batch.items.filter(dossier__case__case_number=case_number).first()
    if item is None:
        raise ValidationError(f"案件 {case_number} 不在批次 {batch.number} 中。")
    code, years = decision_parse(decision)
    if not opinion.strip():
        raise ValidationError(f"{RULE_OPINION}。")
    item.decision, item.extend_years = code, years
    item.opinion, item.appraised_by = opinion.strip(), user
    item.appraised_at = timezone.now()
    item.save()
    undecided = batch.items.filter(decision="").exists()
    batch.state = BatchState.APPRAISING if undecided else BatchState.PENDING
    batch.save(update_fields=["state"])
    return item


def batch_get(batch_id: int) -> DispositionBatch:
    found = DispositionBatch.objects.select_related("agency").filter(pk=batch_id)
    if not found:
        raise ValidationError(f"没有编号为 {batch_id} 的销毁鉴定批次。")
    return found[0]


def batch_as_json(batch: DispositionBatch) -> dict:
    """The batch as the command prints it: its dossiers and those left out."""
    items = batch.items.select_related("dossier", "dossier__case")
    exclusions = batch.exclusions.select_related("dossier", "dossier__case")
    return {
        "id": batch.pk,
        "number": batch.number,
        "agency": batch.agency.code,
        "by_date": batch.by_date.isoformat(),
        "state": batch.get_state_display(),
        "dossiers": [
            {
                "archival_code": item.dossier.archival_code,
                "case_number": item.dossier.case.case_number,
                "title": item.dossier.title,
                "retention_end": item.dossier.retention_end.isoformat(),
                "decision": item.decision_label,
            }
            for item in items
        ],
        "excluded": [
            {
                "archival_code": row.dossier.archival_code,
                "case_number": row.dossier.case.case_number,
                "hold": row.hold_id,
                "reason": row.reason,
            }
            for row in exclusions
        ],
    }


def refusal_text(exc: Exception) -> str:
    """One line for a refusal (a ValidationError's messages, joined)."""
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)
