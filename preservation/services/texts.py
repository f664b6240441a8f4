"""Text layers of stored originals, page by page, for full-text search.

A PDF's text layer is read with pypdf, an OFD's text (`TextCode`s, in the
page order of its Document.xml) by `preservation.ofd`; a page without any
letter or digit is recorded as having no text layer (a scanned image), so the
archive can say which pages search cannot see until they are OCRed. An image
that was declared as a document (form `text`) is a scan of that document, and
counts as one page without text. Photos, audio and video carry no text to extract.

The originals are only read: the result lives beside the material
(`MaterialText`) and can be extracted again at any time. A file pypdf (or the
OFD reader) cannot read, for whatever reason, is recorded as `failed` with
the reason and the run goes on with the next material. When a case's texts
change, `case_changed` is sent so that its search record follows.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import version

from django.db import transaction

from dossiers.codes import AV_FORMS, Form
from dossiers.models import Case, Material, MaterialText, TextStatus
from dossiers.signals import case_changed
from preservation.ofd import OfdError, ofd_pages
from preservation.services.ingest.identify import OFD_MEDIA_TYPE
from preservation.services.storage import object_path

logger = logging.getLogger(__name__)
EXTRACTOR = f"pypdf {version('pypdf')}"  # pypdf itself (23 MB) loads on first use
_EXTRACTORS = {OFD_MEDIA_TYPE: "OFD (zipfile, defusedxml)"}


@dataclass
class TextReport:
    """What one extraction run did."""

    extracted: int = 0
    pages: int = 0
    empty_pages: list[tuple[str, str, list[int]]] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "extracted": self.extracted,
            "pages": self.pages,
            "empty_pages": [
                {"case_number": c, "path": p, "pages": n}
                for c, p, n in self.empty_pages
            ],
            "failed": [
                {"case_number": c, "path": p, "error": e} for c, p, e in self.failed
            ],
        }

    def merge(self, other: "TextReport") -> None:
        self.extracted += other.extracted
        self.pages += other.pages
        self.empty_pages += other.empty_pages
        self.failed += other.failed

    def add(self, text: MaterialText) -> None:
        material = text.material
        self.extracted += 1
        self.pages += len(text.pages)
        if unreadable := text.unreadable_pages:
            # Pages OCR has read are no longer listed (services.text_ocr).
            case_number = material.case.case_number
            self.empty_pages.append((case_number, material.path, unreadable))
        if text.status == TextStatus.FAILED:
            self.failed.append((material.case.case_number, material.path, text.error))


def has_text_layer(material: Material) -> bool:
    """Whether a material is a document whose text search should read."""
    return material.form not in AV_FORMS


def material_text_extract(*, material: Material) -> MaterialText:
    """Read the text layer of one material's original and record it.

    Args:
        material: a material whose original is in storage.

    Returns:
        The (new or replaced) `MaterialText`; a PDF that cannot be read is
        recorded as `failed` with the reason, never raised.
    """
    status, pages, empty, error = _extract(material)
    text, _ = MaterialText.objects.update_or_create(
        material=material,
        defaults={
            "status": status,
            "pages": pages,
            "empty_pages": empty,
            "extractor": _EXTRACTORS.get(material.media_type, EXTRACTOR),
            "error": error,
        },
    )
    return text


def _extract(material: Material) -> tuple[str, list[str], list[int], str]:
    if material.media_type == "application/pdf":
        return _pdf_text(material)
    if material.media_type == OFD_MEDIA_TYPE:
        return _ofd_text(material)
    if material.media_type.startswith("image/") and material.form == Form.TEXT:
        return TextStatus.NO_TEXT_LAYER, [""], [1], ""
    return TextStatus.NOT_SUPPORTED, [], [], ""


def _pdf_text(material: Material) -> tuple[str, list[str], list[int], str]:
    import pypdf

    try:
        reader = pypdf.PdfReader(object_path(material.digest))
        pages = [_page_text(page) for page in reader.pages]
    except Exception as exc:  # noqa: BLE001
        # pypdf on odd input fails with whatever its parser trips over
        # (IndexError, TypeError, RecursionError, zlib.error…); any of them
        # means "this text layer cannot be read", never a crash of the run.
        logger.warning("文字层提取失败 %s: %s", material.path, exc)
        return TextStatus.FAILED, [], [], f"{type(exc).__name__}: {exc}"
    return _paged(pages)


def _ofd_text(material: Material) -> tuple[str, list[str], list[int], str]:
    try:
        pages = ofd_pages(object_path(material.digest))
    except OfdError as exc:  # a broken OFD is reported, the run goes on
        logger.warning("文字层提取失败 %s: %s", material.path, exc)
        return TextStatus.FAILED, [], [], str(exc)
    return _paged(pages)


def _paged(pages: list[str]) -> tuple[str, list[str], list[int], str]:
    empty = [number for number, text in enumerate(pages, 1) if not _has_text(text)]
    if not empty:
        status = TextStatus.EXTRACTED
    elif len(empty) < len(pages):
        status = TextStatus.PARTIAL
    else:
        status = TextStatus.NO_TEXT_LAYER
    return status, pages, empty, ""


def _page_text(page) -> str:
    # Line breaks in a PDF are where the layout wrapped, not where a phrase
    # ends: keep the text as one run so that a wrapped word is still found.
    return " ".join((page.extract_text() or "").split())


def _has_text(text: str) -> bool:
    return any(char.isalnum() for char in text)


def case_texts_extract(*, case: Case, missing_only: bool = True) -> TextReport:
    """Extract the text layers of a case's documents; if any were read, tell
    listeners (`case_changed`, after commit).

    Args:
        case: the case.
        missing_only: skip materials that already have their text.
    """
    report = TextReport()
    materials = case.materials.select_related("case", "text")
    for material in materials:
        if not has_text_layer(material):
            continue
        if missing_only and _has_row(material):
            continue
        report.add(material_text_extract(material=material))
    if report.extracted:
        case_changed_announce(case=case)
    return report


def case_changed_announce(*, case: Case) -> None:
    """Send `case_changed` for `case` once the current transaction commits."""
    transaction.on_commit(lambda: case_changed.send(sender=Case, case=case))


def _has_row(material: Material) -> bool:
    try:
        return material.text is not None
    except MaterialText.DoesNotExist:
        return False


def texts_extract_all(
    *,
    cases: Iterable[Case],
    missing_only: bool = True,
    progress: Callable[[Case], None] | None = None,
) -> TextReport:
    """Extract the text layers of many cases (`material_text_extract`)."""
    total = TextReport()
    for case in cases:
        total.merge(case_texts_extract(case=case, missing_only=missing_only))
        if progress:
            progress(case)
    return total
