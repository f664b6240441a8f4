"""Holds (冻结): while a dispute, an audit or an inquiry is open, a case's
records stay, whatever their retention says.

A hold is on a case (every version of its dossier). Several may be in force
at once; each is released on its own, with a reason, and none is ever
deleted; each change announces `dossiers.signals.case_changed`, so the
case's search record (the 冻结 facet) follows. Disposition asks
`held_case_ids()` / `holds_active()` and leaves held cases out; the due list
shows them with their holds.

Who may place or release one is an `access_control` question (roles live
there, and this app may not import it): `access_control` registers the
predicate with `hold_authority_register`. Without one, nobody may.

Placing and releasing are events in the case's history (冻结, 解除冻结) with
the kind, reason, reference and who, written in the same transaction; after
the commit, the agency's retention register package records the change
(`register_package`), so a rebuild from the packages restores it even when no
dossier package was written since.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from dossiers.models import Case, EventType
from dossiers.services import case_event_record
from dossiers.signals import case_changed
from preservation.retention.models import Hold, HoldKind

HOLD_RULE = "冻结与解除冻结由案件所属机关的档案管理员或主要负责人办理"

_authorities: list[Callable[[object, Case], bool]] = []


def hold_authority_register(predicate: Callable[[object, Case], bool]) -> None:
    """Have `predicate(user, case)` decide who may place and release holds."""
    if predicate not in _authorities:
        _authorities.append(predicate)


def can_hold(user, case: Case) -> bool:
    """Whether `user` may place or release a hold on `case`."""
    return any(predicate(user, case) for predicate in _authorities)


def _require_authority(user, case: Case) -> None:
    if not can_hold(user, case):
        name = user.get_username() if user else "（未指明）"
        raise PermissionDenied(
            f"用户 {name} 无权办理案件 {case.case_number} 的冻结：{HOLD_RULE}。"
        )


def hold_kind_parse(text: str) -> str:
    """The hold kind named by its code or its Chinese label.

    Raises:
        ValidationError: naming the kinds there are.
    """
    for kind in HoldKind:
        if text.strip() in (kind.value, kind.label):
            return kind.value
    kinds = "、".join(f"{k.label}（{k.value}）" for k in HoldKind)
    raise ValidationError(f"没有冻结类型 {text}；可用：{kinds}。")


@transaction.atomic
def hold_place(
    *, case: Case, kind: str, reason: str, user, reference: str = ""
) -> Hold:
    """Place a hold on a case's records.

    Args:
        case: the case held, every version of its dossier.
        kind: a `HoldKind` code.
        reason: why (required).
        user: who places it: an archivist or the chief of the case's agency.
        reference: the reference of the proceeding (e.g. the court's 案号).

    Raises:
        PermissionDenied: the user may not place holds on this case.
        ValidationError: no reason, or an unknown kind.
    """
    _require_authority(user, case)
    if not reason.strip():
        raise ValidationError("冻结须说明理由。")
    hold = Hold(
        case=case,
        kind=kind,
        reason=reason.strip(),
        reference=reference.strip(),
        placed_by=user,
        placed_at=timezone.now(),
    )
    hold.full_clean()
    hold.save()
    _event_record(hold, EventType.HOLD_PLACED, user, hold.reason)
    case_changed.send(sender=Case, case=case)
    _register_schedule(case)
    return hold


@transaction.atomic
def hold_release(*, hold: Hold, user, reason: str) -> Hold:
    """Release a hold, with the reason; the hold stays on record.

    Raises:
        PermissionDenied: the user may not release holds on this case.
        ValidationError: no reason, or the hold is released already.
    """
    hold = Hold.objects.select_for_update().select_related("case").get(pk=hold.pk)
    _require_authority(user, hold.case)
    if hold.released_at is not None:
        raise ValidationError(
            f"冻结 {hold.pk} 已于 {timezone.localtime(hold.released_at):%Y-%m-%d %H:%M}"
            " 解除，不能再次解除。"
        )
    if not reason.strip():
        raise ValidationError("解除冻结须说明理由。")
    hold.released_by, hold.released_at = user, timezone.now()
    hold.release_reason = reason.strip()
    hold.full_clean()
    hold.save()
    _event_record(hold, EventType.HOLD_RELEASED, user, hold.release_reason)
    case_changed.send(sender=Case, case=hold.case)
    _register_schedule(hold.case)
    return hold


def _register_schedule(case: Case) -> None:
    # Imported here: the package machinery reads holds through this module.
    from preservation.retention.register_package import register_package_schedule

    register_package_schedule(case.agency)


def _event_record(hold: Hold, event_type: str, user, reason: str) -> None:
    """The hold's placing or release, in the case's history."""
    kind = hold.get_kind_display()
    reference = f"（{hold.reference}）" if hold.reference else ""
    done = "冻结" if event_type == EventType.HOLD_PLACED else "解除冻结"
    case_event_record(
        case=hold.case,
        event_type=event_type,
        detail=(
            f"案件 {hold.case.case_number} {done}（冻结 {hold.pk}，{kind}"
            f"{reference}）：{reason}"
        ),
        outcome_detail={
            "hold": hold.pk,
            "kind": hold.kind,
            "kind_label": kind,
            "reason": reason,
            "reference": hold.reference,
            "by": user.get_username(),
        },
        user=user,
        at=hold.released_at or hold.placed_at,
    )


def holds_active(case_ids: Iterable[int] | QuerySet | None = None) -> QuerySet[Hold]:
    """The holds in force (of the given cases, or all), oldest first."""
    holds = Hold.objects.filter(released_at__isnull=True)
    if case_ids is not None:
        holds = holds.filter(case__in=case_ids)
    return holds.order_by("placed_at", "pk")


def held_case_ids() -> QuerySet:
    """The ids of the cases with at least one hold in force (a subquery)."""
    return holds_active().values("case").distinct()


def is_held(case: Case) -> bool:
    """Whether a hold on `case` is in force."""
    return holds_active([case.pk]).exists()


def holds_of(case: Case) -> QuerySet[Hold]:
    """Every hold on `case`, those in force first, then the newest."""
    return (
        Hold.objects.filter(case=case)
        .select_related("placed_by", "released_by")
        .order_by(F("released_at").desc(nulls_first=True), "-placed_at", "-pk")
    )
