"""True redaction: covered text is gone from the file, not hidden under a box."""

import pypdfium2 as pdfium
import pytest
from PIL import ImageStat

from access_control.disclosure.redaction import (
    Kind,
    Redaction,
    RedactionError,
    redact_pdf,
    redaction_proposals,
    release_verify,
)
from tests.access_control.disclosure.releases import (
    LINES,
    PERSON,
    PERSON_ADDRESS,
    PERSON_ID,
    PERSON_PHONE,
    SCAN_TEXT_BOX,
    SECRETS,
    WITNESS,
    case_make,
    encrypted_pdf,
    material_make,
    scan_pdf,
    sha256,
    text_pdf,
)
from tests.pdf_text import pdf_text

MARK = "政府信息公开 受理编号 GK2026-000001"


def pdftotext(path) -> str:
    return pdf_text(path, squeeze=True)


def page_image(path, number=1, dpi=100):
    doc = pdfium.PdfDocument(str(path))
    try:
        return doc[number - 1].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()


def mean(image, box_mm, dpi=100):
    box = tuple(round(v * dpi / 25.4) for v in box_mm)
    return ImageStat.Stat(image.crop(box)).mean[0]


def test_a_text_layer_loses_the_strings_and_keeps_the_rest(tmp_path):
    source = text_pdf(tmp_path / "text.pdf")
    before = sha256(source)
    target = tmp_path / "release.pdf"

    result = redact_pdf(source, target, strings=SECRETS, watermark=MARK)

    release_verify(target, SECRETS)
    text = pdftotext(target)
    assert not [s for s in SECRETS if s in text]
    assert "本局依法作出处罚决定" in text  # the rebuilt text layer
    assert "".join(MARK.split()) in text
    assert result.counts[PERSON] == 1 and result.pages == 1
    assert sha256(source) == before


def test_a_scan_is_blacked_out_by_a_manual_box(tmp_path):
    source = scan_pdf(tmp_path / "scan.pdf")
    target = tmp_path / "release.pdf"

    redact_pdf(source, target, strings=[], boxes=[(1, *SCAN_TEXT_BOX)], watermark=MARK)

    image = page_image(target)
    assert mean(image, SCAN_TEXT_BOX) < 10  # black where the text was
    assert mean(image, (20, 100, 190, 140)) > 200  # white elsewhere
    assert mean(page_image(source), SCAN_TEXT_BOX) > 200  # the scan had text there


def test_a_scan_under_a_text_layer_loses_both(tmp_path):
    source = scan_pdf(tmp_path / "ocr.pdf", text_layer=True)
    assert PERSON_ID in pdftotext(source)
    before = sha256(source)
    target = tmp_path / "release.pdf"

    redact_pdf(source, target, strings=SECRETS, watermark=MARK)

    release_verify(target, SECRETS)
    text = pdftotext(target)
    assert not [s for s in SECRETS if s in text]
    assert "".join(MARK.split()) in text
    assert sha256(source) == before
    # The image of the ID number is painted over too: its line is darker.
    line = (30, 34, 190, 42)
    assert mean(page_image(target), line) < mean(page_image(source), line) - 30


def test_verification_names_the_kind_never_the_string(tmp_path):
    source = text_pdf(tmp_path / "text.pdf")
    with pytest.raises(RedactionError) as refused:
        release_verify(source, [Redaction(Kind.ID, PERSON_ID)])
    assert "身份证号" in str(refused.value) and PERSON_ID not in str(refused.value)


def test_verification_ignores_whitespace(tmp_path):
    spaced = text_pdf(tmp_path / "spaced.pdf", lines=["电话 139 1234 5678"])
    with pytest.raises(RedactionError, match="手机号"):
        release_verify(spaced, [Redaction(Kind.PHONE, PERSON_PHONE)])


def test_a_string_broken_by_spaces_is_still_redacted(tmp_path):
    spaced = text_pdf(tmp_path / "spaced.pdf", lines=["电话 139 1234 5678 结束"])
    target = tmp_path / "release.pdf"
    redact_pdf(spaced, target, strings=[PERSON_PHONE], watermark=MARK)
    release_verify(target, [PERSON_PHONE])
    assert "结束" in pdftotext(target)


def test_an_encrypted_pdf_is_refused_by_name(tmp_path):
    source = encrypted_pdf(tmp_path / "locked.pdf")
    with pytest.raises(RedactionError, match=r"“locked\.pdf”已加密"):
        redact_pdf(source, tmp_path / "out.pdf", strings=[], watermark=MARK)


def test_a_broken_pdf_is_refused_by_name(tmp_path):
    source = tmp_path / "broken.pdf"
    source.write_bytes(b"%PDF-1.7\n1 0 obj <<\n garbage")
    with pytest.raises(RedactionError, match=r"“broken\.pdf”已损坏"):
        redact_pdf(source, tmp_path / "out.pdf", strings=[], watermark=MARK)


def test_a_box_on_a_page_the_file_lacks_is_refused(tmp_path):
    source = text_pdf(tmp_path / "text.pdf")
    with pytest.raises(RedactionError, match="只有 1 页"):
        redact_pdf(
            source,
            tmp_path / "o.pdf",
            strings=[],
            boxes=[(2, 0, 0, 9, 9)],
            watermark=MARK,
        )


@pytest.mark.django_db
def test_proposals_find_numbers_and_the_persons_of_the_case(agency, received, tmp_path):
    application, _code = received
    case = case_make(agency)
    lines = [*LINES, f"申请人{application.name}电话{application.phone}"]
    lines.append("账号 6222 0212 3456 7890 123")
    material = material_make(
        case,
        text_pdf(tmp_path / "notes.pdf", lines=lines),
        "application/pdf",
        witness=WITNESS,
        service={"recipient": "衡阳恒通化工有限公司"},
    )

    proposals = {p.text: p.kind for p in redaction_proposals(material, application)}

    assert proposals[PERSON] == Kind.NAME
    assert proposals[PERSON_ID] == Kind.ID
    assert proposals[PERSON_PHONE] == Kind.PHONE
    assert proposals[PERSON_ADDRESS] == Kind.ADDRESS
    assert proposals[WITNESS] == Kind.NAME
    assert proposals["6222 0212 3456 7890 123"] == Kind.BANK
    assert application.name not in proposals  # the applicant's own data stays
    assert application.phone not in proposals
    assert "衡阳恒通化工有限公司" not in proposals  # not a natural person


def test_a_rotated_page_is_redacted_where_its_text_is_shown(tmp_path):
    import pikepdf

    source = tmp_path / "rotated.pdf"
    with pikepdf.open(text_pdf(tmp_path / "text.pdf")) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(source)
    target = tmp_path / "release.pdf"

    redact_pdf(source, target, strings=SECRETS, watermark=MARK)

    release_verify(target, SECRETS)
    image = page_image(target)
    assert image.width > image.height  # shown as the reader sees it
    assert "本局依法作出处罚决定" in pdftotext(target)
