"""The storage janitor removes what kills left behind, and only that.

Ages are set with os.utime: the clock is the only thing faked.
"""

import io
import json
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from preservation.services import storage

DAY = 24 * 3600


def _age(path: Path, seconds: float) -> Path:
    """Make a file or a whole folder look `seconds` old."""
    when = time.time() - seconds
    for item in [*path.rglob("*"), path] if path.is_dir() else [path]:
        os.utime(item, (when, when))
    return path


def _file(path: Path, content: bytes = b"x" * 100) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def _leftovers() -> dict[str, Path]:
    primary, replica = Path(settings.ARCHIVE_STORAGE), Path(settings.ARCHIVE_REPLICA)
    staging = Path(settings.ARCHIVE_STAGING)
    bag = "aips/J031/J031-2025-Y30-0001/.incoming-k3j2/bag/data/x.pdf"
    return {
        "incoming": _file(primary / "objects/tmp/incoming-a1b2"),
        "sip": _file(staging / "sip-old1/bag/data/case.json").parents[2],
        "aip": _file(staging / "aip-old2/bag/bagit.txt").parents[1],
        "primary_copy": _file(primary / bag).parents[2],
        "replica_copy": _file(replica / bag).parents[2],
    }


def _janitor(*args: str) -> dict:
    out = io.StringIO()
    call_command("storage_janitor", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_old_leftovers_are_removed_and_named_fresh_ones_stay(archive_storage):
    old = {name: _age(path, 2 * DAY) for name, path in _leftovers().items()}
    fresh = _file(Path(settings.ARCHIVE_STAGING) / "sip-running/bag/bagit.txt")

    result = _janitor()

    assert {Path(r["path"]) for r in result["removed"]} == set(old.values())
    assert result["count"] == 5 and result["bytes"] == 500
    assert not any(path.exists() for path in old.values())
    assert fresh.exists()


@pytest.mark.django_db
def test_dry_run_and_a_longer_grace_remove_nothing(archive_storage):
    old = {name: _age(path, 2 * DAY) for name, path in _leftovers().items()}

    assert _janitor("--dry-run")["count"] == 5
    assert _janitor("--grace", "72")["count"] == 0
    assert all(path.exists() for path in old.values())


@pytest.mark.django_db
def test_a_folder_still_being_written_is_kept(archive_storage):
    staging = _age(_leftovers()["sip"], 2 * DAY)
    _file(staging / "bag/data/new.pdf")  # a run still writing into it

    _janitor()

    assert staging.exists()


def _stray(tmp_path: Path, content: bytes) -> storage.StoredObject:
    return storage.object_store(_file(tmp_path / "stray.bin", content))


def test_unreferenced_objects_are_collected_after_the_grace_period(
    ingested_case, tmp_path
):
    stray = _stray(tmp_path, b"left by a killed ingest")
    material = ingested_case.materials.first()
    referenced = storage.object_path(material.digest)
    _age(stray.path, 2 * DAY)
    _age(referenced, 2 * DAY)
    recent = _stray(tmp_path, b"stored an hour ago")
    _age(recent.path, 3600)

    result = _janitor()

    assert [r["path"] for r in result["removed"]] == [str(stray.path)]
    assert result["removed"][0]["kind"] == "object_unreferenced"
    assert not stray.path.exists()
    assert referenced.exists() and recent.path.exists()


def test_an_object_stored_again_is_not_collected(ingested_case, tmp_path):
    stray = _stray(tmp_path, b"reused by a running ingest")
    _age(stray.path, 2 * DAY)
    again = _stray(tmp_path, b"reused by a running ingest")  # a new ingest reuses it

    assert (again.created, _janitor()["count"]) == (False, 0)
    assert stray.path.exists()


@pytest.mark.django_db
def test_an_empty_catalogue_keeps_every_object(tmp_path):
    stray = _age(_stray(tmp_path, b"database lost?").path, 2 * DAY)

    result = _janitor()

    assert result["count"] == 0 and result["notes"]
    assert stray.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_cleans_up_when_it_starts(archive_storage, settings):
    old = {name: _age(path, 2 * DAY) for name, path in _leftovers().items()}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    assert not any(path.exists() for path in old.values())


@pytest.mark.django_db
def test_the_daily_task_cleans_up(archive_storage):
    from preservation.tasks import storage_janitor_task

    old = _age(_leftovers()["aip"], 2 * DAY)

    result = storage_janitor_task.enqueue()

    assert result.status == "SUCCESSFUL"
    assert result.return_value["count"] == 1
    assert not old.exists()


@pytest.mark.django_db
def test_an_upload_no_submission_needs_goes_after_the_grace_period(archive_storage):
    uploads = Path(settings.ARCHIVE_STAGING) / "uploads"
    killed = _age(_file(uploads / ".upload-k1ll3d"), 2 * DAY)  # server killed
    orphan = _age(_file(uploads / ("J031-" + "a" * 64)), 2 * DAY)
    fresh = _file(uploads / ".upload-runn1ng")  # still being received

    result = _janitor()

    assert {(r["kind"], r["path"]) for r in result["removed"]} == {
        ("upload", str(killed)),
        ("upload", str(orphan)),
    }
    assert not killed.exists() and not orphan.exists()
    assert fresh.exists()
