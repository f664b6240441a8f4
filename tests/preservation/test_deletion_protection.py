"""Nothing archived is deleted before disposition, by any path (issue #14).

Each path is tried on a sealed and packaged case: the model's `delete()`,
the queryset's `delete()`, raw SQL through Django's connection (the
database triggers, on SQLite and on PostgreSQL), `manage.py shell` and the
admin as a superuser. Each fails and leaves the rows. With a
`DeletionPermit` written in the same transaction — the future disposition
execution's path — the same deletes succeed.
"""

import datetime as dt
import time

import bagit
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import NoReverseMatch, reverse

from dossiers.models import Case, Dossier, DossierEntry, Material, Party
from dossiers.services import dossier_assemble
from preservation.deletion.guard import (
    PROTECTED,
    RULE,
    deletion_permits_issue,
    protected_models,
)
from preservation.deletion.models import DeletionPermit
from preservation.deletion.triggers import deletion_triggers_expected
from preservation.models import Package, PackageCopy
from preservation.services.aips import package_path, package_write
from preservation.services.ingest import package_ingest
from preservation.services.janitor import storage_janitor_run
from preservation.services.storage import object_path, object_remove_if_untouched
from tests.conftest import ORDINARY

REFUSED = "保管期限届满并经鉴定、批准、监销前不得删除"


@pytest.fixture
def archived(package):
    """One archived row of every protected table, by table name."""
    case = package.dossier.case
    rows = {
        "dossiers_case": case,
        "dossiers_party": case.parties.first(),
        "dossiers_officer": case.officers.first(),
        "dossiers_material": case.materials.first(),
        "dossiers_dossier": package.dossier,
        "dossiers_dossierentry": package.dossier.entries.first(),
        "preservation_package": package,
        "preservation_packagecopy": package.copies.first(),
    }
    assert set(rows) == {spec.table for spec in PROTECTED}
    assert all(rows.values())
    return rows


def _counts() -> dict[str, int]:
    return {model._meta.db_table: model.objects.count() for model in protected_models()}


def _raw(sql: str, params=()) -> None:
    """Raw SQL in a savepoint, so a refusal leaves the test's transaction usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _raw_delete(table: str, pk: int) -> None:
    _raw(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608


TABLES = [spec.table for spec in PROTECTED]


def test_every_protected_table_has_its_trigger(db):
    # A later SQLite migration that rebuilds a table drops its trigger.
    if connection.vendor == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        installed = {name for (name,) in cursor.fetchall()}
    assert set(deletion_triggers_expected()) <= installed


@pytest.mark.parametrize("table", TABLES)
def test_model_delete_is_refused(archived, table):
    before = _counts()
    with pytest.raises(ValidationError, match=REFUSED):
        archived[table].delete()
    assert _counts() == before


@pytest.mark.parametrize("table", TABLES)
def test_queryset_delete_is_refused(archived, table):
    before = _counts()
    model = type(archived[table])
    with pytest.raises(ValidationError, match=table):
        model.objects.filter(pk=archived[table].pk).delete()
    with pytest.raises(ValidationError, match=REFUSED):
        model.objects.all().delete()
    assert _counts() == before


@pytest.mark.parametrize("table", TABLES)
def test_raw_sql_delete_is_refused_by_the_database(archived, table):
    before = _counts()
    with pytest.raises(IntegrityError, match=REFUSED):
        _raw_delete(table, archived[table].pk)
    assert _counts() == before


def test_a_permit_in_the_same_transaction_lets_the_raw_delete_through(archived):
    """The future disposition execution's path: permit, then delete."""
    package = archived["preservation_package"]
    with transaction.atomic():
        deletion_permits_issue(
            queryset=Package.objects.filter(pk=package.pk), batch_reference="1"
        )
        _raw_delete("preservation_packagecopy", archived["preservation_packagecopy"].pk)
    assert package.copies.count() == 1
    permit = DeletionPermit.objects.get(table_name="preservation_package")
    assert (permit.row_id, permit.batch_reference) == (package.pk, "1")


def test_a_permit_lets_the_orm_delete_a_package_and_its_copies(archived):
    package = archived["preservation_package"]
    with transaction.atomic():
        deletion_permits_issue(
            queryset=Package.objects.filter(pk=package.pk), batch_reference="7"
        )
        PackageCopy.objects.filter(package=package).delete()
        package.delete()
    assert not Package.objects.exists()
    # The permit covered this package only: the dossier and case are kept.
    with pytest.raises(ValidationError, match=REFUSED):
        Dossier.objects.all().delete()


