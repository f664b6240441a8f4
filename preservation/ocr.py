"""Optical character recognition of scanned pages: the engines and the images.

Two engines read Chinese pages, chosen by `ARCHIVE_OCR_ENGINE` (see
bench/README.md for how they compare): Tesseract with `chi_sim`, run as the
`tesseract` program, and RapidOCR (PP-OCRv4 models shipped in the
`rapidocr-onnxruntime` wheel, so it works offline). Each returns the page's
text with a confidence from 0 to 1 (the mean of its words' or lines'
confidences, weighted by length). Pages of PDFs are rendered with PDFium;
nothing here ever writes to the file it reads.
"""

import functools
import io
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image

# Resolution pages are rendered at for recognition (bench/README.md: OCR).
DPI = 300
TESSERACT_TIMEOUT = 300
ENGINES = ("tesseract", "rapidocr")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_GAP = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


class OcrError(Exception):
    """An engine is not installed or could not read a page (message in Chinese)."""


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float


def tidy(text: str) -> str:
    """Drop the spaces engines put between Chinese characters; keep lines."""
    lines = (_GAP.sub("", " ".join(line.split())) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _weighted(parts: list[tuple[str, float]]) -> float:
    total = sum(len(text) for text, _ in parts)
    if not total:
        return 0.0
    return sum(len(text) * score for text, score in parts) / total


class TesseractEngine:
    """The `tesseract` program with the `chi_sim` model (Debian packages)."""

    def __init__(self):
        try:
            version = subprocess.run(
                ["tesseract", "--version"],  # noqa: S607 (the Debian package's)
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()[1]
        except (OSError, subprocess.CalledProcessError, IndexError) as exc:
            raise OcrError("未安装 tesseract（apt-get install tesseract-ocr）") from exc
        self.name = f"tesseract {version} chi_sim"

    def read(self, image: Image.Image) -> OcrPage:
        png = io.BytesIO()
        image.save(png, format="PNG")
        done = subprocess.run(
            ["tesseract", "-", "-", "-l", "chi_sim", "--psm", "3", "tsv"],  # noqa: S607
            input=png.getvalue(),
            capture_output=True,
            timeout=TESSERACT_TIMEOUT,
            check=False,
        )
        if done.returncode:
            message = done.stderr.decode(errors="replace").strip()[-300:]
            raise OcrError(f"tesseract 识别失败：{message}")
        return self._parse(done.stdout.decode("utf-8", errors="replace"))

    @staticmethod
    def _parse(tsv: str) -> OcrPage:
        lines: dict[tuple[str, ...], list[str]] = {}
        parts: list[tuple[str, float]] = []
        for row in tsv.splitlines()[1:]:
            cells = row.split("\t")
            if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
                continue
            lines.setdefault(tuple(cells[1:5]), []).append(cells[11])
            parts.append((cells[11].strip(), max(float(cells[10]), 0.0) / 100))
        text = tidy("\n".join(" ".join(words) for words in lines.values()))
        return OcrPage(text, _weighted(parts))


class RapidOcrEngine:
    """RapidOCR on ONNX Runtime with the PP-OCRv4 Chinese models of its wheel."""

    def __init__(self):
        try:
            from importlib.metadata import version

            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise OcrError("未安装 rapidocr-onnxruntime") from exc
        # Detection on the page scaled to at most 1,600 px, with the boxes
        # grown less than the default 1.6: at 300 dpi the defaults merged
        # neighbouring lines and lost them. No angle classifier: pages are
        # scanned upright, and it turned whole lines upside down, which were
        # then dropped as unreadable (bench/README.md: OCR).
        self._engine = RapidOCR(
            det_limit_type="max",
            det_limit_side_len=1600,
            det_unclip_ratio=1.3,
            use_cls=False,
        )
        self.name = f"rapidocr-onnxruntime {version('rapidocr-onnxruntime')} PP-OCRv4"

    def read(self, image: Image.Image) -> OcrPage:
        import numpy

        result, _ = self._engine(numpy.asarray(image.convert("RGB")))
        parts = [(text.strip(), float(score)) for _, text, score in result or []]
        return OcrPage(tidy("\n".join(t for t, _ in parts)), _weighted(parts))


def ocr_engine(name: str = ""):
    """The engine called `name` (default: `ARCHIVE_OCR_ENGINE`), loaded once."""
    name = name or settings.ARCHIVE_OCR_ENGINE
    if not name:
        raise OcrError("未启用 OCR：ARCHIVE_OCR_ENGINE 为空")
    return _engine_named(name)


@functools.cache
def _engine_named(name: str):
    if name == "tesseract":
        return TesseractEngine()
    if name == "rapidocr":
        return RapidOcrEngine()
    raise OcrError(f"ARCHIVE_OCR_ENGINE 应为 {' 或 '.join(ENGINES)}，而不是“{name}”")


def pdf_page_images(
    path: Path, numbers: list[int], dpi: int = DPI
) -> Iterator[tuple[int, Image.Image]]:
    """Render the given pages (numbered from 1) of a PDF, one at a time."""
    import pypdfium2  # 7 MB: loaded where pages are rendered, not by web processes

    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        raise OcrError(f"无法打开 PDF：{exc}") from exc
    try:
        for number in numbers:
            page = pdf[number - 1]
            yield number, page.render(scale=dpi / 72).to_pil()
            page.close()
    finally:
        pdf.close()


def image_file(path: Path) -> Image.Image:
    """A scanned image file, read into memory (the file is closed again)."""
    with Image.open(path) as image:
        image.load()
        return image.convert("L") if image.mode not in ("L", "RGB") else image.copy()
