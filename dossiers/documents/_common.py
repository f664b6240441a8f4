"""Shared pieces of the dossier documents: font, styles, ruled tables, totals.

Everything drawn with ReportLab uses the one CJK TrueType font from
`dossiers.fonts`, so every generated page embeds (a subset of) it. The helpers
read a dossier's entries and format values; they never write to the database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table

from dossiers.codes import Form
from dossiers.fonts import register_cjk_font
from dossiers.models import Dossier, DossierEntry, Material, Volume

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CONTENT_HEIGHT = PAGE_HEIGHT - 2 * MARGIN
# Audio and video cannot be printed: each takes one page, its 音像资料说明.
SHEET_FORMS = frozenset({Form.AUDIO, Form.VIDEO})
AV_FORMS = frozenset({Form.PHOTO, Form.AUDIO, Form.VIDEO})
PRODUCER = "行政执法案卷档案系统"
GRID = colors.black

PageCallback = Callable[[Canvas, SimpleDocTemplate], None]


def font() -> str:
    """The registered ReportLab name of the CJK font."""
    return register_cjk_font()


@functools.cache
def style(
    size: float = 10.5, align: int = TA_LEFT, indent: float = 0
) -> ParagraphStyle:
    """A paragraph style in the CJK font that may break lines between any glyphs."""
    return ParagraphStyle(
        f"cjk-{size}-{align}-{indent}",
        fontName=font(),
        fontSize=size,
        leading=size * 1.4,
        alignment=align,
        firstLineIndent=indent,
        wordWrap="CJK",
    )


def para(
    text: str, size: float = 10.5, align: int = TA_LEFT, *, indent: bool = False
) -> Paragraph:
    """A paragraph of plain text (escaped; newlines kept as line breaks).

    `indent` sets the two-character first-line indent of Chinese prose.
    """
    markup = escape(text).replace("\n", "<br/>")
    return Paragraph(markup, style(size, align, 2 * size if indent else 0))


def centered(text: str, size: float = 10.5) -> Paragraph:
    return para(text, size, TA_CENTER)


def table(data: list[list], *, style: Sequence[tuple] = (), **options: Any) -> Table:
    """A platypus Table whose plain-string (and empty) cells use the CJK font.

    Without the FONTNAME, ReportLab would reference unembedded Helvetica.
    """
    fontname = ("FONTNAME", (0, 0), (-1, -1), font())
    return Table(data, style=[fontname, *style], **options)


def ruled(table: Table, extra: Sequence[tuple] = ()) -> Table:
    """Give a table a full grid of thin black rules and centred-vertical cells."""
    table.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.6, GRID),
            ("BOX", (0, 0), (-1, -1), 1.2, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            *extra,
        ]
    )
    return table


def field_table(
    rows: Sequence[tuple[str, str]], label_width: float, size: float = 10.5
) -> Table:
    """A ruled two-column form: a centred label and its (wrapping) value."""
    data = [[centered(label, size), para(value, size)] for label, value in rows]
    return ruled(table(data, colWidths=[label_width, CONTENT_WIDTH - label_width]))


def render(
    flowables: list[Flowable], *, title: str, on_page: PageCallback | None = None
) -> bytes:
    """Lay flowables out on A4 portrait pages and return the PDF bytes.

    `invariant` keeps the output byte-identical for identical input, so a
    document can be regenerated and compared with an earlier copy.
    """
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        creator=PRODUCER,
        lang="zh-CN",
        invariant=True,
        # ReportLab would otherwise reference (unembedded) Helvetica on every page.
        initialFontName=font(),
    )
    callback = on_page or _no_decoration
    with binary_streams():
        document.build(flowables, onFirstPage=callback, onLaterPages=callback)
    return buffer.getvalue()


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """Build without ReportLab's default ASCII85 stream wrapping.

    ASCII85 serves 7-bit transports only; it makes streams a quarter larger,
    re-encodes embedded JPEGs, and without ReportLab's C accelerator it is
    the slowest step of a dossier build. The flag is process-wide, so it is
    restored afterwards; a concurrent build elsewhere gets one valid encoding
    or the other.
    """
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def _no_decoration(canvas: Canvas, document: SimpleDocTemplate) -> None:
    return None


def date_compact(value: dt.date | None) -> str:
    """YYYYMMDD, the 8-digit date of archival catalogues (DA/T 22)."""
    return value.strftime("%Y%m%d") if value else ""


def date_cn(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def dossier_entries(dossier: Dossier) -> list[DossierEntry]:
    """The dossier's entries in binding order, each with its material loaded."""
    entries = dossier.entries.select_related("material")
    return list(entries.order_by("sort_order", "pk"))


def entry_pages(entry: DossierEntry) -> int:
    """Pages the entry occupies: its 页号 range, else what the material implies."""
    if entry.page_from is not None and entry.page_to is not None:
        return entry.page_to - entry.page_from + 1
    if entry.material.form in SHEET_FORMS:
        return 1
    return entry.material.pages or 1


def volume_label(entry: DossierEntry) -> str:
    return str(Volume(entry.volume).label)


@dataclass(frozen=True)
class Totals:
    """Counts for the cover and the backsheet."""

    items: int
    pages: int
    pages_by_volume: dict[str, int]
    photos: int
    recordings: int

    @property
    def av_items(self) -> int:
        return self.photos + self.recordings

    def pages_text(self) -> str:
        """共 N 页, with the split per volume when there is more than one."""
        if len(self.pages_by_volume) < 2:
            return f"共 {self.pages} 页"
        parts = "，".join(f"{v} {n} 页" for v, n in self.pages_by_volume.items())
        return f"共 {self.pages} 页（{parts}）"


def dossier_totals(entries: Sequence[DossierEntry]) -> Totals:
    by_volume: Counter[str] = Counter()
    for entry in entries:
        by_volume[volume_label(entry)] += entry_pages(entry)
    forms = Counter(entry.material.form for entry in entries)
    return Totals(
        items=len(entries),
        pages=sum(by_volume.values()),
        pages_by_volume=dict(by_volume),
        photos=forms[Form.PHOTO],
        recordings=forms[Form.AUDIO] + forms[Form.VIDEO],
    )


def agency_name(dossier: Dossier) -> str:
    return dossier.case.agency.name


def material_kind(material: Material) -> str:
    """How a material enters the bound dossier: sheet, pdf, image or other."""
    if material.form in SHEET_FORMS:
        return "sheet"
    if material.media_type == "application/pdf":
        return "pdf"
    if material.media_type.startswith("image/"):
        return "image"
    return "other"
