"""A corpus of hostile and odd PDFs, generated in code (no binary fixtures).

Each entry is built with pikepdf, ReportLab or raw bytes the way such files
turn up in other PDF projects' test suites: an empty page tree, a page tree
that lies about its size or loops, cyclic outlines, broken xref tables and
streams, passwords, JavaScript, embedded files, forms, JBIG2 images,
incremental updates and seeded random damage. `CORPUS` maps a name to a
builder returning the bytes; `EXPECTED` says what the archive does with it.
"""

import io
import random
import zlib
from collections.abc import Callable

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from reportlab.pdfgen.canvas import Canvas

from dossiers.fonts import register_cjk_font

TEXT = "行政处罚决定书 珠晖市监罚〔2025〕12号"


def text_pdf(text: str = TEXT, pages: int = 1) -> bytes:
    """A plain, valid PDF with a CJK text layer on every page."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    for number in range(1, pages + 1):
        canvas.setFont(register_cjk_font(), 14)
        canvas.drawString(72, 720, f"{text} 第{number}页")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _saved(pdf: pikepdf.Pdf, **options) -> bytes:
    out = io.BytesIO()
    # qpdf cannot derive a deterministic /ID for an encrypted file.
    identity = {"static_id": True} if "encryption" in options else {}
    pdf.save(out, **(identity or {"deterministic_id": True}), **options)
    return out.getvalue()


def raw_pdf(objects: dict[int, bytes], *, root: int = 1) -> bytes:
    """A PDF written byte by byte from `objects` (number → body), so that no
    writer can tidy what the file is meant to get wrong."""
    body = io.BytesIO()
    body.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, text in sorted(objects.items()):
        offsets[number] = body.tell()
        body.write(b"%d 0 obj\n%s\nendobj\n" % (number, text))
    size = max(offsets) + 1
    at = body.tell()
    body.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for number in range(1, size):
        body.write(b"%010d 00000 n \n" % offsets.get(number, 0))
    body.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (size, root))
    body.write(b"startxref\n%d\n%%%%EOF\n" % at)
    return body.getvalue()


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R %s>>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _from_text(**kwargs) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(text_pdf(**kwargs)))


# --- refused ------------------------------------------------------------------


def empty_page_tree() -> bytes:
    """A catalog whose /Pages has no kids: nothing to show, bind or read."""
    return _saved(pikepdf.new())


def page_count_lies() -> bytes:
    """/Count claims a million pages; there is one (readers trusting /Count
    ask for page 2 and fail)."""
    return raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>",
            3: PAGE % (4, b"/Resources << /Font << /F1 5 0 R >> >> "),
            4: _stream(b"BT /F1 24 Tf 72 700 Td (ONE PAGE) Tj ET"),
            5: FONT,
        }
    )


def cyclic_page_tree() -> bytes:
    """An intermediate /Pages node that lists itself among its kids."""
    pdf = _from_text()
    node = pdf.make_indirect(
        Dictionary(Type=Name.Pages, Kids=Array(), Count=1, Parent=pdf.Root.Pages)
    )
    node.Kids.append(node)
    pdf.Root.Pages.Kids.append(node)
    pdf.Root.Pages.Count = 2
    return _saved(pdf)


def broken_xref() -> bytes:
    """The cross-reference table points nowhere: readable only after repair."""
    data = text_pdf()
    head = data[: data.rindex(b"startxref")]
    return head + b"startxref\n999999\n%%EOF\n"


def broken_stream() -> bytes:
    """A page content stream that claims Flate but is not deflated data."""
    pdf = _from_text()
    page = pdf.pages[0]
    page.Contents.write(b"\x00garbage, not deflate" * 8, filter=Name.FlateDecode)
    return _saved(pdf)


def truncated_stream() -> bytes:
    """Deflated page content cut off half-way (a download that stopped)."""
    pdf = _from_text()
    content = pdf.pages[0].Contents.read_bytes()
    cut = zlib.compress(content * 40)[: len(content) // 2]
    pdf.pages[0].Contents.write(cut, filter=Name.FlateDecode)
    return _saved(pdf)


def owner_password_only() -> bytes:
    """Opens without a password, but encrypted to restrict printing and copying."""
    allow = pikepdf.Permissions(print_highres=False, extract=False, modify_other=False)
    encryption = pikepdf.Encryption(owner="owner-secret", user="", allow=allow)
    return _saved(_from_text(), encryption=encryption)


def user_password() -> bytes:
    return _saved(_from_text(), encryption=pikepdf.Encryption(owner="o", user="u"))


def javascript() -> bytes:
    pdf = _from_text()
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))
    return _saved(pdf)


def not_a_pdf_inside() -> bytes:
    """A PDF header and then nothing a reader could use."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"\x00" * 400 + b"\n%%EOF\n"


