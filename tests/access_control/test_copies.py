"""Copy packages: what a party receives, and what stays untouched in the archive."""

import datetime as dt
import io
import zipfile

import pikepdf
import pycdlib
import pypdf
import pytest
from PIL import Image, ImageChops
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.pdfgen.canvas import Canvas

from access_control.copies import CopyError, copy_package_build
from dossiers.codes import Form
from dossiers.fonts import register_cjk_font
from dossiers.models import Material
from preservation import files
from preservation.services.storage import object_path, object_store
from tests.preservation import pdf_corpus

# 21:30 UTC is 05:30 the next morning in Shanghai: the mark shows local time.
WHEN = dt.datetime(2026, 12, 4, 21, 30, tzinfo=dt.UTC)
LOCAL = "2026-12-05 05:30"
REQUEST = "FZ-2026-0042"


def _build(materials, out_dir, **extra):
    return copy_package_build(
        materials=materials,
        out_dir=out_dir,
        requester="张三",
        agency="珠晖市某贸易有限公司",
        request_number=REQUEST,
        made_by="李四",
        when=WHEN,
        **extra,
    )


def _add(case, tmp_path, name: str, content: bytes, media_type: str) -> Material:
    """A material of `case` whose original is `content`, stored as ingest does."""
    source = tmp_path / name
    source.write_bytes(content)
    stored = object_store(source)
    template = case.materials.first()
    return Material.objects.create(
        case=case,
        sequence=case.materials.count() + 1,
        path=f"materials/extra/{name}",
        original_name=name,
        stage=template.stage,
        form=Form.PHOTO if media_type.startswith("image/") else Form.TEXT,
        doc_type="其他",
        title=f"附件 {name}",
        date=template.date,
        media_type=media_type,
        size=stored.size,
        digest=stored.digest,
    )


