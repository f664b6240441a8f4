"""fixity_audit after a destruction (issue #14): a destroyed dossier is
expected to have no package, the batch's own packages are audited like any
other, and a destroyed package's folder that survived in a location (the
replica was offline during the destruction) is reported as still present,
naming the batch — not as an orphan, not as a loss."""

import json
import os
import shutil
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from preservation.services.aips import package_path
from preservation.services.completeness import completeness_check

pytestmark = pytest.mark.django_db


def _audit(*args) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("fixity_audit", "--all", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def _destroy(w, django_capture_on_commit_callbacks, *, keep_replica_in=None):
    replica = package_path(w.gone, "replica")
    if keep_replica_in:
        shutil.copytree(replica, keep_replica_in)
    with django_capture_on_commit_callbacks(execute=True):
        w.approve()
    with django_capture_on_commit_callbacks(execute=True):
        w.execute()
    if keep_replica_in:  # the replica comes back online with its old copy
        shutil.copytree(keep_replica_in, replica)
    return replica


def test_a_destruction_leaves_nothing_to_report(
    disposed, django_capture_on_commit_callbacks
):
    _destroy(disposed, django_capture_on_commit_callbacks)
    report = completeness_check()
    assert report.found == 0, report.as_json()
    out, failed = _audit("--json")
    assert failed is None
    data = json.loads(out)
    # the kept dossier's package and the batch's two versions, two copies each
    assert (data["checked"], data["ok"]) == (6, 6)
    assert data["destroyed_still_present"] == []


def test_a_destroyed_package_still_in_the_replica_is_reported_as_such(
    disposed, django_capture_on_commit_callbacks, tmp_path
):
    w = disposed
    identifier = w.gone.identifier
    replica = _destroy(
        w, django_capture_on_commit_callbacks, keep_replica_in=tmp_path / "offline"
    )
    report = completeness_check()
    assert report.destroyed_still_present == [
        {
            "identifier": identifier,
            "location": "replica",
            "path": str(replica),
            "batch": w.batch.number,
        }
    ]
    assert report.orphan_bags == [] and report.sealed_without_package == []
    out, failed = _audit("--json")
    assert failed is not None and failed.returncode == 1
    assert json.loads(out)["destroyed_still_present"][0]["identifier"] == identifier
    out, _failed = _audit()
    assert f"已随批次 {w.batch.number} 销毁的保存包仍在副本存储：{identifier}" in out


def test_the_janitor_removes_a_leftover_beside_a_batch_package(archive_storage):
    """A copy half-placed beside registers/<全宗号>/<批次号>/v<n> by a killed
    run is collected after the grace period, like one beside a dossier's."""
    folder = Path(settings.ARCHIVE_REPLICA) / "registers/J031/XH2026-001/.incoming-x1"
    (folder / "bag").mkdir(parents=True)
    (folder / "bag" / "bagit.txt").write_bytes(b"x" * 10)
    old = time.time() - 2 * 24 * 3600
    for item in [*folder.rglob("*"), folder]:
        os.utime(item, (old, old))
    out = StringIO()
    call_command("storage_janitor", "--json", stdout=out)
    assert [Path(r["path"]) for r in json.loads(out.getvalue())["removed"]] == [folder]
    assert not folder.exists()