def invalid_page_box() -> bytes:
    """A page whose /MediaBox is not four numbers (and no box to inherit)."""
    pdf = _from_text()
    pdf.pages[0].obj.MediaBox = Array([0, 0, Name.Wide, 842])
    return _saved(pdf)


def invalid_rotate() -> bytes:
    """/Rotate must be a multiple of 90; here it is a name."""
    pdf = _from_text()
    pdf.pages[0].obj.Rotate = Name.Sideways
    return _saved(pdf)


# --- accepted (with or without a finding) -------------------------------------------


def plain() -> bytes:
    return text_pdf()


def many_pages() -> bytes:
    """A genuinely long document (the page tree is balanced by the writer)."""
    return text_pdf(pages=600)


def cyclic_outlines() -> bytes:
    """Bookmarks whose /Next chain loops back: a viewer walking it never ends."""
    pdf = _from_text(pages=2)
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=2))
    first = pdf.make_indirect(Dictionary(Title=String("第一"), Parent=outlines))
    second = pdf.make_indirect(Dictionary(Title=String("第二"), Parent=outlines))
    first.Dest = Array([pdf.pages[0].obj, Name.Fit])
    second.Dest = Array([pdf.pages[1].obj, Name.Fit])
    first.Next, second.Prev = second, first
    second.Next, first.Prev = first, second  # the loop
    outlines.First, outlines.Last = first, second
    pdf.Root.Outlines = outlines
    return _saved(pdf)


def embedded_file() -> bytes:
    pdf = _from_text()
    pdf.attachments["附件.txt"] = pikepdf.AttachedFileSpec(pdf, b"hidden")
    return _saved(pdf)


def form_fields() -> bytes:
    """An AcroForm with a filled text field (widget annotation on the page)."""
    pdf = _from_text()
    field = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Tx,
            T=String("当事人"),
            V=String("珠晖区某某商行"),
            Rect=Array([72, 600, 300, 620]),
            P=pdf.pages[0].obj,
        )
    )
    pdf.pages[0].obj.Annots = Array([field])
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]), NeedAppearances=True)
    return _saved(pdf)


