"""Ingest takes packages only for registered agencies the submitter holds."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from access_control.services import agency_archivists_group
from dossiers.models import Agency, Case
from dossiers.services import agency_merge, agency_register
from preservation.services.ingest import package_ingest
from tests.preservation.builders import (
    assert_nothing_left,
    assert_refused,
    case_read,
    case_write,
    rebag,
)

CASE_JSON = "data/case.json"
UNKNOWN = "11430405MB9999999Q"

pytestmark = pytest.mark.django_db


def _declare(bag, **agency):
    document = case_read(bag)
    document["case"]["agency"].update(agency)
    case_write(bag, document)
    rebag(bag)
    return bag


def test_an_unknown_agency_is_refused_and_not_created(example_bag):
    bag = _declare(example_bag(), code=UNKNOWN, name="某未登记机关", fonds="J777")
    report = package_ingest(source=bag)
    assert_refused(report, "agency_unknown", CASE_JSON, "case.agency.code")
    assert UNKNOWN in report.errors[0]["message"]
    assert not Agency.objects.filter(code=UNKNOWN).exists()
    assert_nothing_left()


def test_a_registered_name_and_fonds_under_another_code_is_refused_naming_both(
    example_bag,
):
    bag = _declare(example_bag(), code=UNKNOWN)  # same name and 全宗号 J031
    report = package_ingest(source=bag)
    assert_refused(report, "agency_conflict", CASE_JSON, "case.agency.code")
    message = report.errors[0]["message"]
    assert UNKNOWN in message and "11430405MB1234567X" in message
    assert Agency.objects.filter(fonds="J031").count() == 1
    assert Case.objects.count() == 0


def test_a_registered_code_with_another_fonds_is_refused(example_bag):
    report = package_ingest(source=_declare(example_bag(), fonds="J999"))
    assert_refused(report, "agency_fonds_mismatch", CASE_JSON, "case.agency.fonds")


def test_a_merged_agency_takes_no_more_packages(example_bag, sample_agencies):
    mistaken = agency_register(name="误建机关", code=UNKNOWN, fonds="J777")
    agency_merge(mistaken=mistaken, into=sample_agencies[0], user=None, reason="误建")
    bag = _declare(example_bag(), code=UNKNOWN, name="误建机关", fonds="J777")
    report = package_ingest(source=bag)
    assert_refused(report, "agency_merged", CASE_JSON, "case.agency.code")
    assert "11430405MB1234567X" in report.errors[0]["message"]


def test_an_archivist_of_another_agency_may_not_ingest(example_bag, other_archivist):
    report = package_ingest(source=example_bag(), user=other_archivist)
    assert_refused(report, "agency_not_held", CASE_JSON, "case.agency.code")
    assert Case.objects.count() == 0


def test_the_role_without_an_agency_is_not_enough(example_bag, archivist_role):
    user = get_user_model().objects.create_user("role-only")
    user.groups.add(archivist_role)
    report = package_ingest(source=example_bag(), user=user)
    assert_refused(report, "agency_not_held", CASE_JSON, "case.agency.code")


def test_the_agency_archivist_and_a_superuser_may_ingest(
    example_bag, archivist_role, sample_agencies
):
    keeper = get_user_model().objects.create_user("keeper")
    keeper.groups.add(archivist_role, agency_archivists_group(sample_agencies[0]))
    assert package_ingest(source=example_bag(), user=keeper).status == "accepted"
    admin = get_user_model().objects.create_superuser("root")
    report = package_ingest(source=example_bag("sip-example-penalty"), user=admin)
    assert report.status == "accepted"


def test_the_command_checks_its_user(example_bag, other_archivist):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "ingest",
            str(example_bag()),
            "--user",
            other_archivist.username,
            "--json",
            stdout=out,
        )
    assert '"agency_not_held"' in out.getvalue()
    assert Case.objects.count() == 0
