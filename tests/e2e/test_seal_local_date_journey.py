"""Just after local midnight the archivist seals and sees China's date.

The server's clock (the live server runs in the test process) is set to
2026-12-04T16:30Z, which is 2026-12-05 00:30 in Asia/Shanghai: the seal's
归档日期 and 立卷时间 read 2026-12-05, the case list says 已封存, and no list
speaks of "之前".
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from access_control.services import agency_archivists_group, archivist_role_ensure
from dossiers.models import Dossier
from preservation.services.ingest import package_ingest
from tests.e2e.helpers import PASSWORD, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AFTER_LOCAL_MIDNIGHT = dt.datetime(2026, 12, 4, 16, 30, tzinfo=dt.UTC)


@pytest.fixture
def case(transactional_db, example_bag, time_machine):
    time_machine.move_to(AFTER_LOCAL_MIDNIGHT, tick=True)
    report = package_ingest(source=example_bag())
    assert report.status == "accepted", report.errors
    return report.case


@pytest.fixture
def archivist(case):
    user = get_user_model().objects.create_user("e2e-midnight", password=PASSWORD)
    user.groups.add(archivist_role_ensure(), agency_archivists_group(case.agency))
    return user


def test_archivist_seals_after_local_midnight_and_sees_the_local_date(
    live_server, page, case, archivist
):
    case_url = f"/admin/case/inspect/{case.pk}/"
    login(page, live_server.url, archivist.username, case_url)
    page.click("[data-testid=assemble]")
    page.click("[data-testid=seal]")
    expect(page.locator("[data-testid=seal-effects]")).to_contain_text(
        "以今天（2026-12-05）为归档日期和立卷时间"
    )
    page.click("[data-testid=seal-confirm]")
    expect(page.locator("[data-testid=dossier-state]")).to_have_text("已封存")
    expect(page.locator("[data-testid=archived-on]")).to_have_text("2026-12-05")
    expect(page.locator("[data-testid=compiled-on]")).to_have_text("2026-12-05")

    page.goto(f"{live_server.url}/admin/case/?state=sealed")
    expect(page.locator("main")).to_contain_text(case.case_number)
    expect(page.locator("main")).to_contain_text("已封存")
    page.goto(f"{live_server.url}/admin/dossier/")
    expect(page.locator("main")).to_contain_text("2026-12-05 00:3")
    expect(page.locator("main")).not_to_contain_text("之前")
    assert Dossier.objects.get(case=case).compiled_on == dt.date(2026, 12, 5)
