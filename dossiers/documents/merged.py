"""The whole dossier as one PDF: cover, catalogue, every material, backsheet.

PDF materials are copied page by page with pikepdf; an image becomes one A4
page (a photo with its 音像资料 caption); audio and video appear as their 音像
资料说明 and any other file as a 材料说明. Every material page gets its 页号
stamped in the top-right corner, a matching page label, and each catalogue
line a bookmark. The originals are only read: the stamps are overlaid on the
copies in the new document. Fetching the bytes is the caller's job
(`open_material`), and so is storing or serving the result.

A problem with one material — its stored original missing, unreadable, no
longer matching its recorded digest, or not a PDF/image that can be bound —
raises `MaterialUnusable` naming the material (序号, 题名, path) before any
byte of output exists; callers show the message instead of a traceback.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf, Rectangle, String
from PIL import Image, ImageOps, UnidentifiedImageError
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer
from reportlab.platypus import Image as ImageFlowable

from dossiers.codes import Form
from dossiers.documents._common import (
    CONTENT_HEIGHT,
    CONTENT_WIDTH,
    PRODUCER,
    agency_name,
    binary_streams,
    centered,
    dossier_entries,
    field_table,
    font,
    material_kind,
    render,
)
from dossiers.documents.av_sheet import (
    av_rows,
    av_sheet_pdf,
    material_sheet_pdf,
    storage_text,
)
from dossiers.documents.backsheet import backsheet_pdf
from dossiers.documents.catalog import catalog_pdf, catalog_rows
from dossiers.documents.cover import cover_pdf
from dossiers.documents.problems import (
    DossierDocumentError,
    MaterialUnusable,
    blame,
    reason_of,
    verified,
)
from dossiers.models import Dossier, DossierEntry, Material

OpenMaterial = Callable[[Material], BinaryIO]

STAMP_WIDTH, STAMP_HEIGHT = 56.0, 18.0
STAMP_INSET = 7 * mm
STAMP_SIZE = 12
CAPTION_HEIGHT = 80 * mm
# Photo caption rows taken from the 音像资料说明 (the rest is on that sheet).
CAPTION_LABELS = ("制作方法", "制作时间", "制作人", "证明对象", "设备")


@dataclass
class _Section:
    """A run of pages in the output, with its bookmark, labels and stamps."""

    first: int
    count: int
    bookmark: str
    prefix: str | None = None  # front and back matter: 封面, 目录, 备考
    start: int = 1  # 页号 of the first page
    stamps: list[str] = field(default_factory=list)
    material: Material | None = None


def dossier_pdf(dossier: Dossier, *, open_material: OpenMaterial) -> bytes:
    """Bind `dossier` into one PDF with bookmarks, page labels and stamped 页号.

    Args:
        dossier: a saved dossier whose entries carry their 页号 ranges.
        open_material: returns a readable, seekable binary stream of a
            material's stored bytes; each stream is closed here when done.

    Returns:
        The PDF bytes; identical input gives identical bytes.

    Raises:
        MaterialUnusable: a material cannot be read or bound (the message
            names it).
        DossierDocumentError: the merged file cannot be written.
    """
    with ExitStack() as stack:
        out = Pdf.new()
        sections = [
            _append(out, cover_pdf(dossier), stack, "封面", prefix="封面"),
            _append(out, catalog_pdf(dossier), stack, "卷内材料目录", prefix="目录"),
            *_append_entries(out, dossier, open_material, stack),
            _append(out, backsheet_pdf(dossier), stack, "卷内备考表", prefix="备考"),
        ]
        _stamp(out, sections, stack)
        _label(out, sections)
        _bookmark(out, sections)
        _describe(out, dossier)
        return _saved(out, sections)


def _saved(out: Pdf, sections: list[_Section]) -> bytes:
    buffer = io.BytesIO()
    try:
        out.save(buffer, deterministic_id=True)
    except pikepdf.PdfError as exc:
        # Objects are copied lazily: a damaged one surfaces only now. qpdf
        # names the source it read, which is the stored original's path.
        for section in sections:
            if section.material and section.material.digest in str(exc):
                raise MaterialUnusable(section.material, reason_of(exc)) from exc
        raise DossierDocumentError(f"案卷合并文件无法生成：{exc}") from exc
    return buffer.getvalue()


# --- assembling -------------------------------------------------------------


def _append(
    out: Pdf, data: bytes, stack: ExitStack, bookmark: str, prefix: str
) -> _Section:
    source = stack.enter_context(Pdf.open(io.BytesIO(data)))
    first = len(out.pages)
    out.pages.extend(source.pages)
    return _Section(first, len(source.pages), bookmark, prefix=prefix)


def _append_entries(
    out: Pdf, dossier: Dossier, open_material: OpenMaterial, stack: ExitStack
) -> list[_Section]:
    """Append every entry's pages; numbering follows each entry's `page_from`.

    An entry without a 页号 continues its volume, so a volume restarts (or
    jumps) exactly where the entries say.
    """
    next_page: dict[str, int] = {}
    sections = []
    entries = dossier_entries(dossier)
    for entry, row in zip(entries, catalog_rows(dossier), strict=True):
        first = len(out.pages)
        with blame(entry.material):
            source = _material_pdf(entry.material, open_material, stack)
            out.pages.extend(source.pages)
        count = len(source.pages)
        start = entry.page_from or next_page.get(entry.volume, 1)
        stamps, next_page[entry.volume] = _page_numbers(entry, start, count)
        section = _Section(first, count, row.line, None, start, stamps)
        sections.append(section)
        section.material = entry.material
    return sections


def _page_numbers(entry: DossierEntry, start: int, count: int) -> tuple[list[str], int]:
    """The 页号 stamped on an entry's pages, and the next free 页号 of its volume."""
    if material_kind(entry.material) == "other" and (entry.page_to or 0) > start:
        # One 材料说明 stands for the material's whole 页号 range.
        return [f"{start}-{entry.page_to}"], entry.page_to + 1
    return [str(start + offset) for offset in range(count)], start + count


