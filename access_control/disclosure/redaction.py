"""True redaction of the released information (Art. 37 区分处理).

`redact_pdf` never edits a PDF: every page is rendered to an image with
PDFium, each redacted string's characters (found in PDFium's own text layer,
whitespace ignored, so a line break inside a number does not hide it) and
each manual box are painted black on the image, and a new PDF is written
from the images alone. The original's content streams, fonts, images,
annotations and metadata never reach the release. An invisible text layer is
rebuilt from the characters that were not covered, so the release stays
searchable, and every page carries the 政府信息公开 watermark (diagonal, and
a footer line with the page number).

`release_verify` then runs `pdftotext` on the release and refuses it if any
redacted string (also with whitespace removed) can still be extracted. Its
messages name the string's kind and number in the list, never the string:
messages end up in logs.

Manual boxes are in millimetres from the top-left corner of the page as
displayed (what a ruler on the printout measures). Files that cannot be read
raise `RedactionError` naming the file; callers log and show the message.
What to redact is proposed by `access_control.disclosure.proposals`.
"""

from __future__ import annotations

import ctypes
import io
import math
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageSequence, UnidentifiedImageError
from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from access_control.disclosure.proposals import (
    Kind,
    Redaction,
    redaction_proposals,
    squeezed,
)
from dossiers.fonts import register_cjk_font

if TYPE_CHECKING:  # PDFium (7 MB) loads where a PDF is redacted or previewed
    import pypdfium2 as pdfium

DPI = 200
MM = 72 / 25.4  # points per millimetre
PAD = 2  # pixels of black around each covered character


class RedactionError(ValueError):
    """The file cannot be redacted or the release leaks (message in Chinese)."""


@dataclass
class RedactionResult:
    """What `redact_pdf` did: pages written, occurrences removed per string."""

    pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    boxes: int = 0


# --- redaction -----------------------------------------------------------------


class _document:
    """A PDFium document opened for reading, with a Chinese error if it cannot be."""

    def __init__(self, path: Path, name: str):
        self.path, self.name = path, name

    def __enter__(self) -> pdfium.PdfDocument:
        import pypdfium2 as pdfium  # 7 MB: loaded on first use, not at start-up

        try:
            self.doc = pdfium.PdfDocument(str(self.path))
        except pdfium.PdfiumError as exc:
            reason = (
                "已加密（需要密码），不能制作公开件"
                if "password" in str(exc).lower()
                else "已损坏或不是 PDF 文件，无法读取"
            )
            raise RedactionError(f"文件“{self.name}”{reason}。") from None
        if len(self.doc) == 0:
            self.doc.close()
            raise RedactionError(f"文件“{self.name}”没有页面。")
        return self.doc

    def __exit__(self, *exc) -> None:
        self.doc.close()


def redact_pdf(
    source: Path,
    target: Path,
    *,
    strings: Sequence[str],
    boxes: Sequence[tuple[int, float, float, float, float]] = (),
    watermark: str,
    name: str | None = None,
) -> RedactionResult:
    """Write a redacted, watermarked image PDF of `source` to `target`.

    Args:
        source: the PDF to release (only read).
        target: where the release is written.
        strings: strings to remove wherever the text layer has them.
        boxes: (page, x0, y0, x1, y1) areas to black out, page from 1,
            millimetres from the page's top-left corner.
        watermark: the line every page carries.
        name: the file's name in error messages (default: source's name).

    Raises:
        RedactionError: the source is encrypted, broken or has no pages, or
            a box names a page it does not have.
    """
    name = name or source.name
    result = RedactionResult(counts=dict.fromkeys(strings, 0))
    with _document(source, name) as doc:
        _boxes_check(boxes, len(doc), name)
        canvas = Canvas(str(target), invariant=True, pageCompression=1)
        canvas.setTitle("政府信息公开")
        canvas.setCreator("行政执法案卷档案系统")
        for number, page in enumerate(doc, 1):
            page_boxes = [b[1:] for b in boxes if b[0] == number]
            _page_redact(canvas, page, strings, page_boxes, result)
            _watermark_draw(canvas, watermark, number, len(doc))
            canvas.showPage()
            result.pages += 1
        result.boxes = len(boxes)
        canvas.save()
    return result


