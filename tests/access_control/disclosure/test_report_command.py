"""`disclosure_report`: its formats, where it writes, and the errors it names."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.access_control.disclosure.test_report import year_2025  # noqa: F401

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("disclosure_report", *args, stdout=out)
    return out.getvalue()


def test_json_goes_to_stdout(agency, year_2025):  # noqa: F811
    report = json.loads(
        _run("--year", "2025", "--agency", agency.code, "--format", "json")
    )
    assert report["year"] == 2025
    received = report["rows"][0]
    assert received["code"] == "received"
    assert received["values"]["total"] == 5


def test_without_an_agency_every_agency_is_counted(year_2025):  # noqa: F811
    report = json.loads(_run("--year", "2025", "--format", "json"))
    assert report["agency"]["code"] is None
    assert report["rows"][0]["values"]["total"] == 6


def test_xlsx_goes_to_the_out_file(agency, year_2025, tmp_path):  # noqa: F811
    out = tmp_path / "report.xlsx"
    printed = _run(
        "--year", "2025", "--agency", agency.code, "--format", "xlsx", "--out", str(out)
    )
    assert str(out) in printed
    sheet = load_workbook(out).worksheets[0]
    assert [row[-1] for row in sheet.iter_rows(values_only=True)][4] == 5


def test_pdf_without_out_goes_to_a_default_file(agency, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    printed = _run("--year", "2025", "--agency", agency.code, "--format", "pdf")
    written = tmp_path / f"disclosure-report-2025-{agency.code}.pdf"
    assert str(written) in printed
    assert written.read_bytes().startswith(b"%PDF")


def test_json_to_an_out_file(tmp_path):
    out = tmp_path / "r.json"
    _run("--year", "2025", "--format", "json", "--out", str(out))
    assert (
        json.loads(out.read_text("utf-8"))["title"] == "收到和处理政府信息公开申请情况"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--year", "2025", "--agency", "NOSUCHAGENCY", "--format", "json"],
            "没有统一社会信用代码为 NOSUCHAGENCY 的机关",
        ),
        (["--year", "2025", "--format", "docx"], "invalid choice"),
        (["--year", "1900", "--format", "json"], "应在 2008 到 2200 之间"),
        (["--format", "json"], "--year"),
    ],
)
def test_bad_options_are_named(args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)


def test_an_unwritable_out_file_is_named(tmp_path):
    out = tmp_path / "missing" / "r.pdf"
    with pytest.raises(CommandError, match="无法写入 --out 文件"):
        _run("--year", "2025", "--format", "pdf", "--out", str(out))
