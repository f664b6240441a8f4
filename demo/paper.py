"""Page layout of a demo 文书: header, wrapped body, signatures, seal, footer.

``Sheet`` draws on one ReportLab canvas in the CJK font; ``wrap`` and
``paginate`` decide what goes on which page. The wording is the caller's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 25 * mm
RIGHT = PAGE_WIDTH - 25 * mm
TOP = PAGE_HEIGHT - 22 * mm
BOTTOM = 24 * mm
BODY_SIZE = 12
LEADING = 22
HEADER_HEIGHT = 130
CLOSING_HEIGHT = 170
SEAL_RED = Color(0.85, 0.1, 0.1, alpha=0.85)
SEAL_RADIUS = 44
NO_LINE_START = "，。、；：？！）》」』”’"
FIELD_PREFIX_MAX = 10
SPACED_TITLE_MAX = 6
TITLE_SPACING = 8
INDENT = "\u3000\u3000"


def _is_field(paragraph: str) -> bool:
    head, sep, _ = paragraph.partition("：")
    return bool(sep) and len(head) <= FIELD_PREFIX_MAX and "，" not in head


@cache
def _char_width(char: str, font: str, size: float) -> float:
    return stringWidth(char, font, size)


def wrap(text: str, font: str, size: float = BODY_SIZE) -> list[str]:
    """Break CJK text to the body width, keeping closing punctuation off line
    starts."""
    lines, current, used = [], "", 0.0
    for char in text:
        advance = _char_width(char, font, size)
        if used + advance <= RIGHT - LEFT or not current or char in NO_LINE_START:
            current, used = current + char, used + advance
        else:
            lines.append(current)
            current, used = char, advance
    return [*lines, current] if current else lines


def wrap_paragraphs(paragraphs: Sequence[str], font: str) -> list[str]:
    """Wrap body paragraphs; ``标签：值`` lines get no first-line indent."""
    lines: list[str] = []
    for paragraph in filter(None, paragraphs):
        lines += wrap(paragraph if _is_field(paragraph) else INDENT + paragraph, font)
    return lines


def paginate(lines: list[str], pages: int) -> list[list[str]]:
    """Spread ``lines`` evenly over at least ``pages`` pages."""
    capacity = int((TOP - BOTTOM - HEADER_HEIGHT - CLOSING_HEIGHT) // LEADING)
    count = max(pages, 1, math.ceil(len(lines) / capacity))
    size = max(1, math.ceil(len(lines) / count))
    return [lines[i * size : (i + 1) * size] for i in range(count)]


@dataclass
class Sheet:
    """Draws the parts of a 文书 on ``canvas`` in ``font``."""

    canvas: Canvas
    font: str

    def first_header(
        self, title: str, heading_lines: Sequence[str], number: str
    ) -> float:
        y = TOP
        for index, line in enumerate(heading_lines):
            self.canvas.setFont(self.font, 16 if index == 0 else 11)
            self.canvas.drawCentredString(PAGE_WIDTH / 2, y, line)
            y -= 24 if index == 0 else 18
        self._title(title, y - 14)
        y -= 44
        if number:
            self.canvas.setFont(self.font, BODY_SIZE)
            self.canvas.drawRightString(RIGHT, y, number)
            y -= 10
        self.canvas.setStrokeColor(black)
        self.canvas.setLineWidth(0.8)
        self.canvas.line(LEFT, y, RIGHT, y)
        return y - LEADING

    def _title(self, title: str, y: float) -> None:
        # Short titles are letter-spaced as on printed forms, without real
        # spaces, so the extracted text still reads 询问笔录, not 询 问 笔 录.
        spacing = TITLE_SPACING if len(title) <= SPACED_TITLE_MAX else 0
        self.canvas.setFont(self.font, 22)
        self.canvas.drawCentredString(PAGE_WIDTH / 2, y, title, charSpace=spacing)

    def next_header(self, title: str) -> float:
        self.canvas.setFont(self.font, 10)
        self.canvas.drawString(LEFT, TOP, f"{title}（续页）")
        return TOP - 2 * LEADING

    def body(self, lines: Sequence[str], y: float) -> float:
        self.canvas.setFont(self.font, BODY_SIZE)
        for line in lines:
            self.canvas.drawString(LEFT, y, line)
            y -= LEADING
        return y

    def closing(self, signatures: Sequence[str], date_text: str, seal: str, y: float):
        """Signature lines, then the agency, the date and the seal over them."""
        y = self.body(signatures, y - LEADING / 2) - LEADING * 0.4
        right_x = RIGHT - 10 * mm
        if seal:
            self.canvas.drawCentredString(right_x, y - LEADING, seal)
        if date_text:
            self.canvas.drawCentredString(right_x, y - 2.2 * LEADING, date_text)
        if seal:
            self.seal(seal, right_x, y - 1.4 * LEADING)

    def footer(self, page: int, total: int) -> None:
        self.canvas.setFont(self.font, 9)
        label = f"第 {page} 页  共 {total} 页"
        self.canvas.drawCentredString(PAGE_WIDTH / 2, BOTTOM - 12, label)

    def seal(self, text: str, cx: float, cy: float) -> None:
        """A round red official seal: ring, star, the name along the top arc."""
        canvas = self.canvas
        canvas.saveState()
        canvas.setStrokeColor(SEAL_RED)
        canvas.setFillColor(SEAL_RED)
        canvas.setLineWidth(2.6)
        canvas.circle(cx, cy, SEAL_RADIUS)
        self._star(cx, cy, SEAL_RADIUS * 0.3)
        self._arc_text(text, cx, cy, SEAL_RADIUS - 12)
        canvas.restoreState()

    def _star(self, cx: float, cy: float, radius: float) -> None:
        path = self.canvas.beginPath()
        for point in range(10):
            r = radius if point % 2 == 0 else radius * 0.4
            angle = math.pi / 2 + point * math.pi / 5
            x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
            path.lineTo(x, y) if point else path.moveTo(x, y)
        path.close()
        self.canvas.drawPath(path, stroke=0, fill=1)

    def _arc_text(self, text: str, cx: float, cy: float, radius: float) -> None:
        span = min(250.0, 24.0 * len(text))
        step = span / max(len(text) - 1, 1)
        size = 12 if len(text) <= 12 else 10
        for index, char in enumerate(text):
            angle = math.radians(90 + span / 2 - index * step)
            self.canvas.saveState()
            self.canvas.translate(
                cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            )
            self.canvas.rotate(math.degrees(angle) - 90)
            self.canvas.setFont(self.font, size)
            self.canvas.drawCentredString(0, -size / 3, char)
            self.canvas.restoreState()
