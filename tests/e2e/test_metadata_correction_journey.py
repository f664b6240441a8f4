"""The archivist links a recording to its activity in a real browser.

The sample case's inspection video arrives tagged "other" with a vague 证明对象
and title, so the case page shows the blocking “没有相应的录音或录像”. The
archivist opens the video, reads its recording details beside the player,
corrects its 执法环节 with a reason, and watches the finding disappear and the
correction appear in the case history.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from access_control.services import agency_archivists_group, archivist_role_ensure
from preservation.services.ingest import package_ingest
from tests.e2e.helpers import PASSWORD, login
from tests.preservation.builders import VIDEO, case_read, material_edit, rebag

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASON = "经核对录像画面，该录像为现场检查全过程"
MISSING = "案卷中没有相应的录音或录像"


@pytest.fixture
def case(transactional_db, example_bag):
    bag = example_bag()
    entry = next(m for m in case_read(bag)["materials"] if f"data/{m['path']}" == VIDEO)
    material_edit(
        bag,
        VIDEO,
        activity="other",
        title="执法记录仪录像",
        av={**entry["av"], "proves": "执法过程"},
    )
    rebag(bag)
    report = package_ingest(source=bag)
    assert report.status == "accepted", report.errors
    return report.case


@pytest.fixture
def archivist(case):
    user = get_user_model().objects.create_user("e2e-corrector", password=PASSWORD)
    user.groups.add(archivist_role_ensure(), agency_archivists_group(case.agency))
    return user


def test_archivist_links_a_recording_and_the_blocking_finding_goes(
    live_server, page, case, archivist
):
    case_url = f"/admin/case/inspect/{case.pk}/"
    login(page, live_server.url, archivist.username, case_url)

    findings = page.locator("[data-testid=case-findings]")
    expect(findings).to_contain_text(MISSING)
    expect(findings).to_contain_text("已核对音像记录著录的执法环节")
    video = case.materials.get(path=VIDEO)
    row = page.locator(f"[data-testid=activity-{video.sequence}]")
    expect(row).to_contain_text("执法环节：其他")

    # The recording's details sit beside its player (after the 事由).
    page.get_by_test_id("purpose-审核").check()
    page.get_by_test_id("purpose-submit").click()
    expect(page.get_by_test_id("purpose-form")).to_have_count(0)
    page.click(f"[data-testid=preview-{video.sequence}]")
    facts = page.locator("[data-testid=preview] [data-testid=av-facts]")
    expect(facts).to_contain_text("制作人")
    expect(facts).to_contain_text("ZFJLY-0015")

    page.click(f"[data-testid=correct-{video.sequence}]")
    page.select_option("#id_activity", "on_site_inspection")
    page.fill("#id_reason", REASON)
    page.click("[data-testid=correct-submit]")
    page.wait_for_url(f"**{case_url}")
    expect(page.locator(".messages")).to_contain_text("已更正")
    expect(page.locator("[data-testid=case-findings]")).not_to_contain_text(MISSING)
    expect(row).to_contain_text("执法环节：现场检查(勘验)")
    expect(page.locator("[data-testid=events]")).to_contain_text(REASON)
    video.refresh_from_db()
    assert video.activity == "on_site_inspection"
