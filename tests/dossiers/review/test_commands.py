"""review_sample on the command line: JSON, the same seed, refusals."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dossiers.review.models import ReviewRound
from tests.dossiers.review.world import sealed_dossier

pytestmark = pytest.mark.django_db


def _run(*args) -> dict:
    out = io.StringIO()
    call_command("review_sample", *args, stdout=out)
    return json.loads(out.getvalue())


def test_json_names_the_round_sections_and_dossiers(sample_agencies):
    agency = sample_agencies[0]
    for _ in range(4):
        sealed_dossier(agency, "执法一科")
    only = sealed_dossier(agency, "法制科")
    args = ["--year", "2025", "--percent", "50", "--seed", "9"]

    first = _run(*args, "--agency", agency.code, "--json")
    second = _run(*args, "--agency", agency.code, "--json")

    assert first["round"] == "PC2025-001" and second["round"] == "PC2025-002"
    assert (first["year"], first["percent"], first["seed"]) == (2025, 50, 9)
    assert first["agency"] == agency.code
    assert first["sections"] == [
        {"agency": agency.code, "section": "执法一科", "candidates": 4, "sampled": 2},
        {"agency": agency.code, "section": "法制科", "candidates": 1, "sampled": 1},
    ]
    assert first["dossiers"] == second["dossiers"]
    assert only.archival_code in [d["archival_code"] for d in first["dossiers"]]
    assert set(first["dossiers"][0]) == {
        "archival_code",
        "case_number",
        "agency",
        "section",
        "title",
    }
    assert ReviewRound.objects.count() == 2


def test_an_unknown_agency_or_an_empty_year_is_one_line(sample_agencies):
    with pytest.raises(CommandError, match="--agency 没有代码为 X 的机关"):
        _run("--year", "2025", "--percent", "5", "--seed", "1", "--agency", "X")
    with pytest.raises(CommandError, match="没有 2025 年结案且已封存的案卷"):
        _run("--year", "2025", "--percent", "5", "--seed", "1")
    assert not ReviewRound.objects.exists()


def test_review_report_writes_the_pdf_and_xlsx(sample_agencies, tmp_path):
    sealed_dossier(sample_agencies[0], "执法一科")
    number = _run("--year", "2025", "--percent", "10", "--seed", "1", "--json")
    number = number["round"]

    for kind in ("pdf", "xlsx"):
        out = tmp_path / f"report.{kind}"
        text = io.StringIO()
        call_command(
            "review_report", number, "--format", kind, "--out", out, stdout=text
        )
        assert str(out) in text.getvalue() and out.stat().st_size > 0
    assert out.read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="没有批次号为 PC1999-001 的评查批次"):
        call_command("review_report", "PC1999-001", "--format", "pdf")
    with pytest.raises(CommandError, match="--out 无法写入"):
        call_command(
            "review_report", number, "--format", "pdf", "--out", tmp_path / "no" / "x"
        )
