"""Highlighted snippets: where in a hit the search terms were found.

Matching follows `search.tokens` (characters only, width and case folded), so
a snippet marks exactly what the backend matched, even across punctuation or
a line break in the original; the marks are placed on the original text.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import tokens
from search.models import CaseSearchRecord

BEFORE, AFTER = 30, 70
# However far apart the matches, or however long one run of them, a snippet
# is a glimpse of the line, not the whole page.
LONGEST = 200
# Lines looked at per hit: enough to show every term of a query.
MAX_CANDIDATES = 50
FIELDS = [
    ("title", "题名"),
    ("identifiers", "编号"),
    ("people", "人员"),
    ("body", "内容"),
    ("texts", "全文"),
]
# Added to the label of a snippet from text OCR read on a scanned page.
OCR_MARK = "（识别文字）"


@dataclass(frozen=True)
class Snippet:
    field: str
    label: str
    html: SafeString
    text: str  # the same, with 【】 around each match
    material_id: int | None = None
    page: int | None = None
    ocr: bool = False  # found in text OCR read from a scan, not a text layer


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """The (start, end) ranges of `text` where any term occurs, merged."""
    folded, offsets = tokens.chars_with_offsets(text)
    spans = []
    for term in terms:
        at = folded.find(term)
        while at != -1:
            spans.append((offsets[at], offsets[at + len(term) - 1] + 1))
            at = folded.find(term, at + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans: list[tuple[int, int]]) -> tuple[str, str]:
    first, last = spans[0][0], spans[-1][1]
    start = max(0, first - BEFORE)
    end = min(len(text), max(last, first + AFTER), start + LONGEST)
    html, plain, at = [], [], start
    for span_start, span_end in spans:
        if span_start >= end:
            break
        piece, hit = text[at:span_start], text[span_start : min(span_end, end)]
        html += [escape(piece), "<mark>", escape(hit), "</mark>"]
        plain += [piece, "【", hit, "】"]
        at = min(span_end, end)
    html.append(escape(text[at:end]))
    plain.append(text[at:end])
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    return prefix + "".join(html) + suffix, prefix + "".join(plain) + suffix


@dataclass(frozen=True)
class _Line:
    field: str
    label: str
    index: int
    text: str
    terms: frozenset[str]
    first_of_field: bool


def _matching_lines(record: CaseSearchRecord, terms: list[str]) -> list[_Line]:
    found: list[_Line] = []
    for field, label in FIELDS:
        first = True
        for index, line in enumerate(getattr(record, field).split("\n")):
            folded = tokens.chars(line)
            matched = frozenset(term for term in terms if term in folded)
            if matched:
                found.append(_Line(field, label, index, line, matched, first))
                first = False
            if len(found) >= MAX_CANDIDATES:
                return found
    return found


def _choose(lines: list[_Line], limit: int) -> list[_Line]:
    """Lines that show every term first, then the most telling of the rest."""
    chosen: list[_Line] = []
    covered: set[str] = set()
    for line in lines:
        if len(chosen) < limit and line.terms - covered:
            chosen.append(line)
            covered |= line.terms
    # One line per metadata field, then further pages of text.
    rest = [ln for ln in lines if ln.first_of_field or ln.field == "texts"]
    for line in rest:
        if len(chosen) < limit and line not in chosen:
            chosen.append(line)
    return sorted(chosen, key=lines.index)


def snippets_for(
    record: CaseSearchRecord, terms: list[str], limit: int = 3
) -> list[Snippet]:
    """Up to `limit` snippets of `record` that between them show every term.

    Fields come in order of how telling they are (title, identifiers, people,
    description, document text), one line each except for pages of text.
    """
    snippets = []
    for line in _choose(_matching_lines(record, terms), limit):
        html, plain = _render(line.text, match_spans(line.text, terms))
        material_id, page, ocr = _source(record, line.field, line.index)
        label = f"{line.label}{OCR_MARK}" if ocr else line.label
        snippets.append(
            Snippet(line.field, label, mark_safe(html), plain, material_id, page, ocr)  # noqa: S308 - escaped in _render
        )
    return snippets


def _source(record: CaseSearchRecord, field: str, index: int):
    if field != "texts" or index >= len(record.text_sources):
        return None, None, False
    material_id, page, *source = record.text_sources[index]
    return material_id, page, source == ["ocr"]
