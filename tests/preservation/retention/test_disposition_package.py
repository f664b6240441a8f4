"""The 销毁清册 as its own permanent package (issue #14): approval and
execution each write a version of the batch's package in both storage
locations, holding the register (PDF, XLSX) and the batch in full; it is
written once per state, `package_write --missing` writes what a failed run
left out, and fixity audits verify and repair it like any package."""

import json
from io import StringIO

import bagit
import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from preservation.models import FixityCheck, Package
from preservation.retention.disposition_package import batch_package_write
from preservation.selectors import packages_without_disc
from preservation.services.aips import package_path
from preservation.services.fixity import copy_audit
from tests.preservation.retention.disposition_package_setup import KEPT_NUMBER
from tests.preservation.retention.test_disposition_commands import pdftotext

pytestmark = pytest.mark.django_db


def _batch_json(package: Package) -> dict:
    path = package_path(package, "primary") / "data" / "batch.json"
    return json.loads(path.read_text("utf-8"))


def _versions(batch) -> list[str]:
    return sorted(p.relative_path for p in Package.objects.filter(batch=batch))


def test_approval_writes_the_register_as_a_permanent_package(
    disposed, django_capture_on_commit_callbacks
):
    w = disposed
    with django_capture_on_commit_callbacks(execute=True):
        w.approve()
    package = Package.objects.get(batch=w.batch)
    fonds = w.batch.agency.fonds
    assert package.relative_path == f"registers/{fonds}/{w.batch.number}/v1"
    assert sorted(c.location for c in package.copies.all()) == ["primary", "replica"]
    for location in ("primary", "replica"):
        bag = bagit.Bag(str(package_path(package, location)))
        bag.validate()
        assert bag.info["Retention-Period"] == "永久"
        assert bag.info["Batch-State"] == "approved"
        assert sorted(bag.payload_entries()) == [
            "data/batch.json", "data/销毁清册.pdf", "data/销毁清册.xlsx",
        ]  # fmt: skip
    text = pdftotext(package_path(package, "primary") / "data" / "销毁清册.pdf")
    assert "档案销毁清册" in text and w.batch.number in text
    sheet = load_workbook(package_path(package, "primary") / "data" / "销毁清册.xlsx")
    cells = {c.value for row in sheet.active.iter_rows() for c in row}
    assert w.gone.dossier.archival_code in cells
    assert w.kept.dossier.archival_code not in cells  # 延长: not to be destroyed
    record = _batch_json(package)
    assert record["batch"]["state"] == "approved"
    assert record["batch"]["approved_by"] == "chief"
    kept = next(i for i in record["items"] if i["decision"] == "extend")
    assert kept["dossier"]["case_number"] == KEPT_NUMBER
    assert kept["retention_end_before"] == "2020-12-31"
    assert kept["retention_end_after"] == "2025-12-31"
    assert kept["appraised_by"] == "app2"


def test_execution_adds_a_version_naming_the_destroyed_packages(
    disposed, django_capture_on_commit_callbacks
):
    w = disposed
    gone_identifier, gone_path = w.gone.identifier, w.gone.relative_path
    with django_capture_on_commit_callbacks(execute=True):
        w.approve()
    with django_capture_on_commit_callbacks(execute=True):
        w.execute()
    newest = Package.objects.get(batch=w.batch, relative_path__endswith="/v2")
    record = _batch_json(newest)
    assert record["batch"]["state"] == "executed"
    assert record["batch"]["witnesses"] == ["keeper", "witness"]
    gone = next(i for i in record["items"] if i["decision"] == "destroy")
    tombstone = gone["destroyed"]
    assert tombstone["packages"] == [
        {"identifier": gone_identifier, "relative_path": gone_path, "version": 1}
    ]
    assert tombstone["case"]["destroyed_batch"] == w.batch.number
    assert any(e["eventType"] == "deletion" for e in tombstone["events"])
    assert "parties" not in tombstone  # their personal data went with the case
    text = pdftotext(package_path(newest, "primary") / "data" / "销毁清册.pdf")
    assert "witness" in text
    # Written once per state: asking again writes nothing.
    assert batch_package_write(batch=w.batch) == newest
    assert len(_versions(w.batch)) == 2


def test_package_write_missing_writes_a_batch_package_a_failed_run_left_out(
    disposed,
):
    w = disposed
    w.approve()  # its on-commit write never ran, as if the process died
    assert not Package.objects.filter(batch=w.batch).exists()
    out = StringIO()
    call_command("package_write", "--missing", stdout=out)
    assert f"销毁清册-{w.batch.agency.fonds}-{w.batch.number}.v1" in out.getvalue()
    call_command("package_write", "--missing", stdout=StringIO())
    assert len(_versions(w.batch)) == 1


def test_a_damaged_copy_of_the_register_is_repaired_from_the_other(
    disposed, django_capture_on_commit_callbacks
):
    w = disposed
    with django_capture_on_commit_callbacks(execute=True):
        w.approve()
    package = Package.objects.get(batch=w.batch)
    replica = package.copies.get(location="replica")
    pdf = package_path(package, "replica") / "data" / "销毁清册.pdf"
    pdf.write_bytes(b"not the register")
    check = copy_audit(replica)
    assert check.outcome == "repaired" and check.repaired_from == "primary"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert FixityCheck.objects.filter(copy__package=package).count() == 1


def test_disc_export_leaves_the_register_package_out(
    disposed, django_capture_on_commit_callbacks
):
    w = disposed
    with django_capture_on_commit_callbacks(execute=True):
        w.approve()
    assert Package.objects.filter(batch=w.batch).exists()
    pending = packages_without_disc(disc_set="A")
    assert sorted(p.identifier for p in pending) == sorted(
        [w.gone.identifier, w.kept.identifier]
    )
