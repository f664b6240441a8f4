"""The catalogue rebuilt from AIPs alone equals the original, field by field;
the command reports it, and a catalogue with cases is only merged into."""

import io
import json
import shutil
from collections import defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models

from dossiers.models import (
    Agency,
    Case,
    CaseEvent,
    CaseFinding,
    Dossier,
    DossierEntry,
    Material,
    Officer,
    Party,
)
from preservation.models import IngestReport, Package, PackageCopy
from preservation.services.rebuild import AGENT, CatalogueNotEmpty, catalogue_rebuild
from tests.conftest import MAJOR, ORDINARY
from tests.preservation.builders import byte_flip
from tests.preservation.services.rebuild.helpers import (
    MAJOR_NUMBER,
    ORDINARY_NUMBER,
    aips_copy,
    archive,
    second_version,
    wipe,
)

pytestmark = pytest.mark.django_db

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
    # auto_now_add, and not in the AIP metadata (aips.metadata leaves it out).
    Agency: {"created_at"},
    # auto_now_add; a bag records only its Bagging-Date (a day, not a time).
    Package: {"created_at"},
    # The state of a stored copy, not archival content: the rebuild records what
    # it checked itself (asserted in the test).
    PackageCopy: {"last_checked_at", "last_outcome"},
}


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
        # The statistics' rows of each case's newest check, derived again.
        "findings": _in_order(
            CaseFinding.objects.order_by("pk"), lambda f: number(f.case)
        ),
        "packages": _keyed(Package.objects.all(), NATURAL_KEYS[Package]),
        "copies": _keyed(
            PackageCopy.objects.all(), lambda c: (c.package.identifier, c.location)
        ),
    }


def test_the_rebuilt_catalogue_equals_the_original(
    example_bag, sealer, tmp_path, settings
):
    archive(example_bag, sealer, MAJOR, ORDINARY)
    second_version(MAJOR_NUMBER, sealer)
    original = _catalogue()
    restore = aips_copy(tmp_path)
    wipe()
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


def test_a_catalogue_with_cases_is_refused_unless_merging(
    example_bag, sealer, tmp_path
):
    archive(example_bag, sealer, MAJOR, ORDINARY)
    restore = aips_copy(tmp_path)
    ordinary_only = tmp_path / "ordinary"
    package = Package.objects.get(dossier__case__case_number=ORDINARY_NUMBER)
    shutil.copytree(restore / package.relative_path, ordinary_only / "v1")
    wipe()
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
    archive(example_bag, sealer, ORDINARY)
    restore = aips_copy(tmp_path)
    wipe()
    out = io.StringIO()

    call_command("rebuild_from_aips", str(restore), stdout=out)

    assert "重建案件 1 件、案卷版本 1 个、保存包记录 1 个" in out.getvalue()
    assert "问题 0 个" in out.getvalue()

    with pytest.raises(CommandError, match="--merge"):
        call_command("rebuild_from_aips", str(restore), stdout=io.StringIO())


def test_the_command_exits_non_zero_when_a_package_fails(example_bag, sealer, tmp_path):
    archive(example_bag, sealer, ORDINARY)
    restore = aips_copy(tmp_path)
    byte_flip(next((restore / "aips").rglob("*.jpg")))
    wipe()
    out = io.StringIO()

    with pytest.raises(CommandError) as exc:
        call_command("rebuild_from_aips", str(restore), "--json", stdout=out)

    assert exc.value.returncode == 1
    result = json.loads(out.getvalue())
    assert (result["packages_read"], result["cases_created"]) == (1, 0)
    (problem,) = result["problems"]
    assert "校验失败" in problem["message"]
    assert not Case.objects.exists()
