"""Paper on the 信息公开 desk: registering an application (Art. 31) and
recording a 补正 that came on paper or by post (Art. 30), through the pages.

The clock travels to November 2026, whose working days chinese-calendar knows
(20 working days from then stay inside 2026).
"""

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from access_control.disclosure import workflow
from access_control.disclosure.applications import application_find
from access_control.disclosure.models import (
    Channel,
    DisclosureApplication,
    DisclosureFile,
    EventKind,
    Status,
)
from access_control.models import AccessAction, AccessLogEntry, Role
from access_control.roles import membership_set
from tests.access_control.disclosure.conftest import CHINA, applicant_fields
from tests.conftest import person_make

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXECUTABLE = b"MZ" + b"\0" * 300
REGISTER = "/admin/archive/disclosure/new/"


def _at(day: int, month: int = 11):
    return time_machine.travel(
        dt.datetime(2026, month, day, 10, tzinfo=CHINA), tick=False
    )


def _text(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(soup.stripped_strings)


def _testid(response, name: str) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    found = soup.find(attrs={"data-testid": name})
    return found.get_text(strip=True) if found else ""


def _register(client, **changes):
    data = {**applicant_fields(), "channel": Channel.IN_PERSON, **changes}
    return client.post(reverse("disclosure_register"), data)


def _stored(storage) -> list:
    return [p for p in (storage / "objects").rglob("*") if p.is_file()]


def test_the_register_page_is_under_the_desk_and_linked_from_the_inbox(
    client, disclosure_officer
):
    client.force_login(disclosure_officer)
    assert reverse("disclosure_register") == REGISTER
    inbox = client.get(reverse("disclosure_inbox"))
    assert REGISTER in inbox.content.decode()
    page = client.get(REGISTER)
    assert page.status_code == 200
    assert "签收日期" in _text(page)
    assert "受理机关" not in _text(page)  # one desk agency: no choice


def test_an_application_handed_in_is_received_today_with_its_due_date(
    client, disclosure_officer, archive_storage
):
    client.force_login(disclosure_officer)
    scan = SimpleUploadedFile("申请书.pdf", PDF, content_type="application/pdf")
    with _at(2):
        response = _register(client, attachments=[scan])
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    number = _testid(response, "application-number")
    application = DisclosureApplication.objects.get(number=number)
    assert application_find(number, _testid(response, "query-code")) == application
    assert application.channel == Channel.IN_PERSON
    assert application.status == Status.IN_PROGRESS
    assert application.received_on == dt.date(2026, 11, 2)
    # 20 working days from Mon 2 Nov 2026, that day not counted: Mon 30 Nov.
    assert application.due_on == dt.date(2026, 11, 30)
    assert _testid(response, "due") == "2026-11-30"
    page = reverse("disclosure_application", args=[application.pk])
    assert page in response.content.decode()
    submitted = application.events.get(kind=EventKind.SUBMITTED)
    assert submitted.by == disclosure_officer
    assert application.submitted_from is None
    assert application.files.get().file_name == "申请书.pdf"
    assert len(_stored(archive_storage)) >= 1


def test_a_posted_application_is_received_on_the_day_signed_for(
    client, disclosure_officer
):
    client.force_login(disclosure_officer)
    with _at(4):
        response = _register(client, channel=Channel.POST, signed_on="2026-10-30")
    application = DisclosureApplication.objects.get(
        number=_testid(response, "application-number")
    )
    assert application.channel == Channel.POST
    assert application.received_on == dt.date(2026, 10, 30)
    # 20 working days from Fri 30 Oct 2026, that day not counted: Fri 27 Nov.
    assert application.due_on == dt.date(2026, 11, 27)
    received = application.events.get(kind=EventKind.RECEIVED)
    assert received.by == disclosure_officer


def test_a_faxed_application_waits_for_both_sides_to_confirm(
    client, disclosure_officer
):
    client.force_login(disclosure_officer)
    with _at(2):
        response = _register(client, channel=Channel.FAX)
    application = DisclosureApplication.objects.get(
        number=_testid(response, "application-number")
    )
    assert application.status == Status.AWAITING_RECEIPT
    assert application.received_on is None
    assert "待确认" in _testid(response, "received")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"channel": Channel.POST, "signed_on": "2026-11-03"}, "不能晚于今天"),
        ({"channel": Channel.POST}, "请填写“签收日期”"),
        ({"signed_on": "2026-11-02"}, "只有邮寄的申请才填写"),
        ({"id_number": "110105194912310021"}, "校验码应为 X"),
    ],
)
def test_a_refused_registration_stores_nothing(
    client, disclosure_officer, archive_storage, changes, message
):
    client.force_login(disclosure_officer)
    scan = SimpleUploadedFile("申请书.pdf", PDF)
    with _at(2):
        response = _register(client, attachments=[scan], **changes)
    assert response.status_code == 200
    assert message in _testid(response, "register-errors")
    assert "query-code" not in response.content.decode()
    assert not DisclosureApplication.objects.exists()
    assert _stored(archive_storage) == []


