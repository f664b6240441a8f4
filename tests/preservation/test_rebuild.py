"""The catalogue rebuilt from AIPs alone equals the original, field by field."""

import io
import json
import shutil
from collections import defaultdict
from pathlib import Path

import bagit
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models

from access_control.models import (
    AgencyGroupObjectPermission,
    AgencyUserObjectPermission,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
)
from dossiers.models import (
    Agency,
    Case,
    CaseEvent,
    Dossier,
    DossierEntry,
    Material,
    Officer,
    Party,
)
from dossiers.services import (
    dossier_assemble,
    dossier_entry_move,
    dossier_new_version,
    dossier_seal,
    dossier_update,
)
from preservation.files import digest as file_digest
from preservation.models import (
    FixityCheck,
    IngestReport,
    Package,
    PackageCopy,
)
from preservation.services.aips import package_path, package_write
from preservation.services.ingest import package_ingest
from preservation.services.rebuild import AGENT, CatalogueNotEmpty, catalogue_rebuild
from preservation.services.storage import object_path
from tests.conftest import MAJOR, ORDINARY
from tests.preservation.builders import byte_flip

pytestmark = pytest.mark.django_db

MAJOR_NUMBER = "珠应急罚〔2025〕11号"
ORDINARY_NUMBER = "和司罚〔2021〕10号"

# What identifies a row across databases, for every foreign key compared.
NATURAL_KEYS = {
    Agency: lambda a: a.code,
    Case: lambda c: c.case_number,
    Material: lambda m: (m.case.case_number, m.sequence),
    Dossier: lambda d: (d.case.case_number, d.version),
    Package: lambda p: p.identifier,
    get_user_model(): lambda u: u.get_username(),
}

# Every concrete field is compared except these (and the auto primary keys,
# which are new in the new database):
EXCLUDED = {
    # auto_now_add, and not in the AIP metadata (aip_metadata leaves it out).
    Agency: {"created_at"},
    # auto_now_add; a bag records only its Bagging-Date (a day, not a time).
    Package: {"created_at"},
    # The state of a stored copy, not archival content: the rebuild records what
    # it checked itself (asserted in the test).
    PackageCopy: {"last_checked_at", "last_outcome"},
}


@pytest.fixture
def sealer(django_user_model):
    return django_user_model.objects.create_user("sealer")


def _ingest(example_bag, name: str) -> Case:
    report = package_ingest(source=example_bag(name))
    assert report.status == "accepted", report.errors
    return report.case


def _seal_and_package(dossier: Dossier, user) -> Package:
    dossier = dossier_update(dossier=dossier, user=user, compiler="李立卷")
    dossier = dossier_seal(
        dossier=dossier, user=user, override_reason="样例材料不全，经科长批准封存。"
    )
    return package_write(dossier=dossier)


def _archive(example_bag, user, *names: str) -> None:
    """Ingest, assemble, seal and package each sample."""
    for name in names:
        case = _ingest(example_bag, name)
        dossier = dossier_assemble(case=case, user=user)
        if name == ORDINARY:  # an order the template would not give
            last = dossier.entries.order_by("-sort_order").first()
            dossier_entry_move(entry=last, position=0, user=user)
        _seal_and_package(dossier, user)


def _second_version(case_number: str, user) -> None:
    sealed = Dossier.objects.get(case__case_number=case_number)
    draft = dossier_new_version(dossier=sealed, user=user, reason="补充卷内说明。")
    draft = dossier_update(dossier=draft, user=user, remarks="第二版补充了说明。")
    _seal_and_package(draft, user)


def _aips_copy(tmp_path: Path) -> Path:
    target = tmp_path / "restore"
    shutil.copytree(Path(settings.ARCHIVE_STORAGE) / "aips", target / "aips")
    return target


def _wipe() -> None:
    """Empty the catalogue as a lost database would be, model guards bypassed."""
    for model in (
        FixityCheck,
        PackageCopy,
        Package,
        IngestReport,
        DossierEntry,
        Dossier,
        CaseEvent,  # its manager refuses bulk deletes on purpose
        Material,
        Party,
        Officer,
        CaseUserObjectPermission,
        CaseGroupObjectPermission,
        Case,
        AgencyUserObjectPermission,
        AgencyGroupObjectPermission,
        Agency,
    ):
        model._base_manager.all()._raw_delete(using="default")
    Group.objects.all().delete()  # the agencies' archivists groups
    shutil.rmtree(Path(settings.ARCHIVE_STORAGE) / "objects")


