"""Fixtures shared by the whole suite: storage roots per test, roles, users per
actor, the sample submission packages from ../shared/examples and their
agencies, registered in every test database as an operator registers agencies
before their packages are accepted."""

import json
import shutil
import stat
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection, transaction

from access_control.roles import membership_set
from access_control.services import agency_archivists_group, archivist_role_ensure
from dossiers.models import Agency
from preservation.services.ingest import package_ingest

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"
MAJOR = "sip-example-major-penalty"
ORDINARY = "sip-example-penalty"
# The section that keeps `ordinary_case`, and so the department of its head.
ORDINARY_DEPARTMENT = "法制科"


def _sample_agency(name: str) -> dict[str, str]:
    document = json.loads((EXAMPLES / name / "data" / "case.json").read_text("utf-8"))
    return document["case"]["agency"]


# The agencies of the sample packages, and so of every bag the builders make.
SAMPLE_AGENCIES = [_sample_agency(MAJOR), _sample_agency(ORDINARY)]


@pytest.fixture(autouse=True)
def archive_storage(settings, tmp_path):
    """Every test gets its own storage, replica, staging and var folders."""
    settings.ARCHIVE_STORAGE = tmp_path / "storage"
    settings.ARCHIVE_REPLICA = tmp_path / "replica"
    settings.ARCHIVE_STAGING = tmp_path / "storage" / "staging"
    settings.VAR_DIR = tmp_path / "var"
    return settings.ARCHIVE_STORAGE


@pytest.fixture(autouse=True)
def sample_agencies(request) -> list[Agency]:
    """Register the sample packages' agencies in every test that has a database.

    Tests without a database get nothing (and no database); tests that check
    the refusal of an unknown agency use a code not in `SAMPLE_AGENCIES`.
    """
    uses_db = "_django_db_helper" in request.fixturenames or (
        request.node.get_closest_marker("django_db") is not None
    )
    if not uses_db:
        return []
    request.getfixturevalue("_django_db_helper")
    return [
        Agency.objects.get_or_create(
            code=agency["code"],
            defaults={"name": agency["name"], "fonds": agency["fonds"]},
        )[0]
        for agency in SAMPLE_AGENCIES
    ]


@pytest.fixture(autouse=True)
def protected_rows_flushable(request):
    """Let Django empty the database after a transactional test on SQLite.

    SQLite's flush deletes row by row, which the deletion-protection
    triggers refuse (PostgreSQL truncates, firing none). So the rows are
    permitted and deleted first, in one transaction with the rest of the
    flush, as a disposition would (preservation.deletion.triggers).
    """
    if "_django_db_helper" not in request.fixturenames and (
        request.node.get_closest_marker("django_db") is None
    ):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        _flush_with_permits()


def _flush_with_permits() -> None:
    from preservation.deletion.guard import PROTECTED

    with transaction.atomic(), connection.cursor() as cursor:
        for spec in PROTECTED:
            cursor.execute(
                "INSERT INTO preservation_deletionpermit"  # noqa: S608 (names only)
                " (table_name, row_id, batch_reference, created_at)"
                f" SELECT %s, id, 'test flush', CURRENT_TIMESTAMP FROM {spec.table}",
                [spec.table],
            )
        for spec in PROTECTED:
            cursor.execute(f"DELETE FROM {spec.table}")  # noqa: S608
        for sql in sql_flush(no_style(), connection):
            cursor.execute(sql)


def _writable_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return target


@pytest.fixture
def example_bag(tmp_path):
    """A writable copy of one of the sample packages, by folder name."""

    def copy(name: str = MAJOR) -> Path:
        return _writable_copy(EXAMPLES / name, tmp_path / "sips" / name)

    return copy


@pytest.fixture
def ingested_case(db, example_bag):
    report = package_ingest(source=example_bag(MAJOR))
    assert report.status == "accepted", report.errors
    return report.case


def ordinary_case_make(case):
    """Put `case` in the keeping of ORDINARY_DEPARTMENT, not marked sensitive.

    The sample declares personal data (a chief's matter); the access tests
    need a case its section head decides.
    """
    case.department, case.sensitivity = ORDINARY_DEPARTMENT, []
    case.save(update_fields=["department", "sensitivity"])
    return case


@pytest.fixture
def ordinary_case(ingested_case):
    """`ingested_case` in the 法制科's keeping, with no sensitivity."""
    return ordinary_case_make(ingested_case)


PERSON_PASSWORD = "pw"


def person_make(
    username: str,
    agency=None,
    role: str = "",
    *,
    password: str = PERSON_PASSWORD,
    email: str | None = None,
    first_name: str = "",
    last_name: str = "",
    **membership,
):
    """A user holding `role` in `agency` (no role if empty).

    The email is `username@example.cn` unless given; `membership` is passed to
    `membership_set` (department, authorisation).
    """
    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        email=f"{username}@example.cn" if email is None else email,
        first_name=first_name,
        last_name=last_name,
    )
    if role:
        membership_set(user=user, agency=agency, role=role, **membership)
    return user


@pytest.fixture
def person_with_role(db):
    """The factory `person_make(username, agency, role, **membership)`."""
    return person_make


def _make_user(username: str, *groups, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="pw-" + username, **extra
    )
    user.groups.add(*groups)
    return user


@pytest.fixture
def archivist_role(db):
    return archivist_role_ensure()


@pytest.fixture
def archivist(ingested_case, archivist_role):
    """An archivist of the agency that owns `ingested_case`."""
    group = agency_archivists_group(ingested_case.agency)
    return _make_user("archivist", archivist_role, group)


@pytest.fixture
def other_archivist(archivist_role):
    """An archivist of a different agency."""
    other = Agency.objects.create(
        name="通化市应急管理局", code="11220500MB0000000X", fonds="J099"
    )
    return _make_user("other_archivist", archivist_role, agency_archivists_group(other))


@pytest.fixture
def staff_without_role(db):
    return _make_user("clerk")