def _odd_pdf() -> bytes:
    """Three pages: A4 portrait, A5 landscape, and an A4 page turned 90°."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for size in (A4, landscape(A5), A4):
        canvas.setPageSize(size)
        canvas.setFont(register_cjk_font(), 12)
        canvas.drawString(50, 100, "现场检查笔录")
        canvas.showPage()
    canvas.save()
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    pdf.pages[2].obj.Rotate = 90
    pdf.pages[1].obj.CropBox = pikepdf.Array([20, 20, 500, 400])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _member(package, suffix: str) -> bytes:
    with zipfile.ZipFile(package.zip_path) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(suffix)]
        return archive.read(name)


def _original(material: Material) -> bytes:
    return object_path(material.digest).read_bytes()


def test_every_pdf_page_shows_the_watermark(ingested_case, tmp_path):
    material = _add(ingested_case, tmp_path, "odd.pdf", _odd_pdf(), "application/pdf")

    package = _build([material], tmp_path / "out")

    reader = pypdf.PdfReader(io.BytesIO(_member(package, "odd.pdf")))
    assert len(reader.pages) == 3
    for page in reader.pages:
        text = page.extract_text()
        for shown in ("复制件", "张三", "珠晖市某贸易有限公司", LOCAL, REQUEST):
            assert shown in text
        assert "现场检查笔录" in text  # the page itself is still there
    assert [int(p.get("/Rotate", 0)) for p in reader.pages] == [0, 0, 90]


def test_images_are_marked_and_keep_their_format(ingested_case, tmp_path):
    photo = ingested_case.materials.get(form=Form.PHOTO, path__contains="04-")
    png = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(png, format="PNG")
    drawing = _add(ingested_case, tmp_path, "plan.png", png.getvalue(), "image/png")

    package = _build([photo, drawing], tmp_path / "out")

    for material, kind in ((photo, "JPEG"), (drawing, "PNG")):
        copy = Image.open(io.BytesIO(_member(package, material.original_name)))
        original = Image.open(io.BytesIO(_original(material)))
        assert copy.format == kind
        assert copy.size == original.size
        diff = ImageChops.difference(copy.convert("RGB"), original.convert("RGB"))
        assert diff.getbbox() is not None


def test_av_is_copied_bit_for_bit_with_its_written_statement(ingested_case, tmp_path):
    video = ingested_case.materials.get(form=Form.VIDEO)

    package = _build([video], tmp_path / "out")

    assert _member(package, ".mp4") == _original(video)
    note = pypdf.PdfReader(io.BytesIO(_member(package, ".mp4.文字说明.pdf")))
    text = "".join(page.extract_text() for page in note.pages).replace("\n", "")
    for shown in ("制作人", "李四", "提取人", "吴婷", "提取时间", "2025-02-12 13:50"):
        assert shown in text
    for shown in ("取证地点", "ZFJLY-0015", "第二十四条", "002 §24", "001 §24"):
        assert shown in text
    assert video.digest[:32] in text.replace(" ", "")
    kinds = {entry.path: entry.kind for entry in package.entries}
    assert kinds["investigation/03-现场检查录像.mp4"] == "av"


def test_package_digest_entries_and_originals(ingested_case, tmp_path):
    materials = list(ingested_case.materials.all())

    package = _build(materials, tmp_path / "out")

    assert package.zip_path.name == f"复制件-{REQUEST}.zip"
    assert package.zip_sha256 == files.digest(package.zip_path)
    manifest = _member(package, "manifest-sha256.txt").decode()
    with zipfile.ZipFile(package.zip_path) as archive:
        for entry in package.entries[:-1]:
            body = archive.read(entry.path)
            assert files.content_digests(body, ("sha256",))["sha256"] == entry.sha256
            assert f"{entry.sha256}  {entry.path}" in manifest
    for material in materials:
        assert files.digest(object_path(material.digest)) == material.digest
    assert [p.name for p in (tmp_path / "out").iterdir()] == [package.zip_path.name]


def test_disc_image_holds_the_same_files(ingested_case, tmp_path):
    video = ingested_case.materials.get(form=Form.VIDEO)

    package = _build([video], tmp_path / "out", as_disc=True)

    assert package.iso_sha256 == files.digest(package.iso_path)
    iso = pycdlib.PyCdlib()
    iso.open(str(package.iso_path))
    body = io.BytesIO()
    iso.get_file_from_iso_fp(body, udf_path="/investigation/03-现场检查录像.mp4")
    iso.close()
    assert body.getvalue() == _original(video)


@pytest.mark.parametrize(
    "hostile", ["user_password", "owner_password_only", "not_a_pdf_inside"]
)
def test_unusable_pdf_is_named_and_leaves_nothing(ingested_case, tmp_path, hostile):
    good = ingested_case.materials.get(form=Form.VIDEO)
    content = getattr(pdf_corpus, hostile)()
    bad = _add(ingested_case, tmp_path, "locked.pdf", content, "application/pdf")
    out_dir = tmp_path / "out"

    with pytest.raises(CopyError) as caught:
        _build([good, bad], out_dir, as_disc=True)

    assert "附件 locked.pdf" in str(caught.value)
    assert "materials/extra/locked.pdf" in str(caught.value)
    assert list(out_dir.iterdir()) == []
    assert _original(bad) == content


def test_an_existing_package_is_never_overwritten(ingested_case, tmp_path):
    video = ingested_case.materials.get(form=Form.VIDEO)
    first = _build([video], tmp_path / "out")

    with pytest.raises(CopyError, match="从不覆盖"):
        _build([video], tmp_path / "out")

    assert files.digest(first.zip_path) == first.zip_sha256


def test_a_damaged_original_is_named_and_nothing_is_made(ingested_case, tmp_path):
    photo = ingested_case.materials.get(form=Form.PHOTO, path__contains="04-")
    stored = object_path(photo.digest)
    stored.chmod(0o644)
    stored.write_bytes(b"bit rot")
    out_dir = tmp_path / "out"

    with pytest.raises(CopyError, match="与登记的摘要不符") as caught:
        _build([photo], out_dir)

    assert photo.path in str(caught.value)
    assert list(out_dir.iterdir()) == []
