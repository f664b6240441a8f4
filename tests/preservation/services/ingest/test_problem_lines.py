"""An ingest refusal names the line of each problem where it is known, as
`bag_validate` does: a producer reading `ingest --json` (or the API's report)
goes straight to the manifest line or the case.json field (issue #15)."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.preservation.builders import (
    CASE_JSON,
    DECISION_PDF,
    byte_flip,
    case_read,
    case_write,
    manifest_line_add,
    rebag,
)

pytestmark = pytest.mark.django_db


def _errors(bag, capsys) -> list[dict]:
    with pytest.raises(CommandError):
        call_command("ingest", str(bag), "--json")
    return json.loads(capsys.readouterr().out)["errors"]


def _line_of(bag, name: str, text: str) -> int:
    lines = (bag / name).read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_a_bad_checksum_found_while_storing_names_its_manifest_line(
    example_bag, capsys
):
    bag = example_bag()
    byte_flip(bag / DECISION_PDF)

    [error] = _errors(bag, capsys)

    line = _line_of(bag, "manifest-sha256.txt", DECISION_PDF)
    assert (error["code"], error["path"], error["line"]) == (
        "checksum_mismatch",
        DECISION_PDF,
        line,
    )
    assert f"清单 manifest-sha256.txt 第 {line} 行" in error["message"]


def test_a_structural_problem_names_its_manifest_line(example_bag, capsys):
    bag = example_bag()
    manifest_line_add(bag, "/etc/passwd")

    errors = _errors(bag, capsys)

    [absolute] = [e for e in errors if e["code"] == "absolute_path"]
    assert absolute["line"] == _line_of(bag, "manifest-sha256.txt", "/etc/passwd")


def test_case_json_problems_name_the_line_of_their_field(example_bag, capsys):
    bag = example_bag()
    document = case_read(bag)
    document["case"]["category"] = "parking_ticket"
    case_write(bag, document)
    rebag(bag)

    [error] = _errors(bag, capsys)

    assert (error["code"], error["field"]) == ("schema_violation", "case.category")
    assert error["line"] == _line_of(bag, CASE_JSON, '"parking_ticket"')


def test_a_refused_agency_names_the_line_of_its_code(example_bag, capsys):
    bag = example_bag()
    document = case_read(bag)
    document["case"]["agency"]["code"] = "91430400MA4L000000"
    case_write(bag, document)
    rebag(bag)

    [error] = _errors(bag, capsys)

    assert error["field"] == "case.agency.code"
    assert error["line"] == _line_of(bag, CASE_JSON, "91430400MA4L000000")
