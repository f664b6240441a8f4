"""A phrase only in an OFD document finds its case, at its page (issue #17).

The sample package gets an OFD written for the purpose (its pages stored in
another order than they are read); it is ingested, its text extracted, and
the case's search record follows through `case_changed`, as for PDFs.
"""

import pytest
from django.contrib.auth import get_user_model

from access_control.models import Role
from access_control.roles import membership_set
from dossiers.models import MaterialText
from preservation.services.ingest import package_ingest
from preservation.services.texts import case_texts_extract
from search.selectors import case_search
from tests.preservation.builders import material_add, rebag
from tests.preservation.ofd_files import ofd_document

pytestmark = pytest.mark.django_db

OFD_PATH = "data/materials/investigation/16-电子询问笔录.ofd"
PAGES = [
    ["询问笔录（电子版）", "被询问人：吴婷"],
    ["问：贵公司是否参加过|大湾区专项|核查培训？", "答：没有参加过。"],
]


def test_a_phrase_only_in_an_ofd_finds_the_case_at_its_page(
    example_bag, django_capture_on_commit_callbacks
):
    bag = example_bag()
    material_add(bag, OFD_PATH, ofd_document(PAGES, order=[1, 0]), title="询问笔录")
    rebag(bag)
    report = package_ingest(source=bag)
    assert report.status == "accepted", report.errors
    case = report.case
    with django_capture_on_commit_callbacks(execute=True):
        case_texts_extract(case=case)
    reader = get_user_model().objects.create_user("keeper")
    membership_set(user=reader, agency=case.agency, role=Role.ARCHIVIST)

    outcome = case_search(user=reader, query="大湾区专项核查培训")

    assert [hit.case for hit in outcome.hits] == [case]
    (snippet,) = outcome.hits[0].snippets
    material = case.materials.get(pk=snippet.material_id)
    assert (material.path, snippet.page) == (OFD_PATH, 2)
    assert "大湾区专项核查培训" in snippet.text
    text = MaterialText.objects.get(material=material)
    assert text.pages[0] == "询问笔录（电子版）被询问人：吴婷"
