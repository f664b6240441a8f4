"""The 复制件 watermark: on every page and frame, in the file's own format."""

import datetime as dt
import io

import pikepdf
import pypdf
import pytest
from PIL import Image, ImageChops, ImageSequence

from access_control.copy_marks import (
    CopyMarkError,
    Mark,
    image_watermarked,
    pdf_watermarked,
)
from tests.preservation import pdf_corpus

MARK = Mark(
    "王五", "某区市场监管局", dt.datetime(2026, 12, 4, 1, 0, tzinfo=dt.UTC), "FZ-7"
)


def _frames(kind: str, count: int, size=(320, 200)) -> bytes:
    colours = ["white", "lightblue", "lightyellow", "lightgreen"]
    frames = [Image.new("RGB", size, colours[n % 4]) for n in range(count)]
    if kind == "GIF":
        frames = [f.convert("P") for f in frames]
    out = io.BytesIO()
    frames[0].save(out, format=kind, save_all=True, append_images=frames[1:])
    return out.getvalue()


@pytest.mark.parametrize("kind", ["GIF", "TIFF"])
def test_every_frame_of_a_multi_frame_image_is_marked(kind):
    original = _frames(kind, 3)

    marked = Image.open(io.BytesIO(image_watermarked(original, MARK)))

    assert marked.format == kind
    before = [
        f.convert("RGB")
        for f in ImageSequence.Iterator(Image.open(io.BytesIO(original)))
    ]
    after = [f.convert("RGB") for f in ImageSequence.Iterator(marked)]
    assert len(after) == 3
    for old, new in zip(before, after, strict=True):
        assert ImageChops.difference(old, new).getbbox() is not None


def test_pages_with_an_offset_media_box_carry_the_mark():
    pdf = pikepdf.open(io.BytesIO(pdf_corpus.text_pdf(pages=2)))
    pdf.pages[1].obj.MediaBox = pikepdf.Array([100, 100, 700, 500])
    pdf.pages[1].obj.Rotate = 270
    source = io.BytesIO()
    pdf.save(source)

    marked = pypdf.PdfReader(io.BytesIO(pdf_watermarked(source.getvalue(), MARK)))

    for page in marked.pages:
        text = page.extract_text()
        assert "复制件" in text
        assert "王五" in text
        assert "2026-12-04 09:00" in text  # 01:00 UTC in Shanghai


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (pdf_corpus.invalid_rotate(), "PDF 无法读取"),
        (pdf_corpus.user_password(), "口令"),
        (pdf_corpus.owner_password_only(), "已加密"),
        (b"not a pdf at all", "PDF 无法读取"),
    ],
)
def test_an_unusable_pdf_is_refused_with_its_reason(content, reason):
    with pytest.raises(CopyMarkError, match=reason):
        pdf_watermarked(content, MARK)


def test_an_image_format_that_cannot_be_kept_is_refused():
    bmp = io.BytesIO()
    Image.new("RGB", (10, 10)).save(bmp, format="BMP")

    with pytest.raises(CopyMarkError, match="BMP"):
        image_watermarked(bmp.getvalue(), MARK)
    with pytest.raises(CopyMarkError, match="图像无法读取"):
        image_watermarked(b"\xff\xd8 truncated", MARK)


@pytest.mark.parametrize("name", sorted(pdf_corpus.CORPUS))
def test_no_hostile_pdf_crashes_the_copy(name):
    """Every corpus file is marked on all its pages or refused in plain words."""
    content = pdf_corpus.CORPUS[name][0]()
    try:
        marked = pdf_watermarked(content, MARK)
    except CopyMarkError as exc:
        assert "BytesIO" not in str(exc)
        assert str(exc).startswith("PDF ")
        return
    reader = pypdf.PdfReader(io.BytesIO(marked))
    assert all("复制件" in page.extract_text() for page in reader.pages)
