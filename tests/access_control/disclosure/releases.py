"""PDFs, a case and its materials for the redaction and release tests.

The PDFs are drawn here with ReportLab: one with a text layer, one that is
only a scan (an image of text), one with both (a scan under an invisible
text layer, as OCR leaves it). The case has a natural person as party, a
witness and a recipient, as `case.json` declares them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from dossiers.fonts import cjk_font_path, register_cjk_font
from dossiers.models import Case, Material, Party
from preservation.services import storage

PERSON = "王小明"
PERSON_ID = "440106198503151233"
PERSON_PHONE = "13912345678"
PERSON_ADDRESS = "湖南省衡阳市珠晖区东风路88号"
WITNESS = "赵见证"
LINES = [
    f"当事人{PERSON}，公民身份号码{PERSON_ID}，",
    f"联系电话{PERSON_PHONE}，住址{PERSON_ADDRESS}。",
    f"见证人{WITNESS}在场。本局依法作出处罚决定。",
]
SECRETS = [PERSON, PERSON_ID, PERSON_PHONE, PERSON_ADDRESS, WITNESS]
# Where the scan's lines are, in millimetres from the page's top-left.
SCAN_TEXT_BOX = (20, 20, 190, 60)
MM = 72 / 25.4


def text_pdf(path: Path, lines=LINES) -> Path:
    """A PDF whose text is a real text layer."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont(register_cjk_font(), 12)
    for number, line in enumerate(lines):
        canvas.drawString(72, A4[1] - 72 - 20 * number, line)
    canvas.save()
    return path


def _scan_image(lines=LINES) -> Image.Image:
    """An A4 page at 100 dpi with the lines painted as pixels."""
    image = Image.new("RGB", (827, 1169), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(cjk_font_path()), 24)
    for number, line in enumerate(lines):
        # 25 mm from the top, 30 mm from the left, a line every 10 mm
        draw.text((118, 98 + 40 * number), line, fill="black", font=font)
    return image


def scan_pdf(path: Path, *, text_layer: bool = False, lines=LINES) -> Path:
    """A scan of the lines; with `text_layer`, OCR's invisible text over it."""
    buffer = io.BytesIO()
    _scan_image(lines).save(buffer, "PNG")
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, *A4)
    if text_layer:
        text = canvas.beginText()
        text.setTextRenderMode(3)
        text.setFont(register_cjk_font(), 17)
        for number, line in enumerate(lines):
            text.setTextOrigin(30 * MM, A4[1] - (31 + 10 * number) * MM)
            text.textOut(line)
        canvas.drawText(text)
    canvas.save()
    return path


def scan_jpeg(path: Path) -> Path:
    _scan_image().save(path, "JPEG", dpi=(100, 100))
    return path


def encrypted_pdf(path: Path) -> Path:
    import pikepdf

    plain = text_pdf(path.with_name("plain-" + path.name))
    with pikepdf.open(plain) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="o", user="secret"))
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def case_make(agency) -> Case:
    """A closed penalty case with a natural person as party."""
    case = Case.objects.create(
        agency=agency,
        case_number="珠应急罚〔2025〕99号",
        title="王小明未按规定佩戴安全帽案",
        category="administrative_penalty",
        procedure="ordinary",
        initiation="ex_officio",
        closed_on=dt.date(2025, 3, 6),
        package_fingerprint="0" * 64,
    )
    Party.objects.create(
        case=case,
        party_type="natural_person",
        name=PERSON,
        id_number=PERSON_ID,
        address=PERSON_ADDRESS,
    )
    return case


def material_make(case, path: Path, media_type: str, **fields) -> Material:
    """A material of `case` whose original is the file at `path`, stored."""
    stored = storage.object_store(path)
    sequence = case.materials.count() + 1
    values = {
        "sequence": sequence,
        "path": f"materials/{sequence:02d}-{path.name}",
        "original_name": path.name,
        "stage": "investigation",
        "form": "text",
        "doc_type": "询问笔录",
        "title": f"材料{sequence}",
        "date": dt.date(2025, 2, 11),
        "media_type": media_type,
        "size": stored.size,
        "digest": stored.digest,
    }
    values.update(fields)
    return Material.objects.create(case=case, **values)