def jbig2_image() -> bytes:
    """A scanned page held as a JBIG2 image (no text layer)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    # A JBIG2 generic region segment stream; the archive never decodes it.
    data = bytes.fromhex("0000000030000100000013") + b"\x00" * 32
    image = pikepdf.Stream(pdf, data)
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width, image.Height, image.BitsPerComponent = 64, 64, 1
    image.ColorSpace, image.Filter = Name.DeviceGray, Name.JBIG2Decode
    page = pdf.pages[0]
    page.add_resource(image, Name.XObject, Name.Im0)
    page.contents_add(pikepdf.Stream(pdf, b"q 500 0 0 700 40 70 cm /Im0 Do Q"))
    return _saved(pdf)


def incremental_update() -> bytes:
    """A PDF with an appended revision (as a signing or editing tool writes it)
    whose page shows "REVISED" where the first revision showed "ORIGINAL"."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    page = pdf.pages[0]
    page.add_resource(font, Name.Font, Name.F1)
    page.contents_add(pikepdf.Stream(pdf, _show(b"ORIGINAL")))
    first = _saved(pdf, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    with pikepdf.open(io.BytesIO(first)) as reopened:
        size = int(reopened.trailer.Size)
        root = reopened.Root.objgen[0]
        page_number = reopened.pages[0].objgen[0]
        parent = reopened.pages[0].Parent.objgen[0]
        font_number = reopened.pages[0].Resources.Font.F1.objgen[0]
    content = _show(b"REVISED")
    objects = {
        size: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        page_number: b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
        % (parent, font_number, size),
    }
    return first + _revision(first, objects, root=root, size=size + 1)


def _show(text: bytes) -> bytes:
    return b"BT /F1 24 Tf 72 700 Td (%s) Tj ET" % text


def _revision(first: bytes, objects: dict[int, bytes], *, root: int, size: int):
    """An incremental-update section replacing `objects` (number → body)."""
    body, offsets = io.BytesIO(), {}
    for number, text in sorted(objects.items()):
        offsets[number] = len(first) + body.tell()
        body.write(b"%d 0 obj\n%s\nendobj\n" % (number, text))
    xref = [b"xref\n0 1\n0000000000 65535 f \n"]
    xref += [b"%d 1\n%010d 00000 n \n" % (n, offsets[n]) for n in sorted(offsets)]
    previous = int(first[first.rindex(b"startxref") + 9 :].split()[0])
    trailer = b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n" % (
        size,
        root,
        previous,
    )
    at = len(first) + body.tell()
    return body.getvalue() + b"".join(xref) + trailer + b"startxref\n%d\n%%%%EOF\n" % at


def fuzzed(seed: int) -> Callable[[], bytes]:
    """A valid text PDF with a few seeded random bytes overwritten."""

    def build() -> bytes:
        rng = random.Random(seed)
        data = bytearray(text_pdf())
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            data[at : at + 4] = rng.randbytes(4)
        return bytes(data)

    return build


REFUSED = "refused"
ACCEPTED = "accepted"
FUZZED = "either"

# name → (builder, outcome, finding code expected on the file)
CORPUS: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "empty_page_tree": (empty_page_tree, REFUSED, "pdf_no_pages"),
    "page_count_lies": (page_count_lies, REFUSED, "pdf_page_tree_invalid"),
    "cyclic_page_tree": (cyclic_page_tree, REFUSED, "pdf_unreadable"),
    "broken_xref": (broken_xref, REFUSED, "pdf_unreadable"),
    "broken_stream": (broken_stream, REFUSED, "pdf_damaged"),
    "truncated_stream": (truncated_stream, REFUSED, "pdf_damaged"),
    "owner_password_only": (owner_password_only, REFUSED, "pdf_encrypted"),
    "user_password": (user_password, REFUSED, "pdf_encrypted"),
    "javascript": (javascript, REFUSED, "pdf_active_content"),
    "not_a_pdf_inside": (not_a_pdf_inside, REFUSED, "pdf_unreadable"),
    "invalid_page_box": (invalid_page_box, REFUSED, "pdf_damaged"),
    "invalid_rotate": (invalid_rotate, REFUSED, "pdf_page_invalid"),
    "plain": (plain, ACCEPTED, ""),
    "many_pages": (many_pages, ACCEPTED, ""),
    "cyclic_outlines": (cyclic_outlines, ACCEPTED, "pdf_outline_cyclic"),
    "embedded_file": (embedded_file, ACCEPTED, "pdf_active_content"),
    "form_fields": (form_fields, ACCEPTED, ""),
    "jbig2_image": (jbig2_image, ACCEPTED, ""),
    "incremental_update": (incremental_update, ACCEPTED, "pdf_incremental_update"),
}
FUZZ_SEEDS = range(12)
