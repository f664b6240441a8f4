"""申请查询: the status in the session, what the applicant may see, 补正."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from access_control.disclosure.applications import deadline_for, receipt_confirm
from access_control.disclosure.models import DisclosureFile, Status
from access_control.disclosure.workflow import correction_request
from tests.access_control.disclosure.conftest import APPLICANT_ID, CHINA
from tests.archive_site.pages.conftest import PDF, status_open

pytestmark = pytest.mark.django_db


def _opened(client, pages, application, code):
    response = status_open(client, pages["status"], application.number, code)
    assert response.status_code == 303
    assert response["Location"] == pages["status"].url
    return client.get(pages["status"].url)


def test_the_right_code_shows_the_status_and_nothing_personal(client, pages, submitted):
    application, code = submitted
    response = _opened(client, pages, application, code.lower())

    body = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert "待确认收到" in body and application.number in body
    assert "李*" in body and "李申请" not in body
    assert APPLICANT_ID not in body and application.phone not in body
    assert "提交申请" in body  # the public history


def test_the_due_date_is_the_statutory_clock(client, pages, received):
    application, code = received
    body = _opened(client, pages, application, code).content.decode()

    assert f"{deadline_for(application).due:%Y-%m-%d}" in body
    assert "2026-11-02" in body  # received


def test_a_year_the_calendar_does_not_know_leaves_the_due_date_open(
    client, pages, submitted, disclosure_officer, settings
):
    settings.ARCHIVE_HOLIDAYS_FILE = ""
    application, code = submitted
    with time_machine.travel(dt.datetime(2026, 12, 28, 10, tzinfo=CHINA), tick=False):
        receipt_confirm(
            application, by=disclosure_officer, received_on=dt.date(2026, 12, 28)
        )
        body = _opened(client, pages, application, code).content.decode()

    assert "答复期限待节假日安排公布后确定" in body


def test_the_session_forgets_after_its_lifetime_and_on_exit(client, pages, submitted):
    application, code = submitted
    start = dt.datetime(2026, 11, 2, 10, tzinfo=CHINA)
    with time_machine.travel(start, tick=False):
        _opened(client, pages, application, code)
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert application.number in client.get(pages["status"].url).content.decode()
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        assert 'name="code"' in client.get(pages["status"].url).content.decode()

    _opened(client, pages, application, code)
    client.post(pages["status"].url + "exit/")
    assert 'name="code"' in client.get(pages["status"].url).content.decode()


def test_the_session_key_changes_when_an_application_is_found(client, pages, submitted):
    application, code = submitted
    client.get(pages["status"].url)
    client.session.save()
    before = client.session.session_key

    _opened(client, pages, application, code)

    assert client.session.session_key != before


def test_another_agencys_status_page_does_not_find_it(
    client, pages, submitted, sample_agencies
):
    from archive_site.models import DisclosureStatusPage

    application, code = submitted
    other = DisclosureStatusPage.objects.exclude(pk=pages["status"].pk).get()
    response = status_open(client, other, application.number, code)

    assert "受理编号或查询码不正确" in response.content.decode()


@pytest.fixture
def awaiting_correction(received, disclosure_officer):
    application, code = received
    with time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=CHINA), tick=False):
        correction_request(
            application,
            by=disclosure_officer,
            notice="请写明处罚决定书的文号或作出日期。",
            reply_by=dt.date(2026, 11, 20),
        )
    return application, code


def test_a_correction_is_answered_on_the_status_page(
    client, pages, awaiting_correction
):
    application, code = awaiting_correction
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=CHINA), tick=False):
        body = _opened(client, pages, application, code).content.decode()
        assert "请写明处罚决定书的文号或作出日期。" in body
        assert "2026-11-20" in body
        upload = SimpleUploadedFile("补正.pdf", PDF)
        response = client.post(
            pages["status"].url + "supplement/",
            {"text": "文号为珠应急罚〔2024〕12号。", "attachments": [upload]},
        )

    assert response.status_code == 303
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert application.correction.supplement == "文号为珠应急罚〔2024〕12号。"
    assert application.files.filter(kind=DisclosureFile.Kind.SUPPLEMENT).count() == 1


def test_a_refused_supplement_file_stores_nothing(
    client, pages, awaiting_correction, archive_storage
):
    application, code = awaiting_correction
    before = application.files.count()
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=CHINA), tick=False):
        _opened(client, pages, application, code)
        upload = SimpleUploadedFile("补正.pdf", b"MZ" + b"\0" * 300)
        response = client.post(
            pages["status"].url + "supplement/",
            {"text": "见附件", "attachments": [upload]},
        )

    assert 'role="alert"' in response.content.decode()
    assert "附件“补正.pdf”的内容是" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.AWAITING_CORRECTION
    assert application.files.count() == before


def test_a_late_supplement_gets_the_workflows_message(
    client, pages, awaiting_correction
):
    application, code = awaiting_correction
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=CHINA), tick=False):
        _opened(client, pages, application, code)
        response = client.post(pages["status"].url + "supplement/", {"text": "迟到"})

    assert "补正期限已于 2026年11月20日 届满" in response.content.decode()