def _material_pdf(
    material: Material, open_material: OpenMaterial, stack: ExitStack
) -> Pdf:
    kind = material_kind(material)
    if kind == "sheet":
        return _open_generated(av_sheet_pdf(material), stack)
    if kind == "other":
        return _open_generated(material_sheet_pdf(material), stack)
    stream = open_material(material)
    stack.callback(stream.close)
    stream = verified(material, _seekable(stream))
    if kind == "pdf":
        return _open_original(material, stream, stack)
    return _open_generated(image_page_pdf(material, stream.read()), stack)


def _open_generated(data: bytes, stack: ExitStack) -> Pdf:
    return stack.enter_context(Pdf.open(io.BytesIO(data)))


def _open_original(material: Material, stream: BinaryIO, stack: ExitStack) -> Pdf:
    pdf = stack.enter_context(Pdf.open(stream))
    if not len(pdf.pages):
        raise MaterialUnusable(material, "PDF 没有任何页面（页面树为空）。")
    return pdf


def _seekable(stream: BinaryIO) -> BinaryIO:
    return stream if stream.seekable() else io.BytesIO(stream.read())


# --- image pages ------------------------------------------------------------


def image_page_pdf(material: Material, data: bytes) -> bytes:
    """One A4 page showing an image material, fitted within the margins.

    A photo carries a caption with its 制作方法, 制作时间, 制作人, 证明对象,
    设备 and storage, so the printed page can stand as evidence on its own.

    Raises:
        ValueError: the bytes are not an image Pillow can read.
    """
    image = _image_source(material, data)
    caption = material.form == Form.PHOTO
    height = CONTENT_HEIGHT - (CAPTION_HEIGHT if caption else 0)
    flowables: list[Flowable] = [_fitted(image, CONTENT_WIDTH, height)]
    if caption:
        flowables = [centered(material.title, 14), Spacer(1, 3 * mm), *flowables]
        flowables += [
            Spacer(1, 4 * mm),
            field_table(_caption_rows(material), 26 * mm, 9.5),
        ]
    return render(flowables, title=material.title)


def _image_source(material: Material, data: bytes) -> io.BytesIO:
    """The image bytes to embed: JPEGs as they are, unless EXIF turns them."""
    try:
        image = Image.open(io.BytesIO(data))
        orientation = image.getexif().get(0x0112, 1)
        if image.format == "JPEG" and orientation == 1:
            return io.BytesIO(data)  # embedded as is, without re-encoding
        return _reencoded(ImageOps.exif_transpose(image))
    except (UnidentifiedImageError, OSError) as exc:
        raise MaterialUnusable(material, f"图像无法读取：{exc}") from exc


def _reencoded(image: Image.Image) -> io.BytesIO:
    buffer = io.BytesIO()
    if image.mode in {"RGB", "L"}:
        image.save(buffer, format="JPEG", quality=92)
    else:
        image.convert("RGBA").save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def _fitted(source: io.BytesIO, width: float, height: float) -> ImageFlowable:
    with Image.open(source) as probe:
        pixels_w, pixels_h = probe.size
    source.seek(0)
    scale = min(width / pixels_w, height / pixels_h)
    return ImageFlowable(source, width=pixels_w * scale, height=pixels_h * scale)


def _caption_rows(material: Material) -> list[tuple[str, str]]:
    rows = [row for row in av_rows(material) if row[0] in CAPTION_LABELS]
    return [*rows, ("存储位置", storage_text(material))]


# --- stamps, labels, bookmarks, metadata -------------------------------------


def _stamp(out: Pdf, sections: list[_Section], stack: ExitStack) -> None:
    """Overlay each material page with its 页号 (one stamp form per number)."""
    texts = sorted({text for section in sections for text in section.stamps})
    if not texts:
        return
    book = _StampBook(out, texts, stack)
    for section in sections:
        with blame(section.material) if section.material else nullcontext():
            for offset, text in enumerate(section.stamps):
                page = out.pages[section.first + offset]
                _overlay(page, *book.form(text), _stamp_rect(page))


