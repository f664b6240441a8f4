"""Fixity audits: every kind of damage is found, named and repaired from a good copy."""

import datetime as dt
import io
import json
import random
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dossiers.services import dossier_assemble, dossier_seal
from preservation.models import FixityCheck, PackageCopy
from preservation.services.aips import package_path, package_write
from preservation.services.fixity import copies_due, copy_audit, copy_verify
from tests.conftest import ORDINARY


@pytest.fixture
def package(db, example_bag, django_user_model):
    from preservation.services.ingest import package_ingest

    case = package_ingest(source=example_bag(ORDINARY)).case
    user = django_user_model.objects.create_user("auditor")
    dossier = dossier_seal(
        dossier=dossier_assemble(case=case), user=user, override_reason="测试"
    )
    return package_write(dossier=dossier)


def _copy(package, location="primary") -> PackageCopy:
    return package.copies.get(location=location)


def _files(root, pattern="data/**/*"):
    return sorted(p for p in root.glob(pattern) if p.is_file())


def flip_byte(root, rng):
    path = rng.choice(_files(root))
    data = bytearray(path.read_bytes())
    data[rng.randrange(len(data))] ^= 0x01
    path.write_bytes(bytes(data))
    return path.relative_to(root).as_posix()


def delete_file(root, rng):
    path = rng.choice(_files(root))
    path.unlink()
    return path.relative_to(root).as_posix()


def add_file(root, rng):
    path = root / "data" / "originals" / f"多出来的文件{rng.randrange(1000)}.pdf"
    path.write_bytes(b"%PDF-1.4 extra")
    return path.relative_to(root).as_posix()


def truncate_manifest(root, rng):
    manifest = root / "manifest-sha256.txt"
    lines = manifest.read_text("utf-8").splitlines(keepends=True)
    manifest.write_text("".join(lines[:-1]), "utf-8")
    return "manifest-sha256.txt"


def edit_tag_file(root, rng):
    info = root / "bag-info.txt"
    info.write_text(info.read_text("utf-8").replace("30年", "10年"), "utf-8")
    return "bag-info.txt"


MUTATIONS = [flip_byte, delete_file, add_file, truncate_manifest, edit_tag_file]


def test_intact_copies_raise_no_false_alarm(package):
    for copy in package.copies.all():
        for _ in range(3):
            assert copy_verify(copy).ok
    check = copy_audit(_copy(package))
    # Every payload file plus the tag files listed in the tag manifest.
    assert check.outcome == "ok" and check.files_checked == package.file_count + 3


def test_random_mutations_are_all_detected_and_repaired(package):
    rng = random.Random(20261122)
    for round_ in range(25):
        mutation = MUTATIONS[round_ % len(MUTATIONS)]
        location = rng.choice(["primary", "replica"])
        copy = _copy(package, location)
        damaged = mutation(package_path(package, location), rng)
        check = copy_audit(copy)
        assert check.outcome == "repaired", (mutation.__name__, check.problems)
        assert any(p["path"] == damaged for p in check.problems) or (
            mutation is truncate_manifest
        ), (mutation.__name__, damaged, check.problems)
        assert check.repaired_from == (
            "replica" if location == "primary" else "primary"
        )
        assert copy_verify(copy).ok  # repaired for real
    assert FixityCheck.objects.filter(outcome="repaired").count() == 25


def test_a_same_size_byte_flip_names_the_file(package):
    root = package_path(package, "primary")
    target = root / "data/documents/cover.pdf"
    size = target.stat().st_size
    flip_byte_at(target, 200)
    assert target.stat().st_size == size
    problems = copy_verify(_copy(package)).problems
    assert [(p.code, p.path) for p in problems] == [
        ("checksum_mismatch", "data/documents/cover.pdf")
    ]


