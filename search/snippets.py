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
FIELDS = [
    ("title", "题名"),
    ("identifiers", "编号"),
    ("people", "人员"),
    ("body", "内容"),
    ("texts", "全文"),
]


@dataclass(frozen=True)
class Snippet:
    field: str
    label: str
    html: SafeString
    text: str  # the same, with 【】 around each match
    material_id: int | None = None
    page: int | None = None


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


def snippets_for(
    record: CaseSearchRecord, terms: list[str], limit: int = 3
) -> list[Snippet]:
    """Up to `limit` snippets of `record`, the most telling fields first."""
    found: list[Snippet] = []
    for field, label in FIELDS:
        lines = getattr(record, field).split("\n")
        for index, line in enumerate(lines):
            spans = match_spans(line, terms)
            if not spans:
                continue
            html, plain = _render(line, spans)
            material_id, page = _source(record, field, index)
            found.append(
                Snippet(field, label, mark_safe(html), plain, material_id, page)  # noqa: S308 - escaped above
            )
            if len(found) >= limit:
                return found
            if field != "texts":
                break  # one line per metadata field; pages of text may add more
    return found


def _source(record: CaseSearchRecord, field: str, index: int):
    if field != "texts" or index >= len(record.text_sources):
        return None, None
    material_id, page = record.text_sources[index]
    return material_id, page