def _overlay(
    page: pikepdf.Page, form: pikepdf.Object, name: Name, rect: Rectangle
) -> None:
    """Draw `form` over the page, as `Page.add_overlay` does, but reproducibly.

    `add_overlay` names the resource at random (so every run gives different
    bytes) and rewrites the page's content into one stream. Here the name is
    fixed per stamp text — pages that share one /Resources dictionary then
    share the entry, which points at the same stamp — and the original
    content streams are kept as they are, wrapped in q … Q.
    """
    xobjects = page.resources.get(Name.XObject)
    if xobjects is None or name not in xobjects:
        page.add_resource(form, Name.XObject, name)
    placement = page.calc_form_xobject_placement(form, name, rect)
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n" + placement)


class _StampBook:
    """All stamps drawn once in one small PDF, each copied into `out` once."""

    def __init__(self, out: Pdf, texts: list[str], stack: ExitStack) -> None:
        self.out = out
        self.source = _open_generated(_stamp_pages(texts), stack)
        self.index = {text: number for number, text in enumerate(texts)}
        self.forms: dict[str, tuple[pikepdf.Object, Name]] = {}

    def form(self, text: str) -> tuple[pikepdf.Object, Name]:
        """The stamp's form XObject in `out`, and its resource name."""
        if text not in self.forms:
            page = self.source.pages[self.index[text]]
            form = self.out.copy_foreign(page.as_form_xobject())
            self.forms[text] = (form, Name(f"/ArchivePageNumber{self.index[text]}"))
        return self.forms[text]


def _stamp_pages(texts: Iterable[str]) -> bytes:
    buffer = io.BytesIO()
    size = (STAMP_WIDTH, STAMP_HEIGHT)
    canvas = Canvas(buffer, pagesize=size, invariant=True, initialFontName=font())
    with binary_streams():
        for text in texts:
            canvas.setFont(font(), STAMP_SIZE)
            canvas.drawRightString(STAMP_WIDTH - 1, 4, text)
            canvas.showPage()
        canvas.save()
    return buffer.getvalue()


def _stamp_rect(page: pikepdf.Page) -> Rectangle:
    """The stamp's place in unrotated page space that shows as the top right.

    pikepdf turns the stamp upright on a rotated page, so only the corner (and,
    for quarter turns, the swapped width and height) depends on /Rotate.
    """
    box = Rectangle(page.cropbox)
    rotate = int(page.obj.get(Name.Rotate, 0)) % 360
    quarter = rotate in {90, 270}
    w, h = (STAMP_HEIGHT, STAMP_WIDTH) if quarter else (STAMP_WIDTH, STAMP_HEIGHT)
    # The unrotated corner displayed as the top right: 90 → top left,
    # 180 → bottom left, 270 → bottom right.
    left, bottom = rotate in {90, 180}, rotate in {180, 270}
    x = box.llx + STAMP_INSET if left else box.urx - STAMP_INSET - w
    y = box.lly + STAMP_INSET if bottom else box.ury - STAMP_INSET - h
    return Rectangle(x, y, x + w, y + h)


def _label(out: Pdf, sections: list[_Section]) -> None:
    """/PageLabels: 封面, 目录1…, the 页号 on material pages, 备考."""
    numbers = Array()
    for section in sections:
        numbers.extend([section.first, _label_style(section)])
    out.Root.PageLabels = out.make_indirect(Dictionary(Nums=numbers))


def _label_style(section: _Section) -> Dictionary:
    if section.prefix is None:
        return Dictionary(S=Name.D, St=section.start)
    if section.count == 1:
        return Dictionary(P=String(section.prefix))
    return Dictionary(P=String(section.prefix), S=Name.D, St=1)


def _bookmark(out: Pdf, sections: list[_Section]) -> None:
    with out.open_outline() as outline:
        outline.root.extend(OutlineItem(s.bookmark, s.first) for s in sections)


def _describe(out: Pdf, dossier: Dossier) -> None:
    """XMP (dc:title, dc:identifier, dc:creator/publisher) and the docinfo."""
    agency = agency_name(dossier)
    # No editor stamp: it would add the current time and break reproducibility.
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = dossier.title
        meta["dc:identifier"] = dossier.archival_code
        meta["dc:creator"] = [agency]
        meta["dc:publisher"] = [agency]
        meta["dc:language"] = ["zh-CN"]
        meta["xmp:CreatorTool"] = PRODUCER
        meta["pdf:Producer"] = PRODUCER
    out.docinfo[Name.Title] = String(dossier.title)
    out.docinfo[Name.Subject] = String(f"档号：{dossier.archival_code}")
    out.Root.Lang = String("zh-CN")
    out.Root.PageMode = Name.UseOutlines
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
