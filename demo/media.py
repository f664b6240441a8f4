"""Byte generators for demo case files: PDF 文书, photos, video and audio.

Every function returns the complete file as ``bytes`` and is deterministic for
the same arguments (PDFs are written in ReportLab's invariant mode with the
document's own date, media are painted from a seeded ``random.Random``). The
files are small on purpose: a 文书 is a few tens of KB, a photo or a video a
few KB to a few tens of KB. Callers decide the wording; this module only
decides the look.
"""

from __future__ import annotations

import io
import math
import random
from array import array
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from fractions import Fraction

import av
from av.video.reformatter import Interpolation
from PIL import ExifTags, Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from demo import paper
from demo.scenes import (
    burn_overlay,
    burn_timestamp,
    overlay_layer,
    paint_scene,
)
from dossiers.fonts import register_cjk_font

VIDEO_SIZE = (320, 240)
VIDEO_FPS = 8
VIDEO_MAX_FRAMES = 16
# x264's adaptive B-frame decisions differ from run to run on some inputs;
# without B-frames (and with one thread) the MP4 is byte-for-byte reproducible
# when generated alone; in CI's full test suite the bytes differed from call
# to call (same frames and times). The cause is not known: running RapidOCR
# (ONNX Runtime) or importing OpenCV, numpy or PDFium first did not change a
# byte, so tests compare decoded frames, not bytes.
X264_OPTIONS = {"crf": "33", "preset": "veryfast", "x264-params": "bframes=0"}
YUV_CONVERSION = Interpolation.BILINEAR | Interpolation.BITEXACT
AUDIO_RATE = 16000
CHINA_TIME = timezone(timedelta(hours=8))
AAC_FRAME = 1024


# --- PDF 文书 ---------------------------------------------------------------


def pdf_document(
    *,
    title: str,
    heading_lines: Sequence[str],
    paragraphs: Sequence[str],
    pages: int = 1,
    doc_number: str = "",
    signature_lines: Sequence[str] = (),
    date_text: str = "",
    seal: str | None = None,
    issued_at: datetime | None = None,
) -> bytes:
    """Render an A4 enforcement 文书 with the CJK font embedded and subset.

    Args:
        title: the 文书 name printed large, e.g. ``行政处罚决定书``.
        heading_lines: centred lines above the title; the first is the agency.
        paragraphs: body text; ``标签：值`` lines and ``问：``/``答：`` lines are
            not indented, other paragraphs get a two-character indent.
        pages: minimum number of pages; the body is spread over them.
        doc_number: 文号, printed right-aligned under the title.
        signature_lines: signature lines printed after the body.
        date_text: the date printed under the agency name at the bottom.
        seal: text of the red seal; ``None`` uses the first heading line and
            ``""`` leaves the seal (and the closing agency line) out.
        issued_at: written as the PDF creation date.

    Returns:
        The PDF file.
    """
    font = register_cjk_font()
    seal_text = heading_lines[0] if seal is None and heading_lines else seal or ""
    author = heading_lines[0] if heading_lines else ""
    return _pdf_render(
        font,
        paper.paginate(paper.wrap_paragraphs(paragraphs, font), pages),
        info=(title, author, doc_number, issued_at),
        header=(title, heading_lines, doc_number),
        closing=(signature_lines, date_text, seal_text),
    )


def _pdf_render(
    font: str,
    chunks: Sequence[Sequence[str]],
    *,
    info: tuple[str, str, str, datetime | None],
    header: tuple[str, Sequence[str], str],
    closing: tuple[Sequence[str], str, str],
) -> bytes:
    # The full header on the first page, the title on the others, the closing
    # (signatures, date, seal) after the body on the last.
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    _set_info(canvas, *info)
    sheet = paper.Sheet(canvas, font)
    for number, chunk in enumerate(chunks, start=1):
        y = sheet.first_header(*header) if number == 1 else sheet.next_header(header[0])
        y = sheet.body(chunk or ["（以下空白）"], y)
        if number == len(chunks):
            sheet.closing(*closing, y)
        sheet.footer(number, len(chunks))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _set_info(
    canvas: Canvas, title: str, author: str, subject: str, issued_at: datetime | None
) -> None:
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator("行政执法文书制作系统")
    if issued_at is not None:
        stamp = issued_at.strftime("D:%Y%m%d%H%M%S+08'00'")
        canvas.setDateFormatter(lambda *_: stamp)


# --- Photos -----------------------------------------------------------------


def photo_jpeg(
    *,
    caption: str,
    taken_at: datetime,
    device: str = "DSJ-0001",
    scene: str = "site",
    seed: int = 0,
) -> bytes:
    """Paint a 640×480 scene with a body-camera overlay and EXIF capture time.

    Args:
        caption: burned in along the bottom edge.
        taken_at: burned in at the top left and written to EXIF
            ``DateTimeOriginal`` (with ``OffsetTimeOriginal`` when aware).
        device: the recorder id, burned in and written as the EXIF model.
        scene: ``site``, ``shelf``, ``notice``, ``seal``, ``hearing`` or
            ``interview``.
        seed: varies the painting.

    Returns:
        The JPEG file.
    """
    image = paint_scene(scene, (640, 480), random.Random(seed))
    burn_overlay(image, caption=caption, moment=taken_at, device=device)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=62, optimize=True, exif=_exif(taken_at, device))
    return buffer.getvalue()


