"""Cancelling a disposition batch (撤销, issue #14), by the service and by
`disposition_cancel`: before execution only, by its gatherer or the chief,
with a reason; its dossiers may enter another batch and the re-appraisals
made at approval stand. Refusals name the rule and change nothing. The
clock is frozen in June 2026 (Asia/Shanghai)."""

import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from preservation.models import BatchState, DispositionBatch
from preservation.retention.disposition import batch_create
from preservation.retention.disposition_approval import batch_approve
from preservation.retention.disposition_cancel import batch_cancel
from preservation.retention.disposition_execute import batch_execute
from preservation.retention.disposition_package import batch_package_state
from tests.conftest import person_make
from tests.preservation.retention.disposition_setup import (
    NOW,
    TODAY,
    appraised_batch,
)

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def codes(batch) -> list[str]:
    return [item.dossier.archival_code for item in batch.items.all()]


def test_the_gatherer_cancels_and_the_dossiers_may_go_into_another_batch(world):
    batch = appraised_batch(world)
    batch_cancel(batch=batch, user=world.keeper, reason="鉴定范围有误，重新组批")
    batch.refresh_from_db()
    assert batch.state == BatchState.CANCELLED
    assert batch.get_state_display() == "已撤销"
    assert batch.cancelled_by == world.keeper and batch.cancelled_at == NOW
    assert batch.cancel_reason == "鉴定范围有误，重新组批"
    again = batch_create(by_date=TODAY, user=world.keeper)
    assert codes(again) == ["D-1", "D-2", "D-3"]
    assert not again.exclusions.exclude(hold__isnull=False).exists()


def test_the_chief_cancels_an_approved_batch_and_its_reappraisals_stand(world):
    batch = appraised_batch(world)
    batch_approve(batch=batch, user=world.chief)
    out = run(
        "disposition_cancel", str(batch.pk), "--by", "chief", "--reason", "暂缓销毁"
    )
    assert f"已撤销批次 {batch.number}" in out and "3 卷可另行组批" in out
    assert "批准时的重新鉴定不变：D-2 延长 5 年" in out
    assert "D-3 改为永久保管" in out
    world.due2.refresh_from_db()
    world.due3.refresh_from_db()
    assert world.due2.retention_end.year == 2028
    assert world.due3.retention == "permanent"
    assert batch_create(by_date=TODAY, user=world.keeper).items.count() == 1


def test_cancel_json(world):
    batch = appraised_batch(world)
    out = run(
        "disposition_cancel", str(batch.pk), "--by", "keeper",
        "--reason", "重新组批", "--json",
    )  # fmt: skip
    data = json.loads(out)
    assert data["id"] == batch.pk and data["state"] == "已撤销"
    assert data["cancelled_by"] == "keeper" and data["reason"] == "重新组批"
    assert data["cancelled_at"] == "2026-06-01T10:00:00+08:00"
    assert data["released"] == ["D-1", "D-2", "D-3"]
    assert data["reappraisals_kept"] == []


@pytest.mark.parametrize("who", ["app1", "other_keeper", "officer"])
def test_only_the_gatherer_or_the_chief_may_cancel(world, who):
    person_make("other_keeper", world.agency, "archivist")
    batch = appraised_batch(world)
    with pytest.raises(CommandError, match="组批的档案管理员或本机关主要负责人撤销"):
        run("disposition_cancel", str(batch.pk), "--by", who, "--reason", "撤销")
    batch.refresh_from_db()
    assert batch.state == BatchState.PENDING and batch.cancelled_by is None


def test_a_reason_is_required_and_nothing_changes(world):
    batch = appraised_batch(world)
    with pytest.raises(ValidationError, match="撤销批次须说明理由"):
        batch_cancel(batch=batch, user=world.keeper, reason="  ")
    with pytest.raises(CommandError, match="没有编号为 999"):
        run("disposition_cancel", "999", "--by", "keeper", "--reason", "撤销")
    batch.refresh_from_db()
    assert batch.state == BatchState.PENDING


def test_an_executed_or_cancelled_batch_is_not_cancelled(world):
    batch = appraised_batch(world)
    batch_approve(batch=batch, user=world.chief)
    batch_execute(batch=batch, witnesses=[world.keeper, world.app2])
    with pytest.raises(CommandError, match="销毁的永久记录，不能撤销"):
        run("disposition_cancel", str(batch.pk), "--by", "chief", "--reason", "撤销")
    assert DispositionBatch.objects.get().state == BatchState.EXECUTED


def test_a_cancelled_batch_is_not_cancelled_again(world):
    batch = appraised_batch(world)
    batch_cancel(batch=batch, user=world.keeper, reason="重复")
    with pytest.raises(ValidationError, match="已于 2026-06-01 10:00 撤销"):
        batch_cancel(batch=batch, user=world.chief, reason="再次")
    batch.refresh_from_db()
    assert batch.cancelled_by == world.keeper and batch.cancel_reason == "重复"


def test_a_cancelled_batch_is_no_longer_appraised_or_approved(world):
    batch = appraised_batch(world)
    batch_cancel(batch=batch, user=world.keeper, reason="重新组批")
    with pytest.raises(ValidationError, match="已撤销，不能再批准"):
        batch_approve(batch=batch, user=world.chief)
    with pytest.raises(ValidationError, match="已撤销，不能执行销毁"):
        batch_execute(batch=batch, witnesses=[world.keeper, world.app2])


def test_the_service_refuses_an_appraiser(world):
    batch = appraised_batch(world)
    with pytest.raises(PermissionDenied, match="不能撤销批次"):
        batch_cancel(batch=batch, user=world.app1, reason="撤销")


def test_cancelling_an_approved_batch_adds_a_version_to_its_record(
    world, django_capture_on_commit_callbacks
):
    batch = appraised_batch(world)
    with django_capture_on_commit_callbacks(execute=True):
        batch_approve(batch=batch, user=world.chief)
    with django_capture_on_commit_callbacks(execute=True):
        batch_cancel(batch=batch, user=world.chief, reason="暂缓销毁")
    packages = batch.packages.order_by("pk")
    assert [batch_package_state(p) for p in packages] == ["approved", "cancelled"]
    assert packages.last().identifier.endswith(f"{batch.number}.v2")
