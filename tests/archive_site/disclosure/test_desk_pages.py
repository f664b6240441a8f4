"""The 信息公开 desk's inbox and application page: who sees what, and the log."""

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from access_control.disclosure.applications import application_submit
from access_control.disclosure.models import Status
from access_control.models import (
    AccessAction,
    AccessLogEntry,
    AccessLogHead,
    ReadPurpose,
    Role,
)
from archive_site.admin.access_log_details import access_log_details
from tests.access_control.disclosure.conftest import (
    APPLICANT_ID,
    CHINA,
    applicant_fields,
)
from tests.conftest import person_make

pytestmark = pytest.mark.django_db

NOVEMBER = dt.datetime(2026, 11, 5, 10, tzinfo=CHINA)


def _page(application) -> str:
    return reverse("disclosure_application", args=[application.pk])


def _text(response) -> str:
    return " ".join(
        BeautifulSoup(response.content.decode(), "html.parser").stripped_strings
    )


def test_inbox_lists_own_agency_only_without_personal_data(
    client, sample_agencies, disclosure_officer, submitted
):
    mine, _code = submitted
    theirs, _ = application_submit(
        agency=sample_agencies[1], fields=applicant_fields(name="王别处")
    )
    client.force_login(disclosure_officer)
    response = client.get(reverse("disclosure_inbox"))
    text = _text(response)
    assert response.status_code == 200
    assert mine.number in text and theirs.number not in text
    assert "2024年本局对某餐饮店" in text  # the excerpt of what is asked
    for personal in ("李申请", APPLICANT_ID, "13800138000", "applicant@example.cn"):
        assert personal not in text
    assert not AccessLogEntry.objects.filter(action=AccessAction.VIEW_APPLICATION)


def test_inbox_and_menu_are_for_desk_staff_only(client, agency):
    officer = person_make("zhifa", agency, Role.OFFICER)
    client.force_login(officer)
    response = client.get(reverse("disclosure_inbox"))
    assert response.status_code == 302  # Wagtail's "no permission" redirect
    assert "政府信息公开" not in client.get("/admin/").content.decode()


def test_application_page_logs_the_look_before_showing_personal_data(
    client, disclosure_officer, submitted
):
    application, _code = submitted
    client.force_login(disclosure_officer)
    response = client.get(_page(application))
    text = _text(response)
    assert "李申请" in text and APPLICANT_ID in text
    entry = AccessLogEntry.objects.get(action=AccessAction.VIEW_APPLICATION)
    assert entry.username == disclosure_officer.username
    assert entry.reason == ReadPurpose.DISCLOSURE
    assert entry.data["application"] == application.number
    assert access_log_details(entry.data) == f"受理编号 {application.number}"


def test_no_log_entry_no_personal_data(client, disclosure_officer, submitted):
    application, _code = submitted
    client.force_login(disclosure_officer)
    client.get(_page(application))  # one entry, then the log's head is lost
    AccessLogHead.objects.all().delete()
    response = client.get(_page(application))
    assert response.status_code == 503
    assert "李申请" not in response.content.decode()
    assert AccessLogEntry.objects.count() == 1


@pytest.mark.parametrize("who", ["other_agency", "superuser", "officer_here"])
def test_others_get_the_not_found_of_a_missing_application(
    client, sample_agencies, agency, submitted, who
):
    application, _code = submitted
    people = {
        "other_agency": lambda: person_make(
            "gongkai2", sample_agencies[1], Role.DISCLOSURE_OFFICER
        ),
        "superuser": lambda: _superuser(),
        "officer_here": lambda: person_make("zhifa", agency, Role.OFFICER),
    }
    client.force_login(people[who]())
    assert client.get(_page(application)).status_code == 404
    missing = reverse("disclosure_application", args=[application.pk + 1000])
    assert client.get(missing).status_code == 404
    denied = AccessLogEntry.objects.filter(action=AccessAction.DENIED)
    assert denied.count() == 2
    assert not AccessLogEntry.objects.filter(action=AccessAction.VIEW_APPLICATION)
    assert "李申请" not in client.get(_page(application)).content.decode()


def _superuser():
    user = person_make("root")
    user.is_superuser = True
    user.save()
    return user


