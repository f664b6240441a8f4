"""fixity_audit also finds what has no record or no copy at all."""

import io
import json
import shutil

from django.core.management import call_command
from django.core.management.base import CommandError

from dossiers.services import dossier_assemble, dossier_seal
from preservation.services import storage
from preservation.services.aips import package_path


def _audit() -> tuple[dict, bool]:
    out = io.StringIO()
    failed = False
    try:
        call_command("fixity_audit", "--all", "--json", "--no-repair", stdout=out)
    except CommandError:
        failed = True
    return json.loads(out.getvalue()), failed


def test_a_complete_archive_passes(package):
    report, failed = _audit()
    assert not failed
    assert report["sealed_without_package"] == report["orphan_bags"] == []
    assert report["incomplete_packages"] == report["unreferenced_objects"] == []


def test_a_sealed_dossier_without_a_package_is_reported(ingested_case, admin_user):
    # Sealed, but the package job never ran (a kill after the seal committed).
    dossier = dossier_seal(
        dossier=dossier_assemble(case=ingested_case),
        user=admin_user,
        override_reason="测试封存",
    )

    report, failed = _audit()

    assert failed
    assert report["sealed_without_package"] == [f"{dossier.archival_code} v1"]


def test_a_missing_copy_an_orphan_bag_and_a_stray_object_are_reported(
    package, tmp_path
):
    replica = package_path(package, "replica")
    orphan = replica.parent.parent / "J031-2099-Y30-9999" / "v1"
    shutil.copytree(replica, orphan)
    shutil.rmtree(replica)
    (tmp_path / "stray").write_bytes(b"left by a killed ingest")
    stray = storage.object_store(tmp_path / "stray")

    report, failed = _audit()

    assert failed
    assert report["incomplete_packages"] == [
        {
            "package": package.identifier,
            "location": "replica",
            "message": "该位置的保存包不存在。",
        }
    ]
    assert report["orphan_bags"] == [str(orphan)]
    assert report["unreferenced_objects"] == [stray.digest]
