"""OCR of the pages that have no text layer (scans), for full-text search.

`preservation.services.texts` records which pages of a document carry no
text; here each such page is rendered from the original (a PDF page with
PDFium, an image as it is) and read by the configured engine
(`preservation.ocr`). What the engine read is stored beside the text layer in
`MaterialText.ocr_pages` with its source, engine and confidence; a page read
with too little confidence, or with no letter or digit, is kept as unreadable
and stays listed. The original is only read, never written. When a case
gains OCR text, `case_changed` is sent so that its search record follows.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone
from PIL import Image

from dossiers.models import Case, MaterialText
from preservation.ocr import OcrError, image_file, ocr_engine, pdf_page_images
from preservation.services.storage import object_path
from preservation.services.texts import case_changed_announce

logger = logging.getLogger(__name__)
# Below this mean confidence (0–1) a page counts as unreadable: both engines
# give well-printed pages 0.8 and more, noise and photos far less.
MIN_CONFIDENCE = 0.6
MIN_CHARACTERS = 2


@dataclass
class OcrReport:
    """What one OCR run did."""

    engine: str = ""
    materials: int = 0
    pages: int = 0
    unreadable: list[tuple[str, str, list[int]]] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "engine": self.engine,
            "materials": self.materials,
            "pages": self.pages,
            "unreadable_pages": [
                {"case_number": c, "path": p, "pages": n} for c, p, n in self.unreadable
            ],
            "failed": [
                {"case_number": c, "path": p, "error": e} for c, p, e in self.failed
            ],
        }

    def merge(self, other: "OcrReport") -> None:
        self.engine = other.engine or self.engine
        self.materials += other.materials
        self.pages += other.pages
        self.unreadable += other.unreadable
        self.failed += other.failed


def _page_images(
    text: MaterialText, numbers: list[int]
) -> Iterator[tuple[int, Image.Image]]:
    material = text.material
    path = object_path(material.digest)
    if material.media_type == "application/pdf":
        yield from pdf_page_images(path, numbers)
    elif material.media_type.startswith("image/") and numbers == [1]:
        yield 1, image_file(path)


def _readable(text: str, confidence: float) -> bool:
    letters = sum(char.isalnum() for char in text)
    return letters >= MIN_CHARACTERS and confidence >= MIN_CONFIDENCE


def material_text_ocr(*, text: MaterialText, engine, redo: bool = False) -> int:
    """Read the pages of one material that have no text layer.

    Args:
        text: the material's text layer (`empty_pages` says which pages).
        engine: an engine of `preservation.ocr` (`ocr_engine()`).
        redo: read again pages that were read before.

    Returns:
        How many pages were read (readable or not); the result is saved.
    """
    numbers = [n for n in text.empty_pages if redo or str(n) not in text.ocr_pages]
    read = 0
    for number, image in _page_images(text, numbers):
        page = engine.read(image)
        readable = _readable(page.text, page.confidence)
        text.ocr_pages[str(number)] = {
            "source": "ocr",
            "engine": engine.name,
            "confidence": round(page.confidence, 3),
            "text": page.text if readable else "",
        }
        read += 1
    if read:
        text.ocr_at = timezone.now()
        text.save(update_fields=["ocr_pages", "ocr_at"])
    return read


def case_texts_ocr(*, case: Case, redo: bool = False, engine=None) -> OcrReport:
    """OCR the pages without a text layer of a case's documents; if any page
    was read, tell listeners (`case_changed`, after commit).

    Args:
        case: the case.
        redo: read again pages that were read before.
        engine: the engine (default: `ARCHIVE_OCR_ENGINE`).
    """
    engine = engine or ocr_engine()
    report = OcrReport(engine=engine.name)
    texts = MaterialText.objects.filter(material__case=case).exclude(empty_pages=[])
    for text in texts.select_related("material").order_by("material__sequence"):
        _material_ocr(text, engine, redo, report, case.case_number)
    if report.pages:
        case_changed_announce(case=case)
    return report


def _material_ocr(text, engine, redo, report: OcrReport, case_number: str) -> None:
    path = text.material.path
    try:
        pages = material_text_ocr(text=text, engine=engine, redo=redo)
    except (OcrError, OSError, ValueError) as exc:
        # A broken original or an engine failure on one page: report it and
        # go on with the next material.
        logger.warning("OCR 失败 %s %s: %s", case_number, path, exc)
        report.failed.append((case_number, path, str(exc)))
        return
    report.materials += bool(pages)
    report.pages += pages
    if unreadable := text.unreadable_pages:
        report.unreadable.append((case_number, path, unreadable))


def texts_ocr_all(
    *,
    cases: Iterable[Case],
    redo: bool = False,
    engine=None,
    progress: Callable[[Case], None] | None = None,
) -> OcrReport:
    """OCR the scanned pages of many cases (`case_texts_ocr`), one engine."""
    engine = engine or ocr_engine()
    total = OcrReport(engine=engine.name)
    for case in cases:
        total.merge(case_texts_ocr(case=case, redo=redo, engine=engine))
        if progress:
            progress(case)
    return total
