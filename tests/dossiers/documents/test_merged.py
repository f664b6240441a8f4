"""The merged dossier PDF as a reader meets it: pages, bookmarks, labels, 页号."""

import io

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from dossiers.documents import catalog_rows, dossier_pdf
from dossiers.models import Volume
from tests.dossiers.documents.builders import (
    DECISION_NUMBER,
    agency_case,
    compact,
    dossier_create,
    entries_add,
    material_add,
    pdf_add,
)

pytestmark = pytest.mark.django_db

FRONT = 2  # cover and a one-page catalogue
# 正卷: 2 + 3 PDF pages, the photo, the video's sheet, 1 PDF page; 副卷: 2 + 1.
MATERIAL_LABELS = ["1", "2", "3", "4", "5", "6", "7", "8", "1", "2", "3"]
ROTATED_PAGE = FRONT + 4


@pytest.fixture
def merged(dossier, store):
    return dossier_pdf(dossier, open_material=store.open)


def _open(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def _page_text(data: bytes, index: int) -> str:
    return PdfReader(io.BytesIO(data)).pages[index].extract_text()


def test_pages_are_cover_catalog_materials_and_backsheet(merged):
    assert len(PdfReader(io.BytesIO(merged)).pages) == FRONT + 11 + 1
    assert "行政执法案卷" in "".join(_page_text(merged, 0).split())
    assert "卷内材料目录" in _page_text(merged, 1)
    assert "Original M1 p1" in _page_text(merged, FRONT)
    assert "音像资料说明" in _page_text(merged, FRONT + 6)
    assert "卷内备考表" in _page_text(merged, FRONT + 11)


def test_bookmarks_are_the_catalog_lines_between_front_and_back(dossier, merged):
    with _open(merged) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
        targets = [pdf.pages.index(item.destination[0]) for item in outline.root]
    lines = [row.line for row in catalog_rows(dossier)]
    assert titles == ["封面", "卷内材料目录", *lines, "卷内备考表"]
    assert lines[:2] == ["1 立案审批表", "2 " + catalog_rows(dossier)[1].title]
    assert targets == [0, 1, 2, 4, 7, 8, 9, 10, 12, 13]


def test_page_labels_are_the_page_numbers_of_each_volume(merged):
    with _open(merged) as pdf:
        labels = [page.label for page in pdf.pages]
    assert labels == ["封面", "目录", *MATERIAL_LABELS, "备考"]


def test_every_material_page_shows_its_page_number(merged):
    for offset, label in enumerate(MATERIAL_LABELS):
        words = _page_text(merged, FRONT + offset).split()
        assert label in words, (offset, words)


def test_front_and_back_matter_are_not_stamped(merged):
    with _open(merged) as pdf:
        assert _stamp_box(pdf.pages[0]) is None
        assert _stamp_box(pdf.pages[-1]) is None


def test_stamps_sit_in_the_top_right_corner(merged):
    with _open(merged) as pdf:
        for index in range(FRONT, FRONT + len(MATERIAL_LABELS)):
            page = pdf.pages[index]
            left, bottom, right, top = _stamp_box(page)
            width, height = float(page.mediabox[2]), float(page.mediabox[3])
            if index == ROTATED_PAGE:
                # Turned 90° clockwise for display: the top left becomes top right.
                assert 0 <= left < right < width * 0.2
            else:
                assert width * 0.8 < left < right <= width
            assert height * 0.85 < bottom < top <= height


def _stamp_box(page: pikepdf.Page) -> tuple[float, float, float, float] | None:
    """Where the last form XObject drawn on the page lands (the stamp)."""
    matrix, box = None, None
    for operands, operator in pikepdf.parse_content_stream(page):
        if operator == pikepdf.Operator("cm"):
            matrix = [float(value) for value in operands]
        if operator == pikepdf.Operator("Do") and matrix:
            xobject = page.resources.XObject[operands[0]]
            if xobject.Subtype == pikepdf.Name.Form:
                box = _transformed(matrix, [float(v) for v in xobject.BBox])
    return box


def _transformed(matrix: list[float], bbox: list[float]) -> tuple[float, ...]:
    a, b, c, d, e, f = matrix
    x0, y0, x1, y1 = bbox
    corners = [(x, y) for x in (x0, x1) for y in (y0, y1)]
    xs = [a * x + c * y + e for x, y in corners]
    ys = [b * x + d * y + f for x, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def test_originals_are_only_read_and_their_streams_closed(dossier, store):
    before = dict(store.blobs)
    dossier_pdf(dossier, open_material=store.open)
    assert store.blobs == before
    assert len(store.opened) == 6  # five PDFs and the photo; never the video
    assert all(stream.closed for stream in store.opened)


def test_the_same_dossier_gives_the_same_bytes(dossier, store):
    first = dossier_pdf(dossier, open_material=store.open)
    assert dossier_pdf(dossier, open_material=store.open) == first


def test_metadata_identifies_the_dossier(dossier, merged):
    with _open(merged) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:identifier"] == dossier.archival_code
        assert meta["dc:title"] == dossier.title
        assert meta["dc:creator"] == ["衡阳市珠晖区应急管理局"]
        assert meta["dc:publisher"] == {"衡阳市珠晖区应急管理局"}
        assert str(pdf.docinfo.Title) == dossier.title
        assert dossier.archival_code in str(pdf.docinfo.Subject)


def test_generated_pages_and_stamps_embed_their_fonts(merged):
    with _open(merged) as pdf:
        generated = [0, 1, FRONT + 5, FRONT + 6, len(pdf.pages) - 1]
        fonts = [font for index in generated for font in _fonts(pdf.pages[index])]
        # The originals here use Helvetica; on their pages only the stamp counts.
        stamp = pdf.pages[FRONT].resources.XObject
        fonts += [font for form in stamp.values() for font in _fonts(form)]
        assert fonts
        for font in fonts:
            assert "/FontFile2" in font.FontDescriptor, font.BaseFont


def _fonts(owner: pikepdf.Page | pikepdf.Object) -> list[pikepdf.Dictionary]:
    """The fonts a page or form uses, including those of its form XObjects."""
    found = []
    resources = [owner.Resources if "/Resources" in owner else None]
    while resources:
        current = resources.pop()
        if current is None:
            continue
        found += list(current.get("/Font", {}).values())
        forms = current.get("/XObject", {}).values()
        resources += [x.get("/Resources") for x in forms if x.Subtype == "/Form"]
    return found


def test_cover_names_the_decision(merged):
    assert DECISION_NUMBER in _page_text(merged, 0)


def test_volume_numbering_follows_the_entries(store):
    case = agency_case()
    first = pdf_add(case, store, 2, "询问笔录")
    second = pdf_add(case, store, 1, "听证笔录")
    dossier = dossier_create(case)
    entries_add(dossier, [(first, Volume.MAIN), (second, Volume.MAIN)])
    dossier.entries.filter(material=second).update(page_from=10, page_to=10)
    with _open(dossier_pdf(dossier, open_material=store.open)) as pdf:
        assert [page.label for page in pdf.pages][FRONT:-1] == ["1", "2", "10"]


def test_an_unreadable_pdf_is_refused_by_name(store):
    case = agency_case()
    broken = material_add(
        case, store, b"%PDF-1.7 broken", "application/pdf", title="损坏的笔录"
    )
    dossier = dossier_create(case)
    entries_add(dossier, [(broken, Volume.MAIN)])
    with pytest.raises(ValueError, match="损坏的笔录"):
        dossier_pdf(dossier, open_material=store.open)


def test_pages_sharing_resources_keep_their_own_numbers(store):
    case = agency_case()
    material = pdf_add(case, store, 3, "询问笔录")
    with _open(store.blobs[material.digest]) as pdf:
        for page in pdf.pages[1:]:
            page.obj.Resources = pdf.pages[0].obj.Resources  # one shared object
        shared = io.BytesIO()
        pdf.save(shared)
    material.digest = store.put(shared.getvalue())
    material.save()
    dossier = dossier_create(case)
    entries_add(dossier, [(material, Volume.MAIN)])
    merged = dossier_pdf(dossier, open_material=store.open)
    for offset, label in enumerate(["1", "2", "3"]):
        assert _page_text(merged, FRONT + offset).split()[-1] == label


def test_a_photo_is_embedded_as_its_original_jpeg(dossier, store):
    merged = dossier_pdf(dossier, open_material=store.open)
    photo = dossier.entries.get(sort_order=2).material
    with _open(merged) as pdf:
        page = pdf.pages[FRONT + 5]
        images = [x for x in page.resources.XObject.values() if x.Subtype == "/Image"]
        assert len(images) == 1
        assert list(images[0].Filter) == [pikepdf.Name.DCTDecode]
        assert images[0].read_raw_bytes() == store.blobs[photo.digest]
    text = compact(_page_text(merged, FRONT + 5))
    assert "证明对象车间安全出口堵塞情况" in text


def test_a_scanned_png_fills_one_page_without_caption(store):
    case = agency_case()
    image = Image.new("L", (1200, 1700), 255)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    scan = material_add(case, store, buffer.getvalue(), "image/png", title="送达回证")
    dossier = dossier_create(case)
    entries_add(dossier, [(scan, Volume.MAIN)])
    merged = dossier_pdf(dossier, open_material=store.open)
    assert len(PdfReader(io.BytesIO(merged)).pages) == FRONT + 1 + 1
    assert _page_text(merged, FRONT).split() == ["1"]


def test_an_unprintable_file_stands_as_one_sheet_for_its_range(store):
    case = agency_case()
    first = pdf_add(case, store, 2, "立案审批表")
    ofd = material_add(
        case, store, b"PK\x03\x04", "application/ofd", title="电子决定书", pages=3
    )
    last = pdf_add(case, store, 1, "结案审批表")
    dossier = dossier_create(case)
    entries_add(dossier, [(m, Volume.MAIN) for m in (first, ofd, last)])
    merged = dossier_pdf(dossier, open_material=store.open)
    with _open(merged) as pdf:
        labels = [page.label for page in pdf.pages][FRONT:-1]
    assert labels == ["1", "2", "3", "6"]
    assert "3-5" in _page_text(merged, FRONT + 2).split()
    assert "材料说明" in _page_text(merged, FRONT + 2)


def test_an_unnumbered_entry_continues_its_volume(store):
    case = agency_case()
    first = pdf_add(case, store, 2, "询问笔录")
    second = pdf_add(case, store, 2, "勘验笔录")
    dossier = dossier_create(case)
    entries_add(dossier, [(first, Volume.MAIN), (second, Volume.MAIN)])
    dossier.entries.filter(material=second).update(page_from=None, page_to=None)
    with _open(dossier_pdf(dossier, open_material=store.open)) as pdf:
        assert [page.label for page in pdf.pages][FRONT:-1] == ["1", "2", "3", "4"]
