"""`manage.py ingest`: one JSON line per package, non-zero exit on refusal."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from access_control.services import agency_archivists_group
from dossiers.models import Case
from tests.preservation.builders import DECISION_PDF, byte_flip, zip_bag

pytestmark = pytest.mark.django_db

KEYS = {"package", "status", "case_number", "errors", "findings"}


def _lines(out):
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_json_prints_one_object_per_package_and_exits_zero(example_bag):
    bag = example_bag()
    out = io.StringIO()

    call_command("ingest", str(bag), str(zip_bag(bag)), "--json", stdout=out)

    first, second = _lines(out)
    assert set(first) == set(second) == KEYS
    assert (first["status"], second["status"]) == ("accepted", "duplicate")
    assert first["package"] == "sip-example-major-penalty"
    assert second["package"] == "sip-example-major-penalty.zip"
    assert first["case_number"] == "珠应急罚〔2025〕11号"
    assert first["errors"] == []
    # The sample passes the four-property check; the regulation checks report
    # what the archivist must review, each with the article it enforces.
    assert all(f["article"] for f in first["findings"])
    assert {f["code"] for f in first["findings"]} >= {"archived_late"}
    late = next(f for f in first["findings"] if f["code"] == "archived_late")
    assert late["article"] == "000 §33；003 §26"


def test_a_refused_package_exits_non_zero_after_reporting_all(example_bag, tmp_path):
    broken = example_bag()
    byte_flip(broken / DECISION_PDF)
    good = example_bag("sip-example-penalty")
    out = io.StringIO()

    with pytest.raises(CommandError) as exc:
        call_command("ingest", str(broken), str(good), "--json", stdout=out)

    assert exc.value.returncode == 1
    refused, accepted = _lines(out)
    assert refused["status"] == "refused"
    assert [(e["code"], e["path"]) for e in refused["errors"]] == [
        ("checksum_mismatch", DECISION_PDF)
    ]
    assert accepted["status"] == "accepted"
    assert list(Case.objects.values_list("case_number", flat=True)) == [
        "和司罚〔2021〕10号"
    ]


def test_a_missing_path_is_a_refusal(tmp_path):
    out = io.StringIO()

    with pytest.raises(CommandError) as exc:
        call_command("ingest", str(tmp_path / "nowhere.zip"), "--json", stdout=out)

    assert exc.value.returncode == 1
    (line,) = _lines(out)
    assert line["status"] == "refused"
    assert line["case_number"] is None
    assert [(e["code"], e["path"]) for e in line["errors"]] == [
        ("package_not_found", "nowhere.zip")
    ]


def test_the_plain_output_names_each_error(example_bag):
    bag = example_bag()
    byte_flip(bag / DECISION_PDF)
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("ingest", str(bag), stdout=out)

    text = out.getvalue()
    assert "已拒收" in text
    assert DECISION_PDF in text


def test_the_submitter_is_recorded(example_bag, archivist_role, sample_agencies):
    user = get_user_model().objects.create_user("uploader")
    user.groups.add(archivist_role, agency_archivists_group(sample_agencies[0]))

    call_command(
        "ingest", str(example_bag()), "--user", "uploader", stdout=io.StringIO()
    )

    case = Case.objects.get()
    assert case.ingested_by == user
    assert case.ingest_reports.get().submitted_by == user
    assert {e.linking_agent for e in case.events.all()} == {"uploader"}


def test_an_unknown_user_stops_before_ingesting(example_bag):
    with pytest.raises(CommandError, match="nobody"):
        call_command("ingest", str(example_bag()), "--user", "nobody")

    assert not Case.objects.exists()