def test_an_executable_scan_is_refused_before_anything_is_stored(
    client, disclosure_officer, archive_storage
):
    client.force_login(disclosure_officer)
    good = SimpleUploadedFile("申请书.pdf", PDF)
    bad = SimpleUploadedFile("证件.pdf", EXECUTABLE)
    with _at(2):
        response = _register(client, attachments=[good, bad])
    assert "附件“证件.pdf”的内容是" in _testid(response, "register-errors")
    assert not DisclosureApplication.objects.exists()
    assert _stored(archive_storage) == []


def test_staff_of_several_agencies_choose_the_agency(
    client, sample_agencies, disclosure_officer
):
    membership_set(
        user=disclosure_officer,
        agency=sample_agencies[1],
        role=Role.DISCLOSURE_OFFICER,
    )
    client.force_login(disclosure_officer)
    with _at(2):
        unchosen = _register(client)
        assert "请选择“受理机关”" in _testid(unchosen, "register-errors")
        _register(client, agency=sample_agencies[1].pk)
    assert DisclosureApplication.objects.get().agency == sample_agencies[1]


@pytest.mark.parametrize("role", [Role.OFFICER, Role.ARCHIVIST])
def test_only_desk_staff_register(client, agency, role):
    client.force_login(person_make("zhifa", agency, role))
    assert client.get(REGISTER).status_code == 404
    with _at(2):
        assert _register(client).status_code == 404
    assert not DisclosureApplication.objects.exists()
    denied = AccessLogEntry.objects.filter(action=AccessAction.DENIED)
    assert denied.count() == 2


def _awaiting_supplement(received, officer):
    application, _code = received
    with _at(4):
        workflow.correction_request(
            application, by=officer, notice="请写明文号", reply_by=dt.date(2026, 11, 20)
        )
    application.refresh_from_db()
    return application


def _supplement(client, application, **data):
    url = reverse("disclosure_action", args=[application.pk, "supplement"])
    return client.post(url, {"text": "文号见来信", **data}, follow=True)


def test_a_posted_supplement_is_recorded_from_the_day_it_came(
    client, disclosure_officer, received, archive_storage
):
    application = _awaiting_supplement(received, disclosure_officer)
    client.force_login(disclosure_officer)
    with _at(18):
        page = client.get(reverse("disclosure_application", args=[application.pk]))
        assert "登记补正（纸质或邮寄）" in _text(page)
        letter = SimpleUploadedFile("补正信.pdf", PDF)
        done = _supplement(
            client, application, received_on="2026-11-13", attachments=[letter]
        )
    assert "已登记补正，收到补正日 2026-11-13" in _text(done)
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert application.correction.supplied_on == dt.date(2026, 11, 13)
    # 20 working days from Fri 13 Nov 2026, that day not counted: Fri 11 Dec.
    assert application.due_on == dt.date(2026, 12, 11)
    supplied = application.files.get(kind=DisclosureFile.Kind.SUPPLEMENT)
    assert supplied.created_by == disclosure_officer
    assert application.events.get(kind=EventKind.SUPPLEMENTED).by == disclosure_officer


@pytest.mark.parametrize(
    ("day", "attachment", "message"),
    [
        ("2026-11-19", PDF, "收到补正日不能晚于今天"),
        ("2026-11-03", PDF, "不能早于告知补正之日"),
        ("2026-11-13", EXECUTABLE, "附件“补正信.pdf”的内容是"),
    ],
)
def test_a_refused_supplement_stores_nothing(
    client, disclosure_officer, received, archive_storage, day, attachment, message
):
    application = _awaiting_supplement(received, disclosure_officer)
    client.force_login(disclosure_officer)
    letter = SimpleUploadedFile("补正信.pdf", attachment)
    with _at(18):
        refused = _supplement(
            client, application, received_on=day, attachments=[letter]
        )
    assert message in _text(refused)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_CORRECTION
    assert not application.files.filter(kind=DisclosureFile.Kind.SUPPLEMENT)
