"""OCR of scanned pages: found by search, marked as such, the original untouched.

A scanned 询问笔录 (a PDF of two page images: one printed page, one blank)
is ingested with OCR on; the task worker (immediate backend here) extracts
the text layer after ingest commits and then OCRs the pages without one.
Each OCR here reads a page or two: a few seconds in all.
"""

import hashlib
import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from access_control.services import agency_archivists_group
from dossiers.fonts import cjk_font_path
from dossiers.models import MaterialText
from preservation.ocr import ocr_engine
from preservation.services.ingest import package_ingest
from preservation.services.storage import object_path
from search.models import CaseSearchRecord
from search.selectors import case_search
from tests.conftest import _make_user
from tests.preservation.builders import material_add, rebag

pytestmark = pytest.mark.django_db

SCANNED_PDF = "data/materials/investigation/16-询问笔录扫描件.pdf"
LINES = [
    "询问笔录",
    "被询问人：朱子丽",
    "问：仓库内存放的是什么？",
    "答：是稀释剂和油漆。",
]


def _scan(lines: list[str], size=(1240, 1754), top=150) -> Image.Image:
    """A page image as a 150 dpi scanner makes it, text in black on white."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(cjk_font_path()), 36)
    for n, line in enumerate(lines):
        draw.text((120, top + 70 * n), line, font=font, fill=0)
    return image


def _scanned_pdf(*pages: Image.Image) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(595, 842))
    for page in pages:
        pdf.drawImage(ImageReader(page), 0, 0, width=595, height=842)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def ocr_case(example_bag, settings, django_capture_on_commit_callbacks):
    """The sample case with a scanned 询问笔录, ingested with OCR on."""
    settings.ARCHIVE_OCR_ENGINE = "rapidocr"
    bag = example_bag()
    blank = Image.new("L", (1240, 1754), 255)
    material_add(bag, SCANNED_PDF, _scanned_pdf(_scan(LINES), blank))
    rebag(bag)
    with django_capture_on_commit_callbacks(execute=True):
        return package_ingest(source=bag).case


def test_a_word_on_a_scan_is_found_by_search_and_marked_as_ocr(
    ocr_case, archivist_role
):
    group = agency_archivists_group(ocr_case.agency)
    archivist = _make_user("archivist", archivist_role, group)
    outcome = case_search(user=archivist, query="稀释剂")
    assert [hit.case for hit in outcome.hits] == [ocr_case]
    (snippet,) = outcome.hits[0].snippets
    scan = ocr_case.materials.get(path=SCANNED_PDF)
    assert (snippet.material_id, snippet.page, snippet.ocr) == (scan.pk, 1, True)
    assert snippet.label == "全文（识别文字）"
    assert "【稀释剂】" in snippet.text
    page = scan.text.ocr_pages["1"]
    assert page["source"] == "ocr" and page["engine"].startswith("rapidocr")
    assert page["confidence"] > 0.8
    # The text layer stays the producer's: OCR text is kept beside it.
    assert scan.text.pages == ["", ""]


def test_an_unreadable_page_stays_listed_and_the_original_is_unaltered(ocr_case):
    scan = ocr_case.materials.get(path=SCANNED_PDF)
    stored = object_path(scan.digest).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == scan.digest
    text = MaterialText.objects.get(material=scan)
    assert text.unreadable_pages == [2]
    assert text.ocr_pages["2"]["text"] == ""
    record = CaseSearchRecord.objects.get(case=ocr_case)
    assert record.pages_without_text == 1
    out = StringIO()
    call_command("text_extract", "--ocr", ocr_case.case_number, stdout=out)
    assert f"仍无法识别：{ocr_case.case_number} {SCANNED_PDF} 第 2 页" in out.getvalue()
    out = StringIO()
    call_command("text_extract", "--ocr", "--json", ocr_case.case_number, stdout=out)
    (listed,) = json.loads(out.getvalue())["ocr"]["unreadable_pages"]
    assert (listed["path"], listed["pages"]) == (SCANNED_PDF, [2])


@pytest.mark.parametrize("name", ["tesseract", "rapidocr"])
def test_either_engine_reads_a_printed_line(name):
    page = ocr_engine(name).read(_scan(["送达回证"], size=(600, 160), top=50))
    assert "送达回证" in page.text
    assert page.confidence > 0.6


def test_ocr_needs_an_engine(settings):
    settings.ARCHIVE_OCR_ENGINE = ""
    with pytest.raises(CommandError, match="未启用 OCR"):
        call_command("text_extract", "--ocr")
