"""The archivist binds a dossier in a real browser: reorder, review, seal, download.

Starts from an ingested sample case, assembles its dossier on the case page,
moves two items, reads the findings, confirms what sealing will do, seals with
an override reason and
downloads the merged PDF through the gate.
"""

import io
from pathlib import Path

import pikepdf
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from access_control.models import AccessLogEntry
from access_control.services import agency_archivists_group, archivist_role_ensure
from dossiers.models import Case, Dossier
from preservation.services.ingest import package_ingest
from tests.e2e.helpers import PASSWORD, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASON = "立卷人信息由执法科补录，音像记录已书面说明"


@pytest.fixture
def case(transactional_db, example_bag):
    report = package_ingest(source=example_bag())
    assert report.status == "accepted", report.errors
    return report.case


@pytest.fixture
def archivist(case):
    user = get_user_model().objects.create_user("e2e-binder", password=PASSWORD)
    user.groups.add(archivist_role_ensure(), agency_archivists_group(case.agency))
    return user


def _titles(page):
    return page.locator("[data-testid=entry-title]").all_inner_texts()


def _move(page, row: int, to: int):
    form = page.locator("[data-testid=entry-row]").nth(row - 1)
    form.locator("input[name=position]").fill(str(to))
    form.locator(f"[data-testid=move-{row}]").click()
    expect(page.locator(".messages")).to_contain_text("页号已重排")


def test_archivist_reorders_reviews_seals_and_downloads(
    live_server, page, case, archivist
):
    # A blocking finding the default 立卷人 cannot clear: a hearing without record.
    Case.objects.filter(pk=case.pk).update(hearing_held=True)
    case_url = f"/admin/case/inspect/{case.pk}/"
    login(page, live_server.url, archivist.username, case_url)
    page.click("[data-testid=assemble]")
    expect(page.locator("[data-testid=dossier-state]")).to_have_text("整理中")

    # Reorder: the last item to the top, then the (new) second item to third.
    before = _titles(page)
    _move(page, len(before), 1)
    _move(page, 2, 3)
    after = _titles(page)
    assert after[0] == before[-1]
    assert after[1:3] == [before[1], before[0]]

    # Review: the findings name their articles; a blocking one needs a reason.
    findings = page.locator("[data-testid=dossier-findings]")
    expect(findings).to_contain_text("备考表须填写立卷人")
    expect(findings).to_contain_text("000 §33")
    reason = page.locator("[data-testid=override-reason]")
    reason.fill(REASON)
    page.click("[data-testid=seal]")
    # Sealing first says what it will do; the 立卷人 is the signed-in archivist.
    expect(page.locator("[data-testid=seal-effects]")).to_contain_text("副本存储")
    expect(page.locator("[data-testid=seal-compiler]")).to_have_value("e2e-binder")
    expect(page.locator("[data-testid=seal-reason]")).to_have_value(REASON)
    page.click("[data-testid=seal-confirm]")
    expect(page.locator("[data-testid=dossier-state]")).to_have_text("已封存")
    expect(page.locator("main")).to_contain_text(REASON)
    expect(page.locator("[data-testid^=move-]")).to_have_count(0)

    # Download the merged PDF; it is logged and bound in the new order. The
    # custodian says why first (once per case per login).
    page.get_by_test_id("purpose-审核").check()
    page.get_by_test_id("purpose-submit").click()
    expect(page.get_by_test_id("purpose-form")).to_have_count(0)
    with page.expect_download() as info:
        page.click("[data-testid=document-dossier]")
    download = info.value
    assert download.suggested_filename.endswith("案卷合并文件.pdf")
    with pikepdf.open(io.BytesIO(Path(download.path()).read_bytes())) as pdf:
        outline = [item.title for item in pdf.open_outline().root]
    assert after[0] in " ".join(outline[:4])
    dossier = Dossier.objects.get(case=case)
    assert dossier.state == "sealed" and dossier.override_reason == REASON
    assert dossier.compiler == "e2e-binder"
    log = AccessLogEntry.objects.filter(action="download", user=archivist).get()
    assert log.data == {"document": "dossier", "custodian": True}
    assert log.reason == "审核"
    events = set(case.events.values_list("event_type", flat=True))
    assert {
        "dossier_assembled",
        "dossier_reordered",
        "dossier_override",
        "dossier_sealed",
    } <= events
