"""The agency's 历史补录截止日期 (issue #15): set in 执法机关设置, it makes the
cases closed before it historical back-capture at ingest."""

import datetime as dt

import pytest
from django.urls import reverse

from dossiers.findings import Severity
from dossiers.models import Agency
from preservation.services.ingest import package_ingest
from tests.preservation.builders import case_read, finding

pytestmark = pytest.mark.django_db


def test_the_administrator_sets_the_back_capture_cut_off(
    client, django_user_model, example_bag
):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    bag = example_bag()
    agency = Agency.objects.get(code=case_read(bag)["case"]["agency"]["code"])
    form = client.get(reverse("agency:edit", args=[agency.pk])).content.decode()
    assert "历史补录截止日期" in form

    response = client.post(
        reverse("agency:edit", args=[agency.pk]),
        {
            "name": agency.name,
            "code": agency.code,
            "archiving_deadline_days": "20",
            "av_upload_deadline": agency.av_upload_deadline,
            "ordering_template": agency.ordering_template,
            "archival_code_pattern": agency.archival_code_pattern,
            "access_max_days": agency.access_max_days,
            "back_capture_closed_before": "2026-01-01",
        },
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.back_capture_closed_before == dt.date(2026, 1, 1)
    report = package_ingest(source=bag)
    assert report.case.back_capture is True
    late = finding(report, "archived_late")
    assert late["severity"] == Severity.INFO
    assert "历史补录" in late["message"]
