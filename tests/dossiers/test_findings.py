"""One way to make a finding: a declared kind (a `@rule` or a four-property
kind) with a `Severity` constant; the dossier's own checks are rules too."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from dossiers.findings import Severity
from dossiers.rules.base import DOSSIER_RULES
from dossiers.services import dossier_assemble, dossier_findings, dossier_seal
from tests.dossiers.factories import add_material, make_case

ROOT = Path(__file__).resolve().parents[2]
APPS = ["dossiers", "preservation", "access_control", "archive_site", "search"]
BY_HAND = re.compile(r"\bFinding\(|severity\s*(=|==|!=)\s*[\"']")


def _app_sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_no_finding_is_built_by_hand_with_a_literal_severity():
    by_hand = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _app_sources()
        if path != ROOT / "dossiers" / "findings.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if BY_HAND.search(line)
    ]
    assert by_hand == []


@pytest.mark.django_db
def test_a_dossier_without_its_compiler_is_held_by_a_registered_rule():
    case = make_case()
    add_material(case, "立案审批表", stage="initiation")
    dossier = dossier_assemble(case=case)
    dossier.compiler = " "
    dossier.save()

    found = [f for f in dossier_findings(dossier) if f.code == "compiler_missing"]

    assert "compiler_missing" in [r.code for r in DOSSIER_RULES]
    assert [f.as_dict() for f in found] == [
        {
            "code": "compiler_missing",
            "severity": Severity.ERROR,
            "message": "备考表须填写立卷人。",
            "path": "",
            "article": "DA/T 22-2015；000 §33",
            "category": "归档",
            "detail": {},
        }
    ]
    with pytest.raises(ValidationError, match="备考表须填写立卷人"):
        dossier_seal(dossier=dossier, user=None)
