"""The 冻结 facet (issue #14): a hold placed or released reaches the search
record through `case_changed`, and the facet narrows and counts by it."""

import pytest

from preservation.retention.holds import hold_place, hold_release
from search.models import CaseSearchRecord
from search.selectors import SearchFilters, case_search
from tests.conftest import person_make
from tests.dossiers.factories import make_agency
from tests.search.corpus import search_case

pytestmark = pytest.mark.django_db


def test_a_hold_is_a_facet_and_follows_placing_and_releasing(
    search_backend, archivist_everywhere, django_capture_on_commit_callbacks
):
    agency = make_agency()
    held = search_case(agency, title="珠晖燃气有限公司未建立隐患排查制度案")
    search_case(agency, title="湘江燃气经营部安全检查案")
    keeper = person_make("hold_keeper", agency, "archivist")
    with django_capture_on_commit_callbacks(execute=True):
        hold = hold_place(
            case=held.case, kind="review", reason="申请行政复议", user=keeper
        )
    assert CaseSearchRecord.objects.get(pk=held.pk).hold == "held"
    reader = archivist_everywhere()
    search_backend.push()
    outcome = case_search(
        user=reader,
        query="燃气",
        filters=SearchFilters(hold="held"),
        backend=search_backend.name,
    )
    assert [hit.record.pk for hit in outcome.hits] == [held.pk]
    assert [(f.label, f.count, f.selected) for f in outcome.facets["hold"]] == [
        ("冻结中", 1, True)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        hold_release(hold=hold, user=keeper, reason="复议决定已作出")
    assert CaseSearchRecord.objects.get(pk=held.pk).hold == "none"
