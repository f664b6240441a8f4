"""The device findings show on the case page beside the other regulation checks."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from access_control.services import agency_archivists_group
from preservation.services.ingest import package_ingest
from tests.conftest import MAJOR
from tests.dossiers.devices.factories import issue, make_device, make_person

pytestmark = pytest.mark.django_db


def test_a_recording_by_a_device_issued_to_someone_else_is_on_the_case_page(
    client, example_bag, archivist_role, sample_agencies
):
    agency = next(a for a in sample_agencies if a.code == "11430405MB1234567X")
    # The sample video: ZFJLY-0015, made by 吴婷 from 2025-02-10 09:10.
    device = make_device(agency, code="ZFJLY-0015")
    issue(device, make_person("张伟"), "2025-02-10 08:00")
    report = package_ingest(source=example_bag(MAJOR))
    assert report.status == "accepted", report.errors
    keeper = get_user_model().objects.create_user("binder")
    keeper.groups.add(archivist_role, agency_archivists_group(agency))
    client.force_login(keeper)
    url = reverse("case:inspect", args=[report.case.pk])
    page = client.get(url).content.decode()
    findings = page[page.index('data-testid="case-findings"') :]
    assert "设备 ZFJLY-0015 在录制开始时（2025-02-10 09:10）由张伟领用" in findings
    assert "不是制作人吴婷" in findings
    assert "记录设备 ZFJLY-0027 未在本机关设备登记中" in findings