def flip_byte_at(path, offset):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_substituted_but_self_consistent_bag_is_caught(package, tmp_path):
    import bagit

    root = package_path(package, "replica")
    fake = tmp_path / "fake"
    shutil.copytree(root, fake)
    (fake / "data/documents/cover.pdf").write_bytes(b"%PDF-1.4 forged cover")
    bagit.Bag(str(fake)).save(manifests=True)
    bagit.Bag(str(fake)).validate()  # valid on its own terms
    shutil.rmtree(root)
    shutil.copytree(fake, root)
    codes = {p.code for p in copy_verify(_copy(package, "replica")).problems}
    assert "tag_manifest_changed" in codes


def test_nothing_is_repaired_from_a_copy_that_is_also_bad(package):
    rng = random.Random(7)
    flip_byte(package_path(package, "primary"), rng)
    flip_byte(package_path(package, "replica"), rng)
    before = sorted(p.read_bytes() for p in _files(package_path(package, "replica")))
    check = copy_audit(_copy(package))
    assert check.outcome == "failed" and check.repaired_from == ""
    after = sorted(p.read_bytes() for p in _files(package_path(package, "replica")))
    assert before == after
    events = package.dossier.case.events.filter(event_type="fixity_audit")
    assert events.last().event_outcome == "failure"


def test_a_missing_copy_is_restored(package):
    shutil.rmtree(package_path(package, "replica"))
    check = copy_audit(_copy(package, "replica"))
    assert check.problems[0]["code"] == "package_missing"
    assert check.outcome == "repaired"
    repair = package.dossier.case.events.get(event_type="repair")
    # Named by what survives a rebuild: package identifier, 档号 and version.
    assert repair.event_outcome_detail == {
        "package": package.identifier,
        "archival_code": package.dossier.archival_code,
        "version": package.dossier.version,
        "from": "primary",
        "to": "replica",
    }


def test_due_copies_are_oldest_first_and_at_least_every_90_days(package):
    now = timezone.now()
    primary, replica = _copy(package), _copy(package, "replica")
    PackageCopy.objects.filter(pk=primary.pk).update(
        last_checked_at=now - dt.timedelta(days=91)
    )
    PackageCopy.objects.filter(pk=replica.pk).update(
        last_checked_at=now - dt.timedelta(days=200)
    )
    assert [c.pk for c in copies_due(now=now)] == [replica.pk, primary.pk]
    PackageCopy.objects.filter(pk=replica.pk).update(last_checked_at=now)
    assert [c.pk for c in copies_due(now=now)] == [primary.pk]


def test_command_reports_json_and_fails_when_unrepairable(package):
    out = io.StringIO()
    call_command("fixity_audit", "--all", "--json", stdout=out)
    assert json.loads(out.getvalue())["ok"] == 2
    rng = random.Random(3)
    flip_byte(package_path(package, "primary"), rng)
    flip_byte(package_path(package, "replica"), rng)
    out = io.StringIO()
    with pytest.raises(CommandError, match="损坏且未能修复"):
        call_command("fixity_audit", "--all", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["failed"] == 2 and report["problems"]


def test_the_scheduled_task_audits_due_copies_once_in_process(package):
    from preservation.tasks import fixity_audit_task

    PackageCopy.objects.update(last_checked_at=None)
    result = fixity_audit_task.enqueue()
    assert result.status == "SUCCESSFUL"
    assert result.return_value["checked"] == 2
    assert FixityCheck.objects.count() == 2  # no runaway rescheduling in-process


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_audit_and_books_tomorrow(package, settings):
    # Transactional: the worker closes and reopens its database connection, as
    # a real worker process does, so the data must be committed.
    from django_tasks_db.models import DBTaskResult

    from preservation.tasks import fixity_audit_task

    # django-tasks resets its backends when the setting changes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    PackageCopy.objects.update(last_checked_at=None)
    fixity_audit_task.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    assert FixityCheck.objects.count() == 2
    upcoming = DBTaskResult.objects.get(status="READY")
    assert upcoming.run_after - timezone.now() > dt.timedelta(hours=23)