def _row(obj: models.Model) -> dict:
    row = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key or f.name in EXCLUDED.get(type(obj), ()):
            continue
        value = getattr(obj, f.name)
        if f.is_relation and value is not None:
            value = NATURAL_KEYS[f.related_model](value)
        row[f.name] = value
    return row


def _keyed(objs, key) -> dict:
    return {key(o): _row(o) for o in objs}


def _in_order(objs, case_of) -> dict[str, list[dict]]:
    """Rows per case, in their order (parties and officers by pk, events by time)."""
    rows = defaultdict(list)
    for obj in objs:
        rows[case_of(obj)].append(_row(obj))
    return dict(rows)


def _catalogue() -> dict:
    number = NATURAL_KEYS[Case]
    return {
        "agencies": _keyed(Agency.objects.all(), NATURAL_KEYS[Agency]),
        "cases": _keyed(Case.objects.all(), number),
        "parties": _in_order(Party.objects.order_by("pk"), lambda p: number(p.case)),
        "officers": _in_order(Officer.objects.order_by("pk"), lambda o: number(o.case)),
        "materials": _keyed(Material.objects.all(), NATURAL_KEYS[Material]),
        "dossiers": _keyed(Dossier.objects.all(), NATURAL_KEYS[Dossier]),
        "entries": _keyed(
            DossierEntry.objects.all(),
            lambda e: (*NATURAL_KEYS[Dossier](e.dossier), e.sort_order),
        ),
        "reports": _keyed(IngestReport.objects.all(), lambda r: number(r.case)),
        "events": _in_order(CaseEvent.objects.all(), lambda e: number(e.case)),
        "packages": _keyed(Package.objects.all(), NATURAL_KEYS[Package]),
        "copies": _keyed(
            PackageCopy.objects.all(), lambda c: (c.package.identifier, c.location)
        ),
    }


def test_the_rebuilt_catalogue_equals_the_original(
    example_bag, sealer, tmp_path, settings
):
    _archive(example_bag, sealer, MAJOR, ORDINARY)
    _second_version(MAJOR_NUMBER, sealer)
    original = _catalogue()
    restore = _aips_copy(tmp_path)
    _wipe()
    shutil.rmtree(settings.ARCHIVE_STORAGE / "aips")  # the primary copies are lost too

    report = catalogue_rebuild(root=restore)

    assert report.problems == []
    assert (report.packages_read, report.cases_created) == (3, 2)
    assert (report.dossiers_created, report.packages_recorded) == (3, 3)
    rebuilt = _catalogue()
    # The one event no package can hold is the creation of the newest package
    # itself (it records the package's digest); the rebuild appends its own.
    for case_number, events in original["events"].items():
        assert events.pop()["event_type"] == "package_created"
        last = rebuilt["events"][case_number].pop()
        assert (last["event_type"], last["linking_agent"]) == ("validation", AGENT)
    for table, rows in original.items():
        assert rows, table
        assert rebuilt[table] == rows, table


DOSSIER_EVENTS = {
    "dossier_assembled",
    "dossier_reordered",
    "dossier_updated",
    "dossier_sealed",
    "dossier_versioned",
    "package_created",
}


def test_rebuilt_dossier_events_still_name_their_dossier(example_bag, sealer, tmp_path):
    _archive(example_bag, sealer, ORDINARY)
    _second_version(ORDINARY_NUMBER, sealer)
    restore = _aips_copy(tmp_path)
    _wipe()

    catalogue_rebuild(root=restore)

    events = CaseEvent.objects.filter(event_type__in=DOSSIER_EVENTS)
    assert {e.event_type for e in events} == DOSSIER_EVENTS
    for event in events:
        named = event.event_outcome_detail
        dossier = Dossier.objects.get(
            case=event.case,
            archival_code=named["archival_code"],
            version=named["version"],
        )
        if event.event_type == "package_created":
            assert Package.objects.get(identifier=named["package"]).dossier == dossier
        if event.event_type == "dossier_versioned":
            assert (dossier.version, named["previous_version"]) == (2, 1)


def test_originals_and_package_copies_are_back_in_storage(
    example_bag, sealer, tmp_path, settings
):
    _archive(example_bag, sealer, ORDINARY)
    restore = _aips_copy(tmp_path)
    _wipe()
    shutil.rmtree(settings.ARCHIVE_STORAGE / "aips")

    report = catalogue_rebuild(root=restore)

    for material in Material.objects.all():
        assert file_digest(object_path(material.digest)) == material.digest
    package = Package.objects.get()
    bagit.Bag(str(package_path(package, "primary"))).validate()
    assert any("主存储缺少该保存包" in n.message for n in report.notes)
    # Neither stored copy was the one validated: the next fixity audit checks them.
    assert set(package.copies.values_list("location", "last_outcome")) == {
        ("primary", ""),
        ("replica", ""),
    }
    # The agency's archivists group is back, holding the agency's records.
    agency = Agency.objects.get()
    assert AgencyGroupObjectPermission.objects.filter(content_object=agency).exists()


