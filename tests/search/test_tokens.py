"""The tokenization contract every backend follows (`search.tokens`)."""

import pytest

from search import tokens


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("２０２５", "2025"),  # full-width digits
        ("ＡＢＣ食品", "abc食品"),  # full-width letters, folded to lower case
        ("XYZ Trading", "xyztrading"),  # case and spaces
        ("珠晖市监罚〔2025〕12号", "珠晖市监罚202512号"),  # brackets are not searched
        ("珠晖市监罚[2025]12号", "珠晖市监罚202512号"),  # nor ASCII ones
        ("长白\n山·建材", "长白山建材"),  # a line break and a middle dot
        ("吴\u3000婷", "吴婷"),  # an ideographic space
        ("43040519850315123X", "43040519850315123x"),
        ("ｶﾀｶﾅ", "カタカナ"),  # half-width kana to full width
        ("İ", "i"),  # one character stays one character
        ("𠮷野家", "𠮷野家"),  # beyond the Basic Multilingual Plane
        ("第Ⅻ条①", "第ⅻ条①"),  # numerals of every kind are digits
        ("……！？——、", ""),
    ],
)
def test_what_is_searched_of_what_is_typed(typed, searched):
    assert tokens.chars(typed) == searched


def test_marks_land_on_the_original_characters():
    folded, offsets = tokens.chars_with_offsets("Ａ，b〔2〕")
    assert folded == "ab2"
    assert offsets == [0, 2, 4]


def test_white_space_separates_terms_of_one_query():
    assert tokens.query_terms("长白山 建材\u3000２０２５\n罚款") == [
        "长白山",
        "建材",
        "2025",
        "罚款",
    ]


def test_the_same_term_twice_counts_once():
    assert tokens.query_terms("建材 建材 ＡＢＣ abc Abc") == ["建材", "abc"]


def test_terms_without_letters_or_digits_are_dropped():
    assert tokens.query_terms("〔〕 …… 建材 ！") == ["建材"]
    assert tokens.query_terms("〔〕 ……") == []


def test_a_long_query_is_cut_to_eight_terms_of_sixty_four_characters():
    typed = " ".join(f"词{i}" for i in range(12))
    assert tokens.query_terms(typed) == [f"词{i}" for i in range(8)]
    assert tokens.query_terms("罚" * 100) == ["罚" * tokens.MAX_TERM_CHARS]


def test_duplicates_do_not_take_the_place_of_later_terms():
    typed = " ".join(["建材"] * 9 + ["罚款"])
    assert tokens.query_terms(typed) == ["建材", "罚款"]


def test_each_value_is_indexed_apart():
    text = tokens.index_text(["长白山", "……", "", "吴婷"])
    assert text == f"长 白 山 {tokens.VALUE_BREAK} 吴 婷"


def test_no_query_can_match_the_value_break():
    # The break is one token of two letters; queries only ever yield tokens
    # of one character, so typing the same letters finds a different phrase.
    assert tokens.spaced(tokens.query_terms(tokens.VALUE_BREAK)[0]) != (
        tokens.VALUE_BREAK
    )
    assert tokens.VALUE_BREAK not in tokens.index_text(["长白山"]).split()


def test_a_term_needs_every_pair_of_its_characters():
    # PostgreSQL's prefilter: a value can only contain 长白山 if it holds
    # both 长白 and 白山; a single character needs itself.
    assert tokens.grams("长白山") == {"长", "白", "山", "长白", "白山"}
    assert tokens.term_grams("长白山") == ["白山", "长白"]
    assert tokens.term_grams("罚") == ["罚"]


def test_letter_and_digit_runs_are_indexed_as_their_triples():
    indexed = tokens.index_text(
        ["珠应急罚〔2025〕123号", "身份证 43041ab", "a1", "ＡＢ1"]
    )
    assert tokens.run_triples(indexed) == (
        "202 025 251 512 123 qq 430 304 041 41a 1ab qq ab1"
    )
    assert tokens.term_triples("43041") == "430 304 041"
    # A term with any other character, or shorter than three, is not a run.
    assert tokens.term_triples("罚2025") is None
    assert tokens.term_triples("12") is None
