"""Disposition batches: gathering, appraisal, approval and re-appraisal, with
a frozen clock. Every refusal names its rule and changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from access_control.roles import membership_set
from dossiers.models import CaseEvent, Dossier
from preservation.models import (
    BatchState,
    DispositionBatch,
    DispositionExclusion,
    DispositionItem,
)
from preservation.retention.disposition import (
    batch_create,
    decision_parse,
    item_appraise,
)
from preservation.retention.disposition_approval import batch_approve, years_after
from preservation.retention.holds import hold_place
from tests.conftest import person_make
from tests.preservation.retention.disposition_setup import (
    TODAY,
    appraised_batch,
)

pytestmark = pytest.mark.django_db


def codes(batch) -> set[str]:
    return {item.dossier.archival_code for item in batch.items.all()}


def test_batch_gathers_due_unheld_and_lists_held_with_its_hold(world):
    batch = batch_create(by_date=TODAY, user=world.keeper)
    assert codes(batch) == {"D-1", "D-2", "D-3"}
    excluded = DispositionExclusion.objects.get()
    assert excluded.dossier == world.held and excluded.hold == world.hold
    assert "冻结期间" in excluded.reason
    assert batch.number == "XH2026-001" and batch.state == BatchState.APPRAISING


def test_by_date_limits_the_batch_and_may_not_be_after_today(world):
    batch = batch_create(by_date=dt.date(2023, 12, 31), user=world.keeper)
    assert codes(batch) == {"D-1"}
    with pytest.raises(ValidationError, match="000 §34"):
        batch_create(by_date=dt.date(2026, 6, 2), user=world.keeper)


def test_a_dossier_in_an_open_batch_is_left_out_of_the_next(world):
    first = batch_create(by_date=dt.date(2023, 12, 31), user=world.keeper)
    second = batch_create(by_date=TODAY, user=world.keeper)
    assert codes(second) == {"D-2", "D-3"}
    assert second.exclusions.filter(reason__contains=first.number).count() == 1


def test_include_narrows_and_refuses_a_case_not_due_or_held(world):
    batch = batch_create(
        by_date=TODAY, user=world.keeper, include=[world.due2.case.case_number]
    )
    assert codes(batch) == {"D-2"}
    refusals = {
        world.later: "2030-12-31 届满",
        world.forever: "永久保管",
        world.held: "行政诉讼",
    }
    for dossier, reason in refusals.items():
        with pytest.raises(ValidationError) as caught:
            batch_create(
                by_date=TODAY, user=world.keeper, include=[dossier.case.case_number]
            )
        assert reason in caught.value.messages[0]
    assert DispositionBatch.objects.count() == 1


def test_only_an_archivist_gathers(world):
    for user in (world.app1, world.chief, world.officer):
        with pytest.raises(PermissionDenied, match="档案管理员"):
            batch_create(by_date=TODAY, user=user)
    assert not DispositionBatch.objects.exists()


def test_appraisal_by_a_non_appraiser_is_refused(world):
    batch = batch_create(by_date=TODAY, user=world.keeper)
    stranger = person_make("stranger", None, "")
    for user in (world.keeper, world.chief, stranger):
        with pytest.raises(PermissionDenied, match="鉴定小组成员"):
            item_appraise(
                batch=batch, case_number=world.due1.case.case_number,
                decision="destroy", user=user, opinion="无保存价值",
            )  # fmt: skip
    assert not DispositionItem.objects.exclude(decision="").exists()


def test_appraisal_needs_an_opinion_a_valid_decision_and_the_case(world):
    batch = batch_create(by_date=TODAY, user=world.keeper)
    number = world.due1.case.case_number
    cases = [
        (number, "destroy", " ", "鉴定意见"),
        (number, "extend:0", "x", "extend:N"),
        (number, "shred", "x", "extend:N"),
        (world.held.case.case_number, "destroy", "x", "不在批次"),
    ]
    for case_number, decision, opinion, message in cases:
        with pytest.raises(ValidationError, match=message):
            item_appraise(
                batch=batch, case_number=case_number, decision=decision,
                user=world.app1, opinion=opinion,
            )  # fmt: skip


def test_decision_parse():
    assert decision_parse("destroy") == ("destroy", None)
    assert decision_parse("extend:10") == ("extend", 10)
    assert decision_parse("permanent") == ("permanent", None)


def test_batch_is_pending_when_every_dossier_is_appraised(world):
    batch = appraised_batch(world)
    batch.refresh_from_db()
    assert batch.state == BatchState.PENDING


def test_approval_before_two_appraisers_is_refused(world):
    one = dict.fromkeys((world.due1, world.due2, world.due3), ("destroy", world.app1))
    batch = appraised_batch(world, one)
    with pytest.raises(ValidationError, match="两名不同的鉴定小组成员"):
        batch_approve(batch=batch, user=world.chief)
    batch.refresh_from_db()
    assert batch.state == BatchState.PENDING and batch.approved_by is None


def test_approval_before_every_dossier_is_appraised_is_refused(world):
    two = {world.due1: ("destroy", world.app1), world.due2: ("destroy", world.app2)}
    batch = appraised_batch(world, two)
    with pytest.raises(ValidationError, match="1 卷未鉴定"):
        batch_approve(batch=batch, user=world.chief)


def test_approval_by_an_appraiser_of_the_batch_is_refused(world):
    membership_set(user=world.app1, agency=world.agency, role="chief")
    batch = appraised_batch(world)
    with pytest.raises(PermissionDenied, match="批准人不得是本批次的鉴定人"):
        batch_approve(batch=batch, user=world.app1)


def test_approval_by_anyone_but_the_chief_is_refused(world):
    batch = appraised_batch(world)
    for user in (world.keeper, world.officer):
        with pytest.raises(PermissionDenied, match="主要负责人"):
            batch_approve(batch=batch, user=user)


def test_approval_by_the_chief_changes_extended_and_permanent_retention(world):
    batch = batch_approve(batch=appraised_batch(world), user=world.chief)
    assert batch.state == BatchState.APPROVED and batch.approved_by == world.chief
    extended = Dossier.objects.get(pk=world.due2.pk)
    assert extended.retention_end == dt.date(2028, 12, 31)
    assert "XH2026-001" in extended.retention_reason
    assert "延长保管期限 5 年" in extended.retention_reason
    permanent = Dossier.objects.get(pk=world.due3.pk)
    assert permanent.retention == "permanent" and permanent.retention_end is None
    destroyed = Dossier.objects.get(pk=world.due1.pk)
    assert destroyed.retention_end == dt.date(2022, 12, 31)
    item = batch.items.get(dossier=world.due3)
    assert item.retention_end_before == dt.date(2024, 12, 31)
    assert CaseEvent.objects.filter(
        case=world.due3.case, event_detail__contains="改为永久保管"
    ).exists()


def test_nothing_changes_after_approval(world):
    batch = batch_approve(batch=appraised_batch(world), user=world.chief)
    with pytest.raises(ValidationError, match="已批准"):
        batch_approve(batch=batch, user=world.chief)
    with pytest.raises(ValidationError, match="已批准"):
        item_appraise(
            batch=batch, case_number=world.due1.case.case_number,
            decision="permanent", user=world.app1, opinion="改",
        )  # fmt: skip
    assert Dossier.objects.filter(pk__in=[world.due1.pk, world.due2.pk]).count() == 2


def test_a_hold_placed_after_gathering_stops_the_approval(world):
    batch = appraised_batch(world)
    hold_place(case=world.due1.case, kind="audit", reason="审计", user=world.keeper)
    with pytest.raises(ValidationError, match="冻结期间的案卷不得销毁"):
        batch_approve(batch=batch, user=world.chief)
    assert Dossier.objects.get(pk=world.due3.pk).retention_end is not None


def test_years_after_keeps_the_day():
    assert years_after(dt.date(2023, 12, 31), 10) == dt.date(2033, 12, 31)
    assert years_after(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
