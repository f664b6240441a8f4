"""Disposition survives the loss of the database (issue #14): rebuild_from_aips
restores, from the batches' own packages, the batch with its appraisals,
witnesses and exclusions, the re-appraised retention, and the tombstone of
every destroyed case — and never takes back a destroyed package whose copy
survived in a location; it reports it."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from access_control.models import Membership
from dossiers.models import Case, Dossier
from preservation.models import (
    DispositionBatch,
    DispositionExclusion,
    DispositionItem,
    Hold,
    Package,
)
from preservation.retention.disposition_cancel import batch_cancel
from preservation.services.aips import package_path
from preservation.services.completeness import completeness_check
from preservation.services.rebuild import catalogue_rebuild
from search.models import CaseSearchRecord
from tests.preservation.retention.disposition_setup import NOW
from tests.preservation.services.rebuild.helpers import wipe

pytestmark = pytest.mark.django_db


def _destroy(w, capture, tmp_path: Path) -> Path:
    """Approve and execute, the replica offline: its copy of `gone` survives."""
    replica = package_path(w.gone, "replica")
    shutil.copytree(replica, tmp_path / "offline")
    with capture(execute=True):
        w.approve()
    with capture(execute=True):
        w.execute()
    shutil.copytree(tmp_path / "offline", replica)
    return replica


def _wipe() -> None:
    """The catalogue lost, batches too (their packages go with `wipe`)."""
    DispositionBatch.witnesses.through.objects.all().delete()
    for model in (DispositionExclusion, DispositionItem, DispositionBatch):
        model._base_manager.all()._raw_delete(using="default")
    CaseSearchRecord.objects.all().delete()  # with its keys
    for model in (Hold, Membership):
        model._base_manager.all()._raw_delete(using="default")
    wipe()


def _rebuild_from_replica():
    return catalogue_rebuild(root=Path(settings.ARCHIVE_REPLICA))


def test_the_batch_its_reappraisal_and_the_tombstone_come_back(
    disposed, django_capture_on_commit_callbacks, tmp_path
):
    w = disposed
    gone_code, identifier = w.gone.dossier.archival_code, w.gone.identifier
    replica = _destroy(w, django_capture_on_commit_callbacks, tmp_path)
    extent = w.batch.items.get(decision="destroy").extent
    kept_before = Dossier.objects.values(
        "retention", "retention_end", "retention_reason"
    ).get(pk=w.kept.dossier.pk)
    _wipe()

    report = _rebuild_from_replica()

    assert [p.message for p in report.problems] == [
        f"保存包 {identifier} 已随销毁鉴定批次 {w.batch.number} 销毁，未导入；"
        "这是销毁时未能删除的副本，应予销毁。"
    ]
    assert (report.cases_created, report.tombstones_created) == (1, 1)
    assert report.batches_restored == 1
    kept = Dossier.objects.get(case__case_number=w.kept.dossier.case.case_number)
    assert {
        "retention": kept.retention,
        "retention_end": kept.retention_end,
        "retention_reason": kept.retention_reason,
    } == kept_before
    assert kept.retention_end == dt.date(2025, 12, 31)
    tomb = Dossier.objects.get(archival_code=gone_code)
    assert (tomb.destroyed_at, tomb.destroyed_batch) == (NOW, w.batch.number)
    assert tomb.case.destroyed_at == NOW and not tomb.case.materials.exists()
    assert tomb.case.events.filter(event_type="deletion").count() == 1
    assert not Package.objects.filter(identifier=identifier).exists()
    batch = DispositionBatch.objects.get(number=w.batch.number)
    assert (batch.state, batch.approved_by.username) == ("executed", "chief")
    assert sorted(u.username for u in batch.witnesses.all()) == ["keeper", "witness"]
    items = {i.dossier.archival_code: i for i in batch.items.all()}
    assert items[gone_code].decision == "destroy"
    assert items[gone_code].extent == extent
    assert items[kept.archival_code].appraised_by.username == "app2"
    assert sorted(p.relative_path[-2:] for p in batch.packages.all()) == ["v1", "v2"]
    # The survivor is still where it was, reported as destroyed, not live.
    (still,) = completeness_check().destroyed_still_present
    assert still["path"] == str(replica) and still["batch"] == w.batch.number


def test_an_exclusion_keeps_its_hold_even_one_newer_than_the_package(
    disposed_held, django_capture_on_commit_callbacks, tmp_path
):
    w = disposed_held
    with django_capture_on_commit_callbacks(execute=True):
        w.approve()
    _wipe()

    report = _rebuild_from_replica()

    assert report.problems == []
    assert any("不在其保存包中" in n.message for n in report.notes)
    (exclusion,) = DispositionExclusion.objects.all()
    assert exclusion.dossier.case.case_number == w.held.dossier.case.case_number
    hold = exclusion.hold
    assert (hold.kind, hold.reference, hold.placed_by.username) == (
        "litigation",
        "（2026）湘0405行初7号",
        "keeper",
    )
    assert hold.released_at is None
    assert DispositionBatch.objects.get().state == "approved"
    assert Case.objects.filter(destroyed_at__isnull=False).count() == 0


def test_a_batch_cancelled_after_approval_comes_back_cancelled(
    disposed, django_capture_on_commit_callbacks
):
    w = disposed
    with django_capture_on_commit_callbacks(execute=True):
        w.approve()
    with django_capture_on_commit_callbacks(execute=True):
        batch_cancel(batch=w.batch, user=w.chief, reason="发现新的利用需求")
    _wipe()

    report = _rebuild_from_replica()

    assert report.problems == [] and report.batches_restored == 1
    batch = DispositionBatch.objects.get()
    assert (batch.state, batch.cancelled_by.username) == ("cancelled", "chief")
    assert batch.cancel_reason == "发现新的利用需求"
    assert Case.objects.filter(destroyed_at__isnull=False).count() == 0
    kept = Dossier.objects.get(archival_code=w.kept.dossier.archival_code)
    assert kept.retention_end == dt.date(2025, 12, 31)  # the re-appraisal stands