def _boxes_check(boxes, pages: int, name: str) -> None:
    for index, (page, x0, y0, x1, y1) in enumerate(boxes, 1):
        if not 1 <= page <= pages:
            raise RedactionError(
                f"文件“{name}”只有 {pages} 页，"
                f"第 {index} 个遮盖框却指定了第 {page} 页。"
            )
        if x1 <= x0 or y1 <= y0 or min(x0, y0) < 0:
            raise RedactionError(
                f"文件“{name}”第 {index} 个遮盖框的坐标无效"
                "（应为左、上、右、下，单位毫米，右大于左、下大于上）。"
            )


@dataclass
class _Char:
    index: int
    char: str
    box: tuple[float, float, float, float]  # device pixels: left, top, right, bottom


def _page_redact(canvas, page, strings, boxes, result: RedactionResult) -> None:
    bitmap = page.render(scale=DPI / 72)
    image = bitmap.to_pil().convert("RGB")
    size = image.size
    textpage = page.get_textpage()
    chars = _chars(page, textpage, size)
    covered = _matches(chars, strings, result.counts)
    draw = ImageDraw.Draw(image)
    for char in chars:
        if char.index in covered:
            left, top, right, bottom = char.box
            draw.rectangle((left - PAD, top - PAD, right + PAD, bottom + PAD), "black")
    areas = [tuple(v * DPI / 25.4 for v in box) for box in boxes]
    for area in areas:
        draw.rectangle(area, "black")
    width, height = size[0] * 72 / DPI, size[1] * 72 / DPI
    canvas.setPageSize((width, height))
    canvas.drawImage(ImageReader(image), 0, 0, width, height)
    kept = [c for c in chars if c.index not in covered and not _inside(c, areas)]
    _text_layer_draw(canvas, page, textpage, kept, size, height)


def _device(page, size, x: float, y: float) -> tuple[float, float]:
    import pypdfium2.raw as pdfium_c

    dx, dy = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDF_PageToDevice(
        page.raw, 0, 0, size[0], size[1], 0, x, y, ctypes.byref(dx), ctypes.byref(dy)
    )
    return dx.value, dy.value


def _chars(page, textpage, size) -> list[_Char]:
    import pypdfium2.raw as pdfium_c

    chars = []
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        if not code or chr(code).isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        x0, y0 = _device(page, size, left, top)
        x1, y1 = _device(page, size, right, bottom)
        box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        chars.append(_Char(index, chr(code), box))
    return chars


def _matches(chars: list[_Char], strings, counts: dict[str, int]) -> set[int]:
    """Indices of the characters that belong to any occurrence of `strings`."""
    text = "".join(c.char for c in chars)
    covered: set[int] = set()
    for string in strings:
        needle = squeezed(string)
        start = text.find(needle) if needle else -1
        while start >= 0:
            covered.update(c.index for c in chars[start : start + len(needle)])
            counts[string] = counts.get(string, 0) + 1
            start = text.find(needle, start + 1)
    return covered


def _inside(char: _Char, areas) -> bool:
    x = (char.box[0] + char.box[2]) / 2
    y = (char.box[1] + char.box[3]) / 2
    return any(a[0] <= x <= a[2] and a[1] <= y <= a[3] for a in areas)


def _text_layer_draw(canvas, page, textpage, kept, size, height) -> None:
    """Invisible text (render mode 3) for the characters left uncovered."""
    import pypdfium2.raw as pdfium_c

    if not kept:
        return
    font = register_cjk_font()
    cos, sin = _direction(page, size)
    text = canvas.beginText()
    text.setTextRenderMode(3)
    for char in kept:
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(
            textpage.raw, char.index, ctypes.byref(x), ctypes.byref(y)
        )
        dx, dy = _device(page, size, x.value, y.value)
        font_size = pdfium_c.FPDFText_GetFontSize(textpage.raw, char.index) or 10
        text.setFont(font, max(min(font_size, 72), 1))
        # Rotated as the page is shown, so extraction reads lines, not columns.
        text.setTextTransform(
            cos, sin, -sin, cos, dx * 72 / DPI, height - dy * 72 / DPI
        )
        text.textOut(char.char)
    # The render mode is graphics state: keep it from hiding the watermark.
    canvas.saveState()
    canvas.drawText(text)
    canvas.restoreState()