def test_a_permit_covers_the_rows_parts_and_no_other_case(archived, example_bag):
    other = package_ingest(source=example_bag(ORDINARY)).case
    case, dossier = archived["dossiers_case"], archived["dossiers_dossier"]
    with transaction.atomic():
        for queryset in (Case.objects.filter(pk=case.pk), Dossier.objects.all()):
            deletion_permits_issue(queryset=queryset, batch_reference="2")
        DossierEntry.objects.filter(dossier=dossier).delete()
        Material.objects.filter(case=case).delete()
        Party.objects.filter(case=case).delete()
    assert not case.materials.exists()
    assert not case.parties.exists()
    with pytest.raises(ValidationError, match=REFUSED):
        Material.objects.filter(case=other).delete()
    with pytest.raises(IntegrityError, match=REFUSED):
        _raw_delete("dossiers_party", other.parties.first().pk)


def test_a_draft_dossier_and_its_items_may_still_be_discarded(ingested_case):
    # Only what is sealed is archived; a draft is work in progress.
    draft = dossier_assemble(case=ingested_case)
    assert draft.entries.exists()
    DossierEntry.objects.filter(dossier=draft).delete()
    draft.delete()
    assert not Dossier.objects.filter(pk=draft.pk).exists()


def test_permits_are_append_only(archived):
    with transaction.atomic():
        (permit,) = deletion_permits_issue(
            queryset=Case.objects.filter(pk=archived["dossiers_case"].pk),
            batch_reference="3",
        )
    with pytest.raises(ValidationError, match="只能追加"):
        permit.delete()
    with pytest.raises(ValidationError, match="只能追加"):
        DeletionPermit.objects.all().delete()
    with pytest.raises(ValidationError, match="只能追加"):
        DeletionPermit.objects.update(batch_reference="4")
    with pytest.raises(IntegrityError):
        _raw("UPDATE preservation_deletionpermit SET row_id = 0")
    assert DeletionPermit.objects.get().row_id == archived["dossiers_case"].pk


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite keeps DELETE of permits for Django's own flush (see triggers)",
)
def test_permits_cannot_be_deleted_in_the_database(archived):
    with transaction.atomic():
        deletion_permits_issue(
            queryset=Case.objects.filter(pk=archived["dossiers_case"].pk),
            batch_reference="5",
        )
    with pytest.raises(IntegrityError):
        _raw("DELETE FROM preservation_deletionpermit")
    assert DeletionPermit.objects.count() == 1


def test_manage_py_shell_cannot_delete(archived):
    before = _counts()
    with pytest.raises(ValidationError, match=REFUSED):
        call_command(
            "shell",
            command="from dossiers.models import Case; Case.objects.all().delete()",
        )
    with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic():
        call_command(
            "shell",
            command="from django.db import connection\n"
            "connection.cursor().execute('DELETE FROM preservation_package')",
        )
    assert _counts() == before


@pytest.mark.parametrize("namespace", ["case", "dossier", "package"])
def test_the_admin_offers_a_superuser_no_delete(client, archivist, archived, namespace):
    """A superuser who is also the agency's archivist, so may open every
    record of the case, still finds no way to delete one."""
    row = {
        "case": archived["dossiers_case"],
        "dossier": archived["dossiers_dossier"],
        "package": archived["preservation_package"],
    }[namespace]
    archivist.is_superuser = archivist.is_staff = True
    archivist.save()
    client.force_login(archivist)
    with pytest.raises(NoReverseMatch):
        reverse(f"{namespace}:delete", args=[row.pk])
    inspect = reverse(f"{namespace}:inspect", args=[row.pk])
    page = client.get(inspect)
    assert page.status_code == 200
    assert b"/delete/" not in page.content
    label = type(row)._meta.label_lower.replace(".", "/")
    for url in (
        inspect.replace("/inspect/", "/delete/"),
        f"/admin/bulk/{label}/delete/?id={row.pk}",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert _counts()[row._meta.db_table] == 1


def test_the_rule_is_named_in_every_refusal():
    for spec in PROTECTED:
        assert RULE in spec.message
        assert spec.table in spec.message


# --- Files: originals and packages leave only with their rows.


def test_storage_keeps_an_original_a_material_refers_to(package):
    """Even asked directly, with the right mtime: an original leaves storage
    only once no material refers to it, i.e. after its case's disposition."""
    digest = package.dossier.case.materials.first().digest
    path = object_path(digest)
    assert not object_remove_if_untouched(digest)
    assert not object_remove_if_untouched(digest, mtime_ns=path.stat().st_mtime_ns)
    assert path.is_file()


def test_the_janitor_keeps_referenced_objects_and_packages(package):
    later = time.time() + 7 * 24 * 3600
    report = storage_janitor_run(grace=dt.timedelta(0), now=later)
    assert report.removed == []
    for material in package.dossier.case.materials.all():
        assert object_path(material.digest).is_file()
    for copy in package.copies.all():
        bagit.Bag(str(package_path(package, copy.location))).validate()


def test_writing_a_recorded_package_again_moves_nothing_aside(package):
    primary = package_path(package, "primary")
    assert package_write(dossier=package.dossier) == package
    assert not list(primary.parent.glob(".aside-*"))
    bagit.Bag(str(primary)).validate()
