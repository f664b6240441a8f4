"""Text layers for search: what is read, what is reported as a scan, what fails."""

import io
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from reportlab.pdfgen import canvas

from access_control.models import Role
from access_control.roles import membership_set
from dossiers.fonts import register_cjk_font
from dossiers.models import MaterialText, TextStatus
from preservation.services.storage import object_store
from preservation.services.texts import (
    case_texts_extract,
    material_text_extract,
)
from tests.dossiers.factories import add_material, make_case

pytestmark = pytest.mark.django_db


def _pdf(*pages: str) -> bytes:
    """A PDF with one page per text; an empty text makes a page without text."""
    font = register_cjk_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for text in pages:
        if text:
            pdf.setFont(font, 12)
            for n, line in enumerate(text.split("\n")):
                pdf.drawString(72, 760 - 16 * n, line)
        else:
            pdf.rect(72, 72, 400, 600)  # a drawing, as a scan would be, no text
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _stored(tmp_path, content: bytes, name="doc.pdf"):
    path = tmp_path / name
    path.write_bytes(content)
    return object_store(path)


def _material(case, tmp_path, content: bytes, **fields):
    stored = _stored(tmp_path, content, f"{case.materials.count()}.bin")
    return add_material(
        case, fields.pop("doc_type", "询问笔录"), digest=stored.digest, **fields
    )


def test_an_ingested_case_has_the_text_of_every_document_page_by_page(ingested_case):
    report = case_texts_extract(case=ingested_case)
    texts = MaterialText.objects.filter(material__case=ingested_case)
    pdfs = ingested_case.materials.filter(media_type="application/pdf")
    assert texts.count() == pdfs.count() == report.extracted
    decision = texts.get(material__doc_type="行政处罚决定书")
    assert decision.status == TextStatus.EXTRACTED
    assert len(decision.pages) == decision.material.pages
    assert "行政处罚决定书" in decision.pages[0]
    assert decision.extractor.startswith("pypdf ")
    # Photos and recordings have no text layer to read.
    assert not texts.filter(material__form__in=["photo", "audio", "video"]).exists()


def test_extraction_runs_once_unless_asked_again(ingested_case):
    assert case_texts_extract(case=ingested_case).extracted > 0
    assert case_texts_extract(case=ingested_case).extracted == 0
    assert case_texts_extract(case=ingested_case, missing_only=False).extracted > 0


def test_a_page_without_text_is_reported_as_a_scan(tmp_path):
    case = make_case()
    material = _material(case, tmp_path, _pdf("询问笔录\n留置送达", ""), pages=2)
    text = material_text_extract(material=material)
    assert text.status == TextStatus.PARTIAL
    assert text.empty_pages == [2]
    assert "留置送达" in text.pages[0]


def test_a_pdf_without_any_text_is_a_scan_that_needs_ocr(tmp_path):
    case = make_case()
    material = _material(case, tmp_path, _pdf("", ""), pages=2)
    text = material_text_extract(material=material)
    assert text.status == TextStatus.NO_TEXT_LAYER
    assert text.empty_pages == [1, 2]


def test_an_image_declared_as_a_document_is_a_scan(tmp_path):
    case = make_case()
    material = _material(
        case, tmp_path, b"\x89PNG\r\n\x1a\n", media_type="image/png", form="text"
    )
    text = material_text_extract(material=material)
    assert text.status == TextStatus.NO_TEXT_LAYER
    assert text.empty_pages == [1]


def test_an_unreadable_pdf_is_recorded_as_failed_with_its_reason(tmp_path):
    case = make_case()
    material = _material(case, tmp_path, b"%PDF-1.7\nnot really a pdf")
    text = material_text_extract(material=material)
    assert text.status == TextStatus.FAILED
    assert text.pages == []
    assert text.error  # names the parser's complaint


def test_the_command_lists_pages_that_need_ocr(tmp_path):
    case = make_case(case_number="测罚〔2025〕77号")
    _material(case, tmp_path, _pdf("第一页", ""), pages=2, path="data/m/01.pdf")
    out = StringIO()
    call_command("text_extract", stdout=out)
    assert "已提取 1 件材料，共 2 页" in out.getvalue()
    assert (
        "无文字层（需 OCR）：测罚〔2025〕77号 data/m/01.pdf 第 2 页" in out.getvalue()
    )


def test_the_case_page_shows_which_pages_search_cannot_read(client, tmp_path):
    case = make_case()
    material = _material(case, tmp_path, _pdf("第一页", ""), pages=2)
    material_text_extract(material=material)
    # The agency's archivist, at work with a 事由 (a superuser alone sees no
    # case: issue #12).
    archivist = get_user_model().objects.create_user("keeper", password="pw")
    membership_set(user=archivist, agency=case.agency, role=Role.ARCHIVIST)
    client.force_login(archivist)
    response = client.get(f"/admin/case/inspect/{case.pk}/?purpose=审核")
    assert "部分页面无文字层：第 2 页无文字层" in response.content.decode()


def test_the_command_names_case_numbers_it_does_not_know():
    make_case(case_number="测罚〔2025〕78号")
    with pytest.raises(CommandError, match="没有这些案号的案件：测罚〔2025〕99号"):
        call_command("text_extract", "测罚〔2025〕78号", "测罚〔2025〕99号")