def _direction(page, size) -> tuple[float, float]:
    """Cosine and sine of the page's text direction as displayed (y up)."""
    ax, ay = _device(page, size, 0, 0)
    bx, by = _device(page, size, 100, 0)
    angle = math.atan2(ay - by, bx - ax)
    return round(math.cos(angle), 6), round(math.sin(angle), 6)


def _watermark_draw(canvas, watermark: str, number: int, pages: int) -> None:
    font = register_cjk_font()
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
    canvas.setFont(font, min(width, height) / 18)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, watermark)
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.6, 0.1, 0.1))
    canvas.setFont(font, 8)
    canvas.drawCentredString(
        width / 2, 6 * MM, f"{watermark}　第 {number} 页／共 {pages} 页"
    )
    canvas.restoreState()


def page_preview(
    source: Path,
    number: int,
    *,
    strings: Sequence[str],
    boxes: Sequence[tuple[int, float, float, float, float]] = (),
    name: str | None = None,
    dpi: int = 100,
) -> tuple[bytes, int]:
    """A PNG of page `number` with what would be covered outlined, and the
    page count. Only for the officer's eyes: nothing is covered here.

    Raises:
        RedactionError: the source cannot be read, or has no such page.
    """
    with _document(source, name or source.name) as doc:
        if not 1 <= number <= len(doc):
            raise RedactionError(f"文件“{name or source.name}”没有第 {number} 页。")
        page = doc[number - 1]
        image = page.render(scale=dpi / 72).to_pil().convert("RGB")
        chars = _chars(page, page.get_textpage(), image.size)
        covered = _matches(chars, strings, {})
        draw = ImageDraw.Draw(image)
        for char in chars:
            if char.index in covered:
                draw.rectangle(char.box, outline="red", width=2)
        for box in boxes:
            if box[0] == number:
                area = [v * dpi / 25.4 for v in box[1:]]
                draw.rectangle(area, outline="blue", width=3)
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        return buffer.getvalue(), len(doc)


def image_to_pdf(source: Path, target: Path, *, name: str) -> None:
    """An image (every frame of a TIFF) as a PDF at its own resolution."""
    try:
        with Image.open(source) as image:
            frames = [f.convert("RGB") for f in ImageSequence.Iterator(image)]
            dpi = image.info.get("dpi", (DPI, DPI))[0] or DPI
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise RedactionError(f"图像文件“{name}”已损坏或无法识别。") from None
    frames[0].save(
        target, "PDF", save_all=True, append_images=frames[1:], resolution=float(dpi)
    )


# --- verification ----------------------------------------------------------------


def release_verify(path: Path, redactions: Sequence[Redaction | str]) -> None:
    """Refuse the release at `path` if `pdftotext` still finds a redacted string.

    Raises:
        RedactionError: a string is extractable (the message names its kind
            and number in the list, never the string), or the release cannot
            be read.
    """
    extracted = squeezed(_pdftotext(path))
    for number, item in enumerate(redactions, 1):
        redaction = (
            item if isinstance(item, Redaction) else Redaction(Kind.MANUAL, item)
        )
        needle = squeezed(redaction.text)
        if needle and needle in extracted:
            raise RedactionError(
                f"公开件“{path.name}”中仍能提取出应遮盖的{redaction.kind}"
                f"（遮盖清单第 {number} 项），不能公开。"
            )


def _pdftotext(path: Path) -> str:
    try:
        done = subprocess.run(  # noqa: S603 (a fixed tool on our own file)
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
            capture_output=True,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RedactionError(
            f"无法用 pdftotext 检查公开件“{path.name}”（{type(exc).__name__}）；"
            "请安装 poppler-utils。"
        ) from None
    if done.returncode != 0:
        raise RedactionError(f"pdftotext 无法读取公开件“{path.name}”，不能公开。")
    return done.stdout.decode("utf-8", "replace")


__all__ = [
    "Kind",
    "Redaction",
    "RedactionError",
    "image_to_pdf",
    "page_preview",
    "redact_pdf",
    "redaction_proposals",
    "release_verify",
]
