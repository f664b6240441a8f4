"""The 案卷封面: the fields an archivist looks for, on exactly one page."""

import io

import pytest
from pypdf import PdfReader

from dossiers.documents import cover_pdf
from dossiers.documents.cover import decision_number
from dossiers.models import Volume
from tests.dossiers.documents.builders import (
    DECISION_NUMBER,
    agency_case,
    compact,
    dossier_create,
    entries_add,
    pdf_add,
)

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return compact(reader.pages[0].extract_text())


def test_cover_shows_codes_retention_and_counts(dossier):
    text = _text(cover_pdf(dossier))
    for expected in (
        "档号",
        dossier.archival_code,
        "归档号",
        dossier.archive_number,
        "保管期限30年",
        "全宗名称衡阳市珠晖区应急管理局",
        "J031",
        compact(dossier.title),
        DECISION_NUMBER,
        "自2025年2月8日至2025年3月6日",
        "件数共7件",
        "共11页（正卷8页，副卷3页）",
    ):
        assert compact(expected) in text, expected


def test_cover_prints_the_archive_number_once(dossier):
    text = _text(cover_pdf(dossier))
    assert text.count("归档号") == 1
    assert f"归档号{dossier.archive_number}" in text


def test_a_very_long_title_still_fits_on_one_page(dossier):
    dossier.title = "某某公司违法生产经营案" * 45
    dossier.save()
    assert compact(dossier.title[:30]) in _text(cover_pdf(dossier))


def test_decision_number_is_blank_without_a_decision(store):
    case = agency_case()
    dossier = dossier_create(case)
    entries_add(dossier, [(pdf_add(case, store, 1, "立案审批表"), Volume.MAIN)])
    entries = list(dossier.entries.select_related("material"))
    assert decision_number(entries) == ""
    assert "共1页" in _text(cover_pdf(dossier))