def test_anonymous_is_sent_to_the_login(client, submitted):
    application, _code = submitted
    response = client.get(_page(application))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not AccessLogEntry.objects.filter(action=AccessAction.VIEW_APPLICATION)


def test_confirming_the_receipt_shows_the_due_date_and_every_step(
    client, disclosure_officer, agency
):
    with time_machine.travel(NOVEMBER, tick=False):
        application, _code = application_submit(
            agency=agency, fields=applicant_fields()
        )
        client.force_login(disclosure_officer)
        page = _text(client.get(_page(application)))
        assert "通过互联网渠道提交的，以双方确认之日为收到申请之日" in page
        response = client.post(
            reverse("disclosure_action", args=[application.pk, "receipt"]),
            {"received_on": "2026-11-05", "note": "已电话确认"},
            follow=True,
        )
    text = _text(response)
    assert "已确认收到申请" in text
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.find(attrs={"data-testid": "due"}).text == "2026-12-03"
    steps = [li.text for li in soup.find(attrs={"data-testid": "deadline-steps"})("li")]
    assert steps[0] == "收到申请 2026-11-05（不计入）"
    assert steps[-1].startswith("第 20 个工作日 2026-12-03")
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS


def test_a_receipt_refused_by_the_service_is_shown_on_the_page(
    client, disclosure_officer, agency
):
    with time_machine.travel(NOVEMBER, tick=False):
        application, _code = application_submit(
            agency=agency, fields=applicant_fields()
        )
        client.force_login(disclosure_officer)
        response = client.post(
            reverse("disclosure_action", args=[application.pk, "receipt"]),
            {"received_on": "2026-11-04"},
        )
    assert response.status_code == 200
    assert "收到申请日不能早于提交申请的日期。" in _text(response)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_RECEIPT


def test_a_deadline_in_an_unknown_year_is_flagged_not_guessed(
    client, disclosure_officer, agency
):
    # Today (December 2026): 20 working days reach 2027, whose holidays
    # chinese-calendar does not know yet.
    application, _code = application_submit(
        agency=agency, fields=applicant_fields(), channel="in_person"
    )
    client.force_login(disclosure_officer)
    flag = "节假日安排未公布（2027年），期限待定"
    soup = BeautifulSoup(client.get(_page(application)).content.decode(), "html.parser")
    assert soup.find(attrs={"data-testid": "calendar-unknown"}).text == flag
    assert soup.find(attrs={"data-testid": "due"}) is None
    inbox = BeautifulSoup(
        client.get(reverse("disclosure_inbox")).content.decode(), "html.parser"
    )
    assert inbox.find(attrs={"data-testid": "days-left"}).text == flag
    home = BeautifulSoup(client.get("/admin/").content.decode(), "html.parser")
    row = home.find(attrs={"data-testid": "todo-disclosure"}).find(
        "tr", attrs={"data-alert": "true"}
    )
    assert application.number in row.text and flag in row.text


def test_actions_are_refused_like_the_page_and_need_the_csrf_token(
    client, sample_agencies, disclosure_officer, submitted
):
    application, _code = submitted
    url = reverse("disclosure_action", args=[application.pk, "receipt"])
    data = {"received_on": f"{timezone.localdate():%Y-%m-%d}"}
    client.force_login(
        person_make("gongkai2", sample_agencies[1], Role.DISCLOSURE_OFFICER)
    )
    assert client.post(url, data).status_code == 404
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(disclosure_officer)
    assert guarded.post(url, data).status_code == 403
    assert client.get(url).status_code == 405
    application.refresh_from_db()
    assert application.status == Status.AWAITING_RECEIPT


@pytest.mark.parametrize("when", ["november", "today"])
def test_the_inbox_costs_the_same_queries_for_one_or_many(
    client, agency, disclosure_officer, when
):
    # In November the due dates are known; today (December 2026) they reach
    # 2027 and each row's clock is recomputed to name the year.
    def file_one():
        application_submit(
            agency=agency, fields=applicant_fields(), channel="in_person"
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("disclosure_inbox")).status_code == 200
        return len(captured)

    client.force_login(disclosure_officer)
    moment = NOVEMBER if when == "november" else timezone.now()
    with time_machine.travel(moment, tick=False):
        file_one()
        one = queries()
        for _ in range(4):
            file_one()
        assert queries() == one
