"""The visible 复制件 watermark on the pages of PDFs and images.

`pdf_watermarked` overlays every page of a PDF with a ReportLab page drawn
at the page's displayed size (the crop box, width and height swapped for
quarter turns); pikepdf places the overlay upright whatever the page's
/Rotate, so the mark reads the right way on every page. `image_watermarked`
draws the same mark with Pillow on every frame of an image (TIFF pages, GIF
frames) and saves it in its own format. Both take bytes and return bytes:
the originals are only read. Input that cannot be opened, is encrypted or is
not a supported format raises `CopyMarkError` with the reason in Chinese;
the caller names the material.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from dataclasses import dataclass

import pikepdf
from pikepdf import Name, Rectangle
from PIL import Image, ImageDraw, ImageFont, ImageOps, ImageSequence
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from dossiers.dates import format_local
from dossiers.fonts import cjk_font_path, register_cjk_font

IMAGE_FORMATS = frozenset({"JPEG", "PNG", "TIFF", "GIF"})
STREAM_REPR = re.compile(r"(stream )?<_io\.BytesIO object at 0x[0-9a-f]+>:?\s*")
GRAY = colors.Color(0.55, 0.1, 0.1)


class CopyMarkError(ValueError):
    """The file cannot carry the watermark; the message says why."""


@dataclass(frozen=True)
class Mark:
    """What every page of a copy shows."""

    requester: str
    agency: str
    when: dt.datetime  # shown in local time
    request_number: str

    @property
    def line(self) -> str:
        return (
            f"复制件 申请人：{self.requester} 单位：{self.agency} "
            f"制作时间：{format_local(self.when)} 登记号：{self.request_number}"
        )


# --- PDF ----------------------------------------------------------------------


def pdf_watermarked(content: bytes, mark: Mark) -> bytes:
    """The PDF with the watermark over every page.

    Raises:
        CopyMarkError: the PDF is encrypted, unreadable or has no pages.
    """
    try:
        # No repair: a copy shows the pages the archive holds, or nothing.
        with pikepdf.open(io.BytesIO(content), attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                raise CopyMarkError("PDF 已加密，无法加盖复制件水印。")
            _check_pages(pdf)
            _stamp_pages(pdf, mark)
            out = io.BytesIO()
            pdf.save(out)
            return out.getvalue()
    except pikepdf.PasswordError as exc:
        raise CopyMarkError("PDF 设有打开口令，无法加盖复制件水印。") from exc
    except CopyMarkError:
        raise
    except Exception as exc:
        raise CopyMarkError(f"PDF 无法读取：{_plain(exc)}") from exc


def _check_pages(pdf: pikepdf.Pdf) -> None:
    """Every page's content must decode without qpdf having to guess."""
    if not len(pdf.pages):
        raise CopyMarkError("PDF 没有页面。")
    for page in pdf.pages:
        pikepdf.parse_content_stream(page)
    if warnings := pdf.get_warnings():
        message = STREAM_REPR.sub("", warnings[0]).strip(" ,:")
        raise CopyMarkError(f"PDF 已损坏：{message}")


def _plain(exc: Exception) -> str:
    """qpdf's message without the in-memory stream it read from."""
    message = STREAM_REPR.sub("", str(exc)).strip(" ,:")
    return f"{type(exc).__name__}: {message or '未知错误'}"


def _stamp_pages(pdf: pikepdf.Pdf, mark: Mark) -> None:
    forms: dict[tuple[float, float], pikepdf.Object] = {}
    for page in pdf.pages:
        box = Rectangle(page.cropbox)
        rotate = int(page.obj.get(Name.Rotate, 0)) % 360
        size = (box.width, box.height)
        if rotate in {90, 270}:
            size = (box.height, box.width)
        size = (round(size[0], 2), round(size[1], 2))
        if size not in forms:
            forms[size] = _mark_form(pdf, mark, size)
        page.add_overlay(forms[size], box)


def _mark_form(pdf: pikepdf.Pdf, mark: Mark, size: tuple[float, float]):
    with pikepdf.open(io.BytesIO(_mark_page(mark, size))) as source:
        return pdf.copy_foreign(source.pages[0].as_form_xobject())


def _mark_page(mark: Mark, size: tuple[float, float]) -> bytes:
    """One page of `size` with the diagonal 复制件 and the line of particulars."""
    width, height = size
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=True)
    font = register_cjk_font()
    canvas.setFillColor(GRAY)
    canvas.setFillAlpha(0.25)
    canvas.saveState()
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.setFont(font, min(width, height) / 5)
    canvas.drawCentredString(0, 0, "复制件")
    canvas.restoreState()
    canvas.setFillAlpha(0.8)
    line_size = _fitting_size(mark.line, font, width - 20, 9)
    canvas.setFont(font, line_size)
    canvas.drawCentredString(width / 2, 6, mark.line)
    canvas.drawCentredString(width / 2, height - 6 - line_size, mark.line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _fitting_size(text: str, font: str, width: float, size: float) -> float:
    return max(3.0, min(size, size * width / max(stringWidth(text, font, size), 1)))


# --- images -------------------------------------------------------------------


def image_watermarked(content: bytes, mark: Mark) -> bytes:
    """The image, every frame marked, saved in its own format.

    Raises:
        CopyMarkError: not a readable JPEG, PNG, TIFF or GIF.
    """
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            if kind not in IMAGE_FORMATS:
                raise CopyMarkError(f"图像格式 {kind} 无法加盖复制件水印。")
            frames = [_marked_frame(f, mark) for f in ImageSequence.Iterator(image)]
            info = {k: v for k, v in image.info.items() if k in {"dpi", "duration"}}
    except CopyMarkError:
        raise
    except Exception as exc:
        raise CopyMarkError(f"图像无法读取：{type(exc).__name__}: {exc}") from exc
    return _saved(frames, kind, info)


def _marked_frame(frame: Image.Image, mark: Mark) -> Image.Image:
    upright = ImageOps.exif_transpose(frame.copy())
    mode = upright.mode
    base = upright.convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    width, height = base.size
    big = _font(max(12, min(width, height) // 5))
    draw.text(
        (width / 2, height / 2), "复制件", font=big, anchor="mm", fill=(140, 25, 25, 90)
    )
    small = _font(max(10, min(32, width // max(len(mark.line), 1))))
    draw.text(
        (width / 2, height - 4),
        mark.line,
        font=small,
        anchor="md",
        fill=(140, 25, 25, 230),
        stroke_width=1,
        stroke_fill=(255, 255, 255, 230),
    )
    marked = Image.alpha_composite(base, layer)
    if mode in {"RGBA", "LA"}:
        return marked if mode == "RGBA" else marked.convert("LA")
    if mode == "P":
        return marked.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE)
    return marked.convert("L" if mode in {"L", "1"} else "RGB")


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font_path()), size)


def _saved(frames: list[Image.Image], kind: str, info: dict) -> bytes:
    out = io.BytesIO()
    options = dict(info)
    if kind == "JPEG":
        options["quality"] = 92
    if len(frames) > 1:
        options.update(save_all=True, append_images=frames[1:])
    frames[0].save(out, format=kind, **options)
    return out.getvalue()
