"""The 保密审查 read: what is linked to an open application opens to the
agency's 信息公开 staff through the gate, logged; nothing else does."""

import pytest
from django.urls import reverse

from access_control.disclosure.applications import application_submit
from access_control.disclosure.models import (
    DisclosureApplication,
    DisclosureLink,
    Status,
)
from access_control.models import AccessAction, AccessLogEntry, ReadPurpose, Role
from tests.access_control.disclosure.conftest import applicant_fields
from tests.conftest import person_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(ingested_case):
    officer = person_make("gongkai", ingested_case.agency, Role.DISCLOSURE_OFFICER)
    application, _code = application_submit(
        agency=ingested_case.agency, fields=applicant_fields(), channel="in_person"
    )
    return officer, application


def _content(material) -> str:
    return reverse("access_control:material_content", args=[material.pk])


def _materials(case):
    return list(case.materials.order_by("sequence")[:2])


def test_a_linked_case_opens_for_the_review_and_is_logged(client, ingested_case, desk):
    officer, application = desk
    first, _second = _materials(ingested_case)
    client.force_login(officer)
    assert client.get(_content(first)).status_code == 403  # not linked yet
    DisclosureLink.objects.create(
        application=application, case=ingested_case, linked_by=officer
    )
    response = client.get(_content(first))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.filter(action=AccessAction.VIEW_CONTENT).get()
    assert entry.username == officer.username
    assert entry.reason == ReadPurpose.DISCLOSURE
    assert entry.data["application"] == application.number


def test_a_linked_material_opens_alone(client, ingested_case, desk):
    officer, application = desk
    first, second = _materials(ingested_case)
    DisclosureLink.objects.create(
        application=application, case=ingested_case, material=first, linked_by=officer
    )
    client.force_login(officer)
    assert client.get(_content(first)).status_code == 200
    assert client.get(_content(second)).status_code == 403


def test_unlinked_answered_or_other_staff_stay_closed(
    client, ingested_case, desk, sample_agencies
):
    officer, application = desk
    first, _second = _materials(ingested_case)
    DisclosureLink.objects.create(
        application=application, case=ingested_case, linked_by=officer
    )
    other = next(a for a in sample_agencies if a.pk != ingested_case.agency_id)
    elsewhere = person_make("gongkai2", other, Role.DISCLOSURE_OFFICER)
    client.force_login(elsewhere)
    assert client.get(_content(first)).status_code == 404
    DisclosureApplication.objects.filter(pk=application.pk).update(
        status=Status.ANSWERED
    )
    client.force_login(officer)
    assert client.get(_content(first)).status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessAction.VIEW_CONTENT)