def _exif(taken_at: datetime, device: str) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "ZFJLY"
    exif[ExifTags.Base.Model] = device.encode("ascii", "replace").decode()
    exif[ExifTags.Base.DateTime] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    detail = exif.get_ifd(ExifTags.IFD.Exif)
    detail[ExifTags.Base.DateTimeOriginal] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    if taken_at.utcoffset() is not None:
        offset = taken_at.strftime("%z")
        detail[ExifTags.Base.OffsetTimeOriginal] = f"{offset[:3]}:{offset[3:]}"
    return exif


# --- Video and audio --------------------------------------------------------


def video_mp4(
    *,
    seconds: float = 2,
    caption: str,
    started_at: datetime | None = None,
    device: str = "DSJ-0001",
    scene: str = "site",
    seed: int = 0,
) -> bytes:
    """Encode an H.264 MP4 that lasts ``seconds`` with a ticking timestamp.

    Long recordings keep the file small by spacing at most 24 frames evenly
    over the whole duration, so the container's duration still matches the
    recorded span.

    Returns:
        The MP4 file.
    """
    started_at = started_at or datetime(2025, 1, 1, 9, 0, tzinfo=CHINA_TIME)
    count = max(2, min(VIDEO_MAX_FRAMES, round(seconds * VIDEO_FPS)))
    rate = Fraction(count) / Fraction(seconds).limit_denominator(1000)
    backdrop = paint_scene(
        scene, (VIDEO_SIZE[0] * 3 // 2, VIDEO_SIZE[1] * 3 // 2), random.Random(seed)
    )
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        container.metadata["creation_time"] = started_at.isoformat()
        stream = container.add_stream("libx264", rate=rate, options=X264_OPTIONS)
        stream.width, stream.height = VIDEO_SIZE
        stream.pix_fmt = "yuv420p"
        stream.codec_context.thread_count = 1
        layer = overlay_layer(VIDEO_SIZE, caption=caption, device=device)
        for index in range(count):
            moment = started_at + timedelta(seconds=index * seconds / count)
            frame = _video_frame(backdrop, index, count, moment, layer)
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return buffer.getvalue()


def _video_frame(
    backdrop: Image.Image, index: int, count: int, moment: datetime, layer: Image.Image
) -> av.VideoFrame:
    # A slow pan across a larger painting stands in for a walking officer.
    slack_x = backdrop.width - VIDEO_SIZE[0]
    slack_y = backdrop.height - VIDEO_SIZE[1]
    x = round(slack_x * index / max(count - 1, 1))
    y = round(slack_y * (0.5 + 0.5 * math.sin(index / 3)))
    image = backdrop.crop((x, y, x + VIDEO_SIZE[0], y + VIDEO_SIZE[1]))
    burn_timestamp(image, moment, layer)
    # Converted here, on one thread and bit-exact: swscale's automatic slice
    # threading made the same frames encode differently from run to run.
    frame = av.VideoFrame.from_image(image).reformat(
        format="yuv420p", interpolation=YUV_CONVERSION, threads=1
    )
    frame.pts = index
    return frame


def audio_m4a(*, seconds: float = 2, seed: int = 0) -> bytes:
    """Encode a mono AAC ``.m4a`` holding speech-like babble.

    Returns:
        The M4A (MPEG-4 audio, ``M4A`` brand) file.
    """
    samples = _babble(int(seconds * AUDIO_RATE), random.Random(seed))
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="ipod") as container:
        stream = container.add_stream("aac", rate=AUDIO_RATE, layout="mono")
        stream.bit_rate = 24000
        for start in range(0, len(samples), AAC_FRAME):
            chunk = samples[start : start + AAC_FRAME]
            chunk.extend([0.0] * (AAC_FRAME - len(chunk)))
            container.mux(stream.encode(_audio_frame(chunk, start)))
        container.mux(stream.encode())
    return buffer.getvalue()


def _audio_frame(chunk: array, pts: int) -> av.AudioFrame:
    frame = av.AudioFrame(format="fltp", layout="mono", samples=len(chunk))
    frame.planes[0].update(chunk.tobytes())
    frame.sample_rate = AUDIO_RATE
    frame.pts = pts
    return frame


def _babble(total: int, rng: random.Random) -> array:
    """Syllables of voiced sound with gliding pitch, separated by pauses."""
    out = array("f")
    while len(out) < total:
        length = rng.randint(AUDIO_RATE // 8, AUDIO_RATE // 4)
        pitch = rng.choice((115.0, 210.0)) * rng.uniform(0.9, 1.15)
        out.extend(_syllable(length, pitch, rng.uniform(-0.3, 0.3)))
        out.extend([0.0] * rng.randint(AUDIO_RATE // 40, AUDIO_RATE // 6))
    del out[total:]
    return out


def _syllable(length: int, pitch: float, glide: float) -> array:
    out, phase = array("f"), 0.0
    for n in range(length):
        envelope = math.sin(math.pi * n / length) ** 2
        phase += 2 * math.pi * pitch * (1 + glide * n / length) / AUDIO_RATE
        voiced = (
            math.sin(phase) + 0.5 * math.sin(2 * phase) + 0.25 * math.sin(3 * phase)
        )
        out.append(0.22 * envelope * voiced)
    return out
