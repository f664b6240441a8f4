"""The door in the browser: asking, deciding on the dashboard, following."""

import re

import pytest
from django.urls import reverse

from access_control.models import AccessGrant, AccessRequest, RequestStatus, Role
from dossiers.codes import Form
from tests.conftest import ORDINARY_DEPARTMENT as DEPARTMENT


@pytest.fixture
def case(ordinary_case):
    return ordinary_case


@pytest.fixture
def officer(case, person_with_role):
    return person_with_role("officer", case.agency, Role.OFFICER)


@pytest.fixture
def head(case, person_with_role):
    return person_with_role(
        "head", case.agency, Role.SECTION_HEAD, department=DEPARTMENT
    )


def _photo(case):
    return case.materials.filter(form=Form.PHOTO).order_by("sequence").first()


def _gate(material):
    return reverse("access_control:material_content", args=[material.pk])


def test_refusal_page_leads_to_a_prefilled_request(client, case, officer):
    photo = _photo(case)
    client.force_login(officer)
    refused = client.get(_gate(photo)).content.decode()
    ask = reverse("access_request_new") + f"?case={case.pk}&amp;material={photo.pk}"
    assert ask in refused
    form = client.get(ask.replace("&amp;", "&")).content.decode()
    assert case.case_number in form
    assert re.search(rf'value="{photo.pk}"[^>]*checked', form)


def test_ask_decide_on_the_dashboard_and_read(client, case, officer, head):
    photo = _photo(case)
    client.force_login(officer)
    response = client.post(
        reverse("access_request_new"),
        {
            "case": case.pk,
            "case_number": case.case_number,
            "kind": "view",
            "materials": [str(photo.pk)],
            "reason": "复议答复需要",
            "days": 7,
        },
    )
    filed = AccessRequest.objects.get()
    assert response["Location"] == reverse("access_request_detail", args=[filed.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "需 科室负责人 同意 — 002 §23" in detail and "head" in detail
    assert "decision-form" not in detail  # not their own
    client.force_login(head)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "待我审批的查阅申请" in home and filed.number in home
    client.post(
        reverse("access_request_detail", args=[filed.pk]),
        {"action": "decide", "verdict": "approve", "reason": "同意查阅"},
    )
    filed.refresh_from_db()
    assert filed.status == RequestStatus.APPROVED
    assert AccessGrant.objects.get(request=filed).user == officer
    client.force_login(officer)
    assert client.get(_gate(photo)).status_code == 200
    mine = client.get(reverse("access_requests") + "?view=mine").content.decode()
    assert filed.number in mine and "已批准" in mine


def test_a_refused_decision_shows_why_and_changes_nothing(
    client, case, officer, head, person_with_role
):
    supervisor = person_with_role("supervisor", case.agency, Role.SUPERVISOR)
    chief = person_with_role("chief", case.agency, Role.CHIEF)
    client.force_login(supervisor)
    client.post(
        reverse("access_request_new"),
        {
            "case_number": case.case_number,
            "kind": "retrieval",
            "reason": "信访复查",
            "days": 7,
        },
    )
    filed = AccessRequest.objects.get()
    assert filed.rule == "retrieval"
    client.force_login(head)
    assert (
        client.get(reverse("access_request_detail", args=[filed.pk])).status_code == 404
    )
    client.force_login(chief)
    response = client.post(
        reverse("access_request_detail", args=[filed.pk]),
        {"action": "decide", "verdict": "refuse", "reason": "不宜提供"},
        follow=True,
    )
    assert "法定事由" in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == RequestStatus.PENDING


def test_outsiders_see_no_request(client, case, officer, other_archivist):
    client.force_login(officer)
    client.post(
        reverse("access_request_new"),
        {
            "case": case.pk,
            "case_number": case.case_number,
            "kind": "view",
            "reason": "复核",
            "days": 7,
        },
        follow=True,  # the success message is shown to the requester only
    )
    filed = AccessRequest.objects.get()
    client.force_login(other_archivist)
    assert (
        client.get(reverse("access_request_detail", args=[filed.pk])).status_code == 404
    )
    listing = client.get(reverse("access_requests") + "?view=all").content.decode()
    assert filed.number not in listing
