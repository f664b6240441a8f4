"""The case page shows what a 1.1 package declared (issues #12, #15): 承办科室,
移交日期, 历史补录 and the producing system; a 1.0 case shows dashes."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from access_control.services import agency_archivists_group
from preservation.services.ingest import package_ingest
from tests.preservation.builders import profile_set


def _fields(client, case) -> dict[str, str]:
    response = client.get(reverse("case:inspect", args=[case.pk]))
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    names = ["department", "transferred-on", "source-system", "back-capture"]
    found = {n: page.select_one(f"[data-testid=case-{n}]") for n in names}
    return {n: tag.get_text(strip=True) for n, tag in found.items() if tag}


def test_the_case_page_shows_the_1_1_fields(client, archivist_role, example_bag):
    bag = example_bag()
    profile_set(
        bag,
        "1.1",
        department="安全生产执法科",
        transferred_on="2025-03-20",
        back_capture=True,
        source_system="应急管理综合执法办案系统 3.2",
    )
    case = package_ingest(source=bag).case
    archivist = get_user_model().objects.create_user("archivist", password="pw")
    archivist.groups.add(archivist_role, agency_archivists_group(case.agency))
    client.force_login(archivist)

    fields = _fields(client, case)

    assert fields["department"] == "安全生产执法科"
    assert fields["transferred-on"] == "2025年3月20日"
    assert "积存案件" in fields["back-capture"]
    assert fields["source-system"] == "应急管理综合执法办案系统 3.2"


def test_a_1_0_case_page_shows_dashes(client, archivist, ingested_case):
    client.force_login(archivist)

    fields = _fields(client, ingested_case)

    assert fields == {"department": "—", "transferred-on": "—", "source-system": "—"}
