"""Snippets of a hit: the match marked on the original text, and where it is.

Every test runs on the database backend and on the engine (`search_backend`).
"""

import pytest

from search.selectors import case_search
from tests.search.corpus import search_case

pytestmark = pytest.mark.django_db


def test_a_text_snippet_marks_the_match_and_names_its_material_and_page(
    search_backend, archivist_everywhere
):
    record = search_case(
        title="某公司无证经营案",
        materials=[
            {
                "doc_type": "询问笔录",
                # Page 1 is a scan without text: the match on page 3 is the
                # second line of the record's texts, and must say page 3.
                "text": [
                    "",
                    "询问笔录封面",
                    "当事人：吉林省长白\n山建材有限公司 <b>确认</b>",
                ],
            }
        ],
    )
    material = record.case.materials.get()
    search_backend.push()
    outcome = case_search(
        user=archivist_everywhere(), query="长白山建材", backend=search_backend.name
    )
    (snippet,) = outcome.hits[0].snippets
    assert (snippet.field, snippet.label) == ("texts", "全文")
    assert (snippet.material_id, snippet.page) == (material.pk, 3)
    assert "【长白 山建材】" in snippet.text
    assert "<mark>长白 山建材</mark>" in snippet.html
    assert "&lt;b&gt;确认&lt;/b&gt;" in snippet.html


def test_a_title_snippet_marks_each_term(search_backend, archivist_everywhere):
    search_case(title="珠晖燃气有限公司未按规定开展安全培训案")
    search_backend.push()
    outcome = case_search(
        user=archivist_everywhere(), query="燃气 安全培训", backend=search_backend.name
    )
    snippet = outcome.hits[0].snippets[0]
    assert (snippet.field, snippet.label, snippet.page) == ("title", "题名", None)
    assert snippet.text == "珠晖【燃气】有限公司未按规定开展【安全培训】案"


@pytest.mark.parametrize("query", ["燃气 罚款", "哈哈"])
def test_a_snippet_of_a_long_page_stays_short(
    search_backend, archivist_everywhere, query
):
    # Matches far apart on one page, or one run of 20,000 overlapping matches.
    search_case(materials=[{"text": ["燃气报警器" + "哈" * 20_000 + "罚款二万元"]}])
    search_backend.push()
    outcome = case_search(
        user=archivist_everywhere(), query=query, backend=search_backend.name
    )
    (snippet,) = outcome.hits[0].snippets
    assert len(snippet.text) < 300
    assert "【" in snippet.text


def test_the_snippets_of_a_hit_show_every_term(search_backend, archivist_everywhere):
    # 燃气 is in the title, people and description; 罚款 only on a page: the
    # three snippets must not all be about 燃气.
    search_case(
        title="珠晖燃气有限公司未按规定开展安全培训案",
        parties=[{"name": "珠晖燃气有限公司"}],
        summary="燃气公司未开展培训。",
        materials=[{"text": ["决定罚款二万元。"]}],
    )
    search_backend.push()
    outcome = case_search(
        user=archivist_everywhere(), query="燃气 罚款", backend=search_backend.name
    )
    texts = [s.text for s in outcome.hits[0].snippets]
    assert len(texts) == 3
    assert any("【燃气】" in t for t in texts)
    assert any("【罚款】" in t for t in texts)
