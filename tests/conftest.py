"""Fixtures shared by the whole suite: storage roots per test, roles, users per
actor, and the sample submission packages from ../shared/examples."""

import shutil
import stat
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from access_control.services import agency_archivists_group, archivist_role_ensure
from dossiers.models import Agency
from preservation.services.ingest import package_ingest

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"
MAJOR = "sip-example-major-penalty"
ORDINARY = "sip-example-penalty"


@pytest.fixture(autouse=True)
def archive_storage(settings, tmp_path):
    """Every test gets its own storage, replica, staging and var folders."""
    settings.ARCHIVE_STORAGE = tmp_path / "storage"
    settings.ARCHIVE_REPLICA = tmp_path / "replica"
    settings.ARCHIVE_STAGING = tmp_path / "storage" / "staging"
    settings.VAR_DIR = tmp_path / "var"
    return settings.ARCHIVE_STORAGE


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