def test_a_rebuild_from_the_primary_location_marks_its_copy_checked(
    example_bag, sealer
):
    _archive(example_bag, sealer, ORDINARY)
    _wipe()

    report = catalogue_rebuild(root=Path(settings.ARCHIVE_STORAGE))

    assert report.problems == [] and report.notes == []
    copies = dict(Package.objects.get().copies.values_list("location", "last_outcome"))
    assert copies == {"primary": "ok", "replica": ""}


def test_a_tampered_package_is_reported_and_not_imported(example_bag, sealer, tmp_path):
    _archive(example_bag, sealer, MAJOR, ORDINARY)
    restore = _aips_copy(tmp_path)
    major = Package.objects.get(dossier__case__case_number=MAJOR_NUMBER)
    tampered = restore / major.relative_path
    byte_flip(sorted((tampered / "data" / "originals").rglob("*.pdf"))[0])
    _wipe()

    report = catalogue_rebuild(root=restore)

    (problem,) = report.problems
    assert problem.package == str(tampered)
    assert "校验失败" in problem.message
    assert "sha256 validation failed" in problem.message
    assert list(Case.objects.values_list("case_number", flat=True)) == [ORDINARY_NUMBER]
    assert report.packages_read == 2
    assert report.cases_created == 1


def test_a_catalogue_with_cases_is_refused_unless_merging(
    example_bag, sealer, tmp_path
):
    _archive(example_bag, sealer, MAJOR, ORDINARY)
    restore = _aips_copy(tmp_path)
    ordinary_only = tmp_path / "ordinary"
    package = Package.objects.get(dossier__case__case_number=ORDINARY_NUMBER)
    shutil.copytree(restore / package.relative_path, ordinary_only / "v1")
    _wipe()
    catalogue_rebuild(root=ordinary_only)

    with pytest.raises(CatalogueNotEmpty):
        catalogue_rebuild(root=restore)
    report = catalogue_rebuild(root=restore, merge=True)

    assert report.cases_created == 1
    assert [n.message for n in report.notes] == [
        f"案件 {ORDINARY_NUMBER} 已在目录中，已跳过。"
    ]
    assert Case.objects.count() == 2
    assert Package.objects.count() == 2


def test_the_command_prints_a_summary(example_bag, sealer, tmp_path):
    _archive(example_bag, sealer, ORDINARY)
    restore = _aips_copy(tmp_path)
    _wipe()
    out = io.StringIO()

    call_command("rebuild_from_aips", str(restore), stdout=out)

    assert "重建案件 1 件、案卷版本 1 个、保存包记录 1 个" in out.getvalue()
    assert "问题 0 个" in out.getvalue()

    with pytest.raises(CommandError, match="--merge"):
        call_command("rebuild_from_aips", str(restore), stdout=io.StringIO())


def test_the_command_exits_non_zero_when_a_package_fails(example_bag, sealer, tmp_path):
    _archive(example_bag, sealer, ORDINARY)
    restore = _aips_copy(tmp_path)
    byte_flip(next((restore / "aips").rglob("*.jpg")))
    _wipe()
    out = io.StringIO()

    with pytest.raises(CommandError) as exc:
        call_command("rebuild_from_aips", str(restore), "--json", stdout=out)

    assert exc.value.returncode == 1
    result = json.loads(out.getvalue())
    assert (result["packages_read"], result["cases_created"]) == (1, 0)
    (problem,) = result["problems"]
    assert "校验失败" in problem["message"]
    assert not Case.objects.exists()


def test_a_spanned_disc_part_is_reported_not_imported(db, tmp_path):
    import bagit

    from preservation.services.rebuild import catalogue_rebuild

    part = tmp_path / "disc" / "J031-2025-D30-0001.v1.part1-of-2"
    (part / "metadata").mkdir(parents=True)
    (part / "metadata" / "dossier.json").write_text("{}", "utf-8")
    bagit.make_bag(str(part), {"Bag-Count": "1 of 2"}, checksums=["sha256"])
    report = catalogue_rebuild(root=tmp_path / "disc")
    assert report.problems and "Bag-Count: 1 of 2" in str(report.problems[0])
