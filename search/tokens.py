"""How text becomes search tokens: one definition for every engine.

Chinese has no spaces, so "words" cannot be found by splitting. The archive
indexes every letter and digit as a token of its own (a Han character, a Latin
letter, a digit), after folding full-width forms and case, and turns each
query term into a phrase of those tokens. A term therefore matches exactly the
records that contain it, as `LIKE '%term%'` would, ignoring only punctuation,
white space, width and case: 送达 finds 留置送达回证, 2025〕12 finds
珠晖市监罚〔2025〕12号, and a name split by a line break in a PDF is still found.

The same rules run in three places and must agree:

- here, for the database backends (SQLite FTS5 and PostgreSQL) and for the
  snippets;
- in Elasticsearch/OpenSearch, as the `archive_chars` analyzer (a `pattern`
  tokenizer emitting each `[\\p{L}\\p{N}]`, then `cjk_width` and `lowercase`),
  see `search.backends.engines`.

Values of one field (the pages of a PDF, the parties of a case) are kept apart
so that a phrase never runs from one into the next.
"""

import re
import unicodedata
from collections.abc import Iterable

# A token no query can produce (queries only ever yield single characters): it
# sits between two values so that their edges are not adjacent in the index.
VALUE_BREAK = "qq"
MAX_TERMS = 8
MAX_TERM_CHARS = 64

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH_KANA = re.compile("[\uff65-\uff9f]")


def fold(text: str) -> str:
    """Full-width ASCII to ASCII, half-width kana to full width, lower case.

    Mirrors Lucene's `cjk_width` and `lowercase` filters one character at a
    time, so that the database backends and the search engines agree.
    """
    text = text.translate(_FULLWIDTH)
    text = _HALFWIDTH_KANA.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)
    lowered = text.lower()
    # The whole string at once where that is one character to one: no
    # expansion (İ → i̇) and no final sigma, which Java does not know.
    if len(lowered) == len(text) and "Σ" not in text:
        return lowered
    return "".join(_lower(char) for char in text)


def _lower(char: str) -> str:
    lowered = char.lower()
    # Java lower-cases one code point to one code point (İ → i); Python may
    # return two (İ → i̇).
    return lowered[0] if lowered else char


def is_token_char(char: str) -> bool:
    """A letter or a digit of any script (Unicode categories L* and N*)."""
    return unicodedata.category(char)[0] in "LN"


def chars(text: str) -> str:
    """The searchable characters of `text`, folded, without anything else."""
    return "".join(char for char in fold(text) if is_token_char(char))


def chars_with_offsets(text: str) -> tuple[str, list[int]]:
    """`chars(text)` and, for each of its characters, its index in `text`.

    Folding maps one character to one, so offsets survive it; snippets use
    them to mark the original text.
    """
    kept, offsets = [], []
    for index, char in enumerate(fold(text)):
        if is_token_char(char):
            kept.append(char)
            offsets.append(index)
    return "".join(kept), offsets


def index_text(values: Iterable[str]) -> str:
    """The text a database backend indexes for a list of values.

    Each character becomes a token; `VALUE_BREAK` separates the values.
    """
    spaced = (" ".join(chars(value)) for value in values)
    return f" {VALUE_BREAK} ".join(value for value in spaced if value)


# Runs of three or more Latin letters and digits in `index_text`'s output:
# single-character tokens, each between spaces (or an end of the text).
_SPACED_RUN = re.compile(r"(?<![^ ])[0-9a-z](?: [0-9a-z]){2,}(?![^ ])")
_RUN_TERM = re.compile(r"[0-9a-z]{3,}")


def run_triples(indexed: str) -> str:
    """The overlapping triples of the Latin and digit runs of `indexed`.

    `indexed` is `index_text`'s output. A run is a stretch of ASCII letters
    and digits between any other token (a Han character, a break): a 案号's
    digits, a credit code, an ID number. Each run of three or more gives its
    triples in order (43041 → 430 304 041), runs apart by `VALUE_BREAK`, so a
    phrase of a term's triples (`term_triples`) matches exactly the records
    where the term lies inside one run, which is where the phrase of its
    single characters matches. Digits are in every record; a phrase of ten
    of them makes FTS5 walk ten position lists as long as the text, where the
    triples' lists are a hundred times shorter.
    """
    runs = (m.replace(" ", "") for m in _SPACED_RUN.findall(indexed))
    return f" {VALUE_BREAK} ".join(
        " ".join(run[i : i + 3] for i in range(len(run) - 2)) for run in runs
    )


def term_triples(term: str) -> str | None:
    """A term as the phrase of triples `run_triples` indexes, if it is a run.

    None for a term with any other character or shorter than three: those
    are looked up as single characters.
    """
    if not _RUN_TERM.fullmatch(term):
        return None
    return " ".join(term[i : i + 3] for i in range(len(term) - 2))


def query_terms(query: str) -> list[str]:
    """Split what a person typed into search terms, each a string of `chars`.

    Terms are separated by white space and all must match; duplicates and
    terms without any letter or digit are dropped. Very long input is cut to
    `MAX_TERMS` terms of at most `MAX_TERM_CHARS` characters.
    """
    terms: list[str] = []
    for raw in query.split():
        term = chars(raw)[:MAX_TERM_CHARS]
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def spaced(term: str) -> str:
    """A term as the phrase of single-character tokens the backends look for."""
    return " ".join(term)


def grams(value: str) -> set[str]:
    """The distinct characters and adjacent pairs of characters of a value."""
    text = chars(value)
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


def term_grams(term: str) -> list[str]:
    """The grams every value containing `term` must have (for prefiltering)."""
    if len(term) == 1:
        return [term]
    return sorted({term[i : i + 2] for i in range(len(term) - 1)})
