"""Ingest as a whole: idempotent, all or nothing, with a history, and safe
beside a concurrent ingest of the same bytes."""

import hashlib
import importlib
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from dossiers.models import Case, CaseEvent, Material
from dossiers.services import case_create
from preservation.models import IngestReport
from preservation.services import storage
from preservation.services.ingest import ingest, package_ingest
from tests.conftest import ORDINARY
from tests.preservation.builders import (
    CASE_JSON,
    DECISION_PDF,
    LAST_PDF,
    assert_nothing_left,
    assert_refused,
    bag_clone,
    byte_flip,
    case_number_change,
    material_add,
    pdf_bytes,
    rebag,
    staging_leftovers,
    stored_objects,
    zip_bag,
)

pytestmark = pytest.mark.django_db

# Where case_create looks up _material_create (dossiers.services or a submodule).
CASE_SERVICES = importlib.import_module(case_create.__module__)

EVENT_TYPES = [
    "validation",
    "fixity_check",
    "format_identification",
    "four_property_check",
    "ingestion",
    "regulation_check",
]


def _fail_on_call(monkeypatch, module, name, n):
    """Make `module.name` raise on its n-th call, and work otherwise."""
    original = getattr(module, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise RuntimeError("注入的故障")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


def test_the_same_package_twice_is_one_case(example_bag):
    bag = example_bag()
    first = package_ingest(source=bag)
    objects = stored_objects()

    second = package_ingest(source=bag)

    assert second.status == "duplicate"
    assert second.case == first.case
    assert second.errors == []
    assert Case.objects.count() == 1
    assert Material.objects.count() == 15
    assert stored_objects() == objects


def test_the_same_package_as_zip_after_the_directory_is_a_duplicate(example_bag):
    bag = example_bag()
    package_ingest(source=bag)

    report = package_ingest(source=zip_bag(bag))

    assert report.status == "duplicate"
    assert Case.objects.count() == 1


def test_a_changed_package_for_an_archived_case_is_refused(example_bag):
    bag = example_bag()
    first = package_ingest(source=bag)
    before = {m.path: m.digest for m in first.case.materials.all()}
    objects = stored_objects()
    byte_flip(bag / DECISION_PDF)
    rebag(bag)

    report = package_ingest(source=bag)

    assert_refused(report, "case_already_archived", CASE_JSON, "case.case_number")
    assert report.case_number == first.case.case_number
    case = Case.objects.get()
    assert case.package_fingerprint == first.fingerprint
    assert {m.path: m.digest for m in case.materials.all()} == before
    assert case.events.count() == len(EVENT_TYPES)
    assert stored_objects() == objects
    assert staging_leftovers() == []


@pytest.mark.parametrize(
    ("module", "name"),
    [
        pytest.param(CASE_SERVICES, "_material_create", id="material-row"),
        pytest.param(storage, "object_store", id="object-store"),
    ],
)
def test_a_crash_mid_ingest_leaves_nothing_and_can_be_retried(
    example_bag, monkeypatch, module, name
):
    bag = example_bag()
    _fail_on_call(monkeypatch, module, name, 3)

    with pytest.raises(RuntimeError, match="注入的故障"):
        package_ingest(source=bag)

    assert_nothing_left()
    assert IngestReport.objects.count() == 0
    monkeypatch.undo()
    report = package_ingest(source=bag)
    assert report.status == "accepted", report.errors
    assert report.case.materials.count() == 15


@pytest.mark.parametrize("failure", ["refused", "crash"])
def test_a_failed_ingest_keeps_objects_shared_with_another_case(
    example_bag, monkeypatch, failure
):
    bag = example_bag()
    first = package_ingest(source=bag).case
    objects = stored_objects()
    other = bag_clone(bag, "another-case")
    case_number_change(other, "珠应急罚〔2025〕99号")
    (other / LAST_PDF).write_bytes(pdf_bytes(encrypted=failure == "refused"))
    rebag(other)
    if failure == "crash":
        _fail_on_call(monkeypatch, CASE_SERVICES, "_material_create", 3)

    if failure == "crash":
        with pytest.raises(RuntimeError):
            package_ingest(source=other)
    else:
        report = package_ingest(source=other)
        assert_refused(report, "pdf_encrypted", LAST_PDF)

    # The 14 files the two cases share are still there; the new one is gone.
    assert stored_objects() == objects
    for material in first.materials.all():
        with storage.object_open(material.digest) as f:
            assert len(f.read()) == material.size
    assert list(Case.objects.all()) == [first]
    assert Material.objects.count() == 15
    assert staging_leftovers() == []


def test_losing_a_race_to_a_concurrent_ingest_is_a_duplicate(example_bag, monkeypatch):
    bag = example_bag()
    first = package_ingest(source=bag).case
    existing = ingest._existing_case
    calls = []

    def not_yet(submission):
        # The other ingest commits between our check and our insert.
        calls.append(1)
        return None if len(calls) == 1 else existing(submission)

    monkeypatch.setattr(ingest, "_existing_case", not_yet)

    report = package_ingest(source=bag)

    assert report.status == "duplicate"
    assert report.case == first
    assert Case.objects.count() == 1
    assert Material.objects.count() == 15


def test_an_accepted_ingest_writes_its_history(ingested_case):
    events = list(ingested_case.events.all())

    assert [e.event_type for e in events] == EVENT_TYPES
    assert {e.event_outcome for e in events[:-1]} == {"success"}
    # The sample is archived late (a warning): the regulation check says so.
    regulation = events[-1]
    assert regulation.event_outcome == "warning"
    codes = {f["code"] for f in regulation.event_outcome_detail["findings"]}
    assert "archived_late" in codes
    assert {e.linking_agent for e in events} == {"ingest"}
    fixity = ingested_case.events.get(event_type="fixity_check")
    total = sum(m.size for m in ingested_case.materials.all())
    assert fixity.event_outcome_detail == {"files": 15, "bytes": total}


def test_case_events_cannot_be_updated(ingested_case):
    event = ingested_case.events.first()
    event.event_detail = "改写的历史"

    with pytest.raises(ValidationError):
        event.save()

    event.refresh_from_db()
    assert event.event_detail != "改写的历史"


def test_case_events_cannot_be_deleted(ingested_case):
    event = ingested_case.events.first()

    with pytest.raises(ValidationError):
        event.delete()

    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_the_report_of_an_accepted_ingest(ingested_case):
    report = ingested_case.ingest_reports.get()

    assert report.status == "accepted"
    assert report.package_name == "sip-example-major-penalty"
    assert (report.case_number, report.agency_name) == (
        "珠应急罚〔2025〕11号",
        "衡阳市珠晖区应急管理局",
    )
    assert report.file_count == 15
    assert report.byte_count == sum(m.size for m in ingested_case.materials.all())
    assert report.fingerprint == ingested_case.package_fingerprint


def test_progress_is_reported_per_file(example_bag):
    seen = []

    report = package_ingest(
        source=example_bag(), progress=lambda rel, n: seen.append((rel, n))
    )

    assert len(seen) == 15
    assert sum(n for _, n in seen) == report.byte_count


def test_a_refusal_is_reported_once_and_leaves_only_its_report(example_bag):
    bag = example_bag()
    byte_flip(bag / DECISION_PDF)

    report = package_ingest(source=bag)

    assert list(IngestReport.objects.all()) == [report]
    assert report.case is None
    assert_nothing_left()


# --- two ingests at once that share a file: a refusal never takes the other's
# original. Package A (refused: it carries an executable) and package B
# (accepted) both hold the same new PDF. They run in two threads, interleaved at
# the worst moment through ingest's public progress callback: A stores the PDF
# first, B stores the same bytes (finding the object already there), A is
# refused and cleans up, and only then does B commit its case.

SHARED = "data/materials/investigation/20-共同证据.pdf"
EXECUTABLE = "data/materials/investigation/21-电子数据.bin"
WAIT = 60


def _bags(example_bag) -> tuple[Path, Path]:
    refused, accepted = example_bag(), example_bag(ORDINARY)
    for bag in (refused, accepted):
        material_add(bag, SHARED, pdf_bytes(), form="text", title="共同证据")
    material_add(
        refused,
        EXECUTABLE,
        Path("/bin/true").read_bytes(),
        form="electronic_data",
        title="数据",
    )
    rebag(refused)
    rebag(accepted)
    return refused, accepted


class _Interleaving:
    """A stores SHARED → B stores SHARED → A finishes → B finishes."""

    def __init__(self) -> None:
        self.a_stored = threading.Event()
        self.b_stored = threading.Event()
        self.a_done = threading.Event()
        self.reports: dict[str, object] = {}

    def run_a(self, bag: Path) -> None:
        def progress(rel: str, _size: int) -> None:
            if rel == SHARED:
                self.a_stored.set()
                assert self.b_stored.wait(WAIT)

        self._ingest("a", bag, progress)
        self.a_done.set()

    def run_b(self, bag: Path) -> None:
        def progress(rel: str, _size: int) -> None:
            if rel == SHARED:
                self.b_stored.set()
                assert self.a_done.wait(WAIT)

        assert self.a_stored.wait(WAIT)
        self._ingest("b", bag, progress)

    def _ingest(self, name: str, bag: Path, progress) -> None:
        try:
            self.reports[name] = package_ingest(source=bag, progress=progress)
        finally:
            connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_refused_ingest_keeps_the_original_a_concurrent_ingest_reused(
    example_bag,
):
    refused_bag, accepted_bag = _bags(example_bag)
    run = _Interleaving()
    threads = [
        threading.Thread(target=run.run_a, args=(refused_bag,)),
        threading.Thread(target=run.run_b, args=(accepted_bag,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 2)

    assert run.reports["a"].status == "refused"
    accepted = run.reports["b"]
    assert accepted.status == "accepted", accepted.errors
    materials = Material.objects.filter(case=accepted.case)
    assert SHARED in {m.path for m in materials}
    for material in materials:
        path = storage.object_path(material.digest)
        assert path.is_file(), f"{material.path} 的原件已丢失"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == material.digest
