"""The 卷内材料目录 in its three forms, read back the way a user would."""

import csv
import io

import openpyxl
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from dossiers.documents import catalog_csv, catalog_pdf, catalog_rows, catalog_xlsx
from dossiers.documents.catalog import (
    AV_REMARK,
    HEADERS,
    PDF_WIDTHS_MM,
    doc_number_cell,
)
from dossiers.models import Volume
from tests.dossiers.documents.builders import (
    DECISION_NUMBER,
    LONG_TITLE,
    agency_case,
    compact,
    dossier_create,
    entries_add,
    pdf_add,
)

pytestmark = pytest.mark.django_db


def _cells(dossier) -> list[list[str]]:
    return [[str(cell) for cell in row.cells()] for row in catalog_rows(dossier)]


def test_rows_follow_the_binding_order_with_pages_per_volume(dossier):
    rows = catalog_rows(dossier)
    assert [row.number for row in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert [row.pages for row in rows] == ["1-2", "3-5", "6", "7", "8", "1-2", "3"]
    assert rows[1].title == LONG_TITLE
    assert rows[4].doc_number == DECISION_NUMBER
    assert rows[0].date == "20250210"
    assert rows[0].remarks == "正卷"
    assert rows[5].remarks == "副卷"
    assert rows[3].remarks == f"正卷；{AV_REMARK}"


def test_pdf_lists_number_title_and_pages_of_every_row(dossier):
    reader = PdfReader(io.BytesIO(catalog_pdf(dossier)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "卷内材料目录" in text
    assert dossier.archival_code in text
    flat = compact(text)
    for row in catalog_rows(dossier):
        # Wrapped titles come back with line breaks; the row reads in order.
        assert compact(f"{row.number}{row.doc_number}") in flat
        assert compact(row.title) in flat
        assert compact(f"{row.title}{row.date}{row.pages}{row.remarks}") in flat


def test_pdf_repeats_the_column_header_on_every_page(store):
    case = agency_case()
    materials = [pdf_add(case, store, 1, f"第{n}份询问笔录") for n in range(1, 61)]
    dossier = dossier_create(case)
    entries_add(dossier, [(material, Volume.MAIN) for material in materials])
    reader = PdfReader(io.BytesIO(catalog_pdf(dossier)))
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert compact("".join(HEADERS)) in compact(page.extract_text())
    last = compact(reader.pages[-1].extract_text())
    assert "60衡阳市珠晖区应急管理局第60份询问笔录" in last


def test_pdf_embeds_a_subset_of_the_cjk_font(dossier):
    reader = PdfReader(io.BytesIO(catalog_pdf(dossier)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [font.get_object()["/FontDescriptor"] for font in fonts.values()]
    assert all("/FontFile2" in descriptor for descriptor in descriptors)
    # Subset fonts are named with a six-letter tag, e.g. /AAAAAA+ArchiveCJK.
    names = [str(descriptor["/FontName"]) for descriptor in descriptors]
    assert all(name[7] == "+" for name in names), names


def test_xlsx_reads_back_as_the_rows(dossier):
    book = openpyxl.load_workbook(io.BytesIO(catalog_xlsx(dossier)))
    sheet = book.active
    values = [
        [cell if cell is not None else "" for cell in row] for row in sheet.values
    ]
    assert values[0] == list(HEADERS)
    assert [[str(cell) for cell in row] for row in values[1:]] == _cells(dossier)
    assert values[1][0] == 1
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["A"].width
    assert book.properties.identifier == dossier.archival_code


def test_csv_has_a_bom_and_parses_back(dossier):
    data = catalog_csv(dossier)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(HEADERS)
    assert rows[1:] == _cells(dossier)


def test_doc_numbers_break_only_before_the_year_bracket(store):
    case = agency_case()
    numbers = ["珠晖区应急管理局罚〔2025〕1234号", DECISION_NUMBER]
    materials = [
        pdf_add(case, store, 1, "行政处罚决定书", doc_number=n) for n in numbers
    ]
    dossier = dossier_create(case)
    entries_add(dossier, [(m, Volume.MAIN) for m in materials])
    text = PdfReader(io.BytesIO(catalog_pdf(dossier))).pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines()]
    for number in numbers:
        head, _, tail = number.partition("〔")
        assert number in lines or (lines[lines.index(head) + 1] == f"〔{tail}"), number


def test_a_doc_number_without_a_bracket_shrinks_instead_of_breaking():
    cell = doc_number_cell("ZHYJ-2025-000123", PDF_WIDTHS_MM[1] * mm - 6)
    cell.wrap(PDF_WIDTHS_MM[1] * mm - 6, 1000)
    assert len(cell.blPara.lines) == 1
