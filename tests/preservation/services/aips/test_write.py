"""Sealing writes a BagIt 1.0 AIP to both locations; nothing half-written ever
shows, and a write that restarts finishes or redoes what it finds."""

import hashlib
import json
import shutil

import bagit
import pytest
from django.core.exceptions import ValidationError

from dossiers.models import Dossier
from dossiers.services import dossier_assemble, dossier_new_version, dossier_seal
from preservation import files
from preservation.deletion.guard import deletion_permits_issue
from preservation.models import Package, PackageLocation
from preservation.services.aips import (
    PackageWriteError,
    package_path,
    package_write,
    write,
)
from preservation.services.storage import object_path


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("sealer")


def _seal(case, user) -> Dossier:
    dossier = case.dossiers.order_by("-version").first() or dossier_assemble(case=case)
    return dossier_seal(dossier=dossier, user=user, override_reason="测试封存")


@pytest.fixture
def package(ingested_case, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = _seal(ingested_case, user)
    return Package.objects.get(dossier=dossier)


def _manifest(path):
    lines = (path / "manifest-sha256.txt").read_text("utf-8").splitlines()
    return {rel: digest for digest, rel in (line.split("  ", 1) for line in lines)}


def test_sealing_writes_a_valid_bag_in_both_locations(package):
    for location in ("primary", "replica"):
        path = package_path(package, location)
        bagit.Bag(str(path)).validate()  # the reference validator, in full
        assert (path / "bagit.txt").read_text().startswith("BagIt-Version: 1.0")
    assert {c.location for c in package.copies.all()} == {"primary", "replica"}


def test_aip_carries_originals_documents_metadata_and_events(package):
    path = package_path(package, "primary")
    dossier = package.dossier
    manifest = _manifest(path)
    for material in dossier.case.materials.all():
        rel = "data/originals/" + material.path.removeprefix("data/")
        assert manifest[rel] == material.digest  # checksums match the database
    for name in (
        "dossier.pdf",
        "catalog.pdf",
        "catalog-xlsx.xlsx",
        "cover.pdf",
        "backsheet.pdf",
        "findings.csv",
    ):
        assert f"data/documents/{name}" in manifest
    metadata = json.loads((path / "data/metadata/dossier.json").read_text("utf-8"))
    assert metadata["case"]["case_number"] == dossier.case.case_number
    assert metadata["dossiers"][-1]["archival_code"] == dossier.archival_code
    events = json.loads((path / "data/metadata/events.json").read_text("utf-8"))
    assert "dossier_sealed" in {e["eventType"] for e in events}


def test_bag_info_names_the_dossier(package):
    info = bagit.Bag(str(package_path(package, "replica"))).info
    dossier = package.dossier
    assert info["External-Identifier"] == dossier.archival_code
    assert info["Case-Number"] == dossier.case.case_number
    assert info["Fonds"] == dossier.case.agency.fonds
    assert info["Retention-Period"] == "30年"
    assert info["Retention-End"] == str(dossier.retention_end)
    assert info["Package-Version"] == "1"


def test_the_tag_manifest_digest_is_recorded(package):
    path = package_path(package, "primary") / "tagmanifest-sha256.txt"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == package.tagmanifest_sha256
    assert package.dossier.case.events.filter(event_type="package_created").exists()


def test_a_new_version_writes_a_new_package_and_keeps_the_old(
    package, user, django_capture_on_commit_callbacks
):
    draft = dossier_new_version(dossier=package.dossier, user=user, reason="补充说明")
    with django_capture_on_commit_callbacks(execute=True):
        dossier_seal(dossier=draft, user=user, override_reason="测试")
    assert Package.objects.count() == 2
    second = Package.objects.get(dossier=draft)
    assert second.relative_path.endswith("/v2")
    assert package_path(package, "primary").is_dir()


def test_a_draft_gets_no_package(ingested_case):
    with pytest.raises(ValidationError):
        package_write(dossier=dossier_assemble(case=ingested_case))


def test_a_crash_while_writing_leaves_no_package(
    ingested_case, user, monkeypatch, settings
):
    dossier = _seal(ingested_case, user)

    def crash(root):
        raise OSError("disk full")

    monkeypatch.setattr(write, "_validate", crash)
    with pytest.raises(OSError):
        package_write(dossier=dossier)
    assert not Package.objects.exists()
    for root in (settings.ARCHIVE_STORAGE, settings.ARCHIVE_REPLICA):
        assert not list(root.glob("aips/**/v1"))
    assert list(settings.ARCHIVE_STAGING.iterdir()) == []


def test_a_crash_before_the_replica_leaves_no_replica_half_written(
    ingested_case, user, monkeypatch, settings
):
    dossier = _seal(ingested_case, user)
    real_copy = files.copy_synced
    calls = {"n": 0}

    def flaky(src, dst):
        calls["n"] += 1
        if "replica" in str(dst) and calls["n"] > 3:
            raise OSError("replica unreachable")
        real_copy(src, dst)

    monkeypatch.setattr(files, "copy_synced", flaky)
    with pytest.raises(OSError):
        package_write(dossier=dossier)
    assert not list(settings.ARCHIVE_REPLICA.glob("aips/**/v1"))
    assert not Package.objects.exists()


def test_a_corrupt_original_is_caught_before_packaging(ingested_case, user):
    dossier = _seal(ingested_case, user)
    material = dossier.case.materials.get(sequence=1)
    target = object_path(material.digest)
    target.chmod(0o644)
    data = bytearray(target.read_bytes())
    data[100] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(PackageWriteError, match=material.path):
        package_write(dossier=dossier)
    assert not Package.objects.exists()


def test_sm3_manifests_when_the_agency_asks(ingested_case, user):
    agency = ingested_case.agency
    agency.sm3_manifests = True
    agency.save()
    package = package_write(dossier=_seal(ingested_case, user))
    path = package_path(package, "primary")
    assert package.algorithms == ["sha256", "sm3"]
    sm3 = dict(
        line.split("  ", 1)[::-1]
        for line in (path / "manifest-sm3.txt").read_text("utf-8").splitlines()
    )
    original = path / "data/metadata/events.json"
    assert (
        sm3["data/metadata/events.json"]
        == hashlib.new("sm3", original.read_bytes()).hexdigest()
    )


# --- resuming: what package writing finds at a package's final path when it
# (re)starts.


@pytest.fixture
def sealed_without_package(ingested_case, django_user_model):
    """A sealed dossier whose package is written, then its row forgotten."""
    user = django_user_model.objects.create_user("sealer")
    dossier = dossier_assemble(case=ingested_case)
    dossier = dossier_seal(dossier=dossier, user=user, override_reason="测试封存")
    package = package_write(dossier=dossier)
    paths = {loc: package_path(package, loc) for loc in PackageLocation.values}
    tagmanifest = package.tagmanifest_sha256
    # Forgetting a package needs the permit a disposition would write.
    deletion_permits_issue(
        queryset=Package.objects.filter(pk=package.pk), batch_reference="test"
    )
    package.copies.all().delete()
    package.delete()
    return dossier, paths, tagmanifest


def _asides(path) -> list:
    return sorted(path.parent.glob(".aside-*"))


def test_a_complete_primary_bag_is_adopted_and_the_replica_finished(
    sealed_without_package,
):
    dossier, paths, tagmanifest = sealed_without_package
    shutil.rmtree(paths[PackageLocation.REPLICA])

    package = package_write(dossier=dossier)

    assert package.tagmanifest_sha256 == tagmanifest
    for path in paths.values():
        bagit.Bag(str(path)).validate()
    assert package.copies.count() == 2


def test_a_partial_primary_bag_is_moved_aside_and_rewritten(sealed_without_package):
    dossier, paths, _ = sealed_without_package
    primary = paths[PackageLocation.PRIMARY]
    next(primary.glob("data/originals/**/*.pdf")).unlink()

    package = package_write(dossier=dossier)

    bagit.Bag(str(primary)).validate()
    assert len(_asides(primary)) == 1
    replica = paths[PackageLocation.REPLICA]
    assert len(_asides(replica)) == 1  # the old replica no longer matches
    tagmanifests = {
        (p / "tagmanifest-sha256.txt").read_bytes() for p in (primary, replica)
    }
    assert len(tagmanifests) == 1
    assert Package.objects.get(dossier=dossier) == package


def test_another_dossiers_bag_at_the_path_is_not_adopted(sealed_without_package):
    dossier, paths, _ = sealed_without_package
    primary = paths[PackageLocation.PRIMARY]
    info = primary / "bag-info.txt"
    info.write_text(
        info.read_text("utf-8").replace("Package-Version: 1", "Package-Version: 9"),
        "utf-8",
    )
    bagit.Bag(str(primary)).save()  # valid on its own terms, but not this version

    package_write(dossier=dossier)

    assert "Package-Version: 1" in info.read_text("utf-8")
    assert len(_asides(primary)) == 1
