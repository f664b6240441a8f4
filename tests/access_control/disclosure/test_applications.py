"""Filing an application, finding it by number and code, and its clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from access_control.disclosure.applications import (
    ReceiptError,
    application_find,
    application_submit,
    deadline_for,
    query_code_format,
    receipt_confirm,
)
from access_control.disclosure.deadlines import CalendarUnknown
from access_control.disclosure.models import (
    Channel,
    DisclosureApplication,
    DisclosureFile,
    EventKind,
    Status,
)
from preservation.selectors import objects_unreferenced
from tests.access_control.disclosure.conftest import applicant_fields

pytestmark = pytest.mark.django_db
CHINA = ZoneInfo("Asia/Shanghai")


def test_an_online_application_gets_a_number_and_a_code_that_find_it(agency):
    application, code = application_submit(agency=agency, fields=applicant_fields())
    year = application.submitted_at.year
    assert application.number.startswith(f"GK{year}-")
    assert application.status == Status.AWAITING_RECEIPT
    assert application.due_on is None  # an online one waits for the confirm step
    assert code not in application.query_code_digest
    assert application_find(application.number, code) == application
    # people type the code as shown, in groups, in lower case
    assert application_find(application.number, query_code_format(code).lower())
    assert [e.kind for e in application.events.all()] == [EventKind.SUBMITTED]


def test_an_unknown_number_and_a_wrong_code_are_the_same_none(submitted):
    application, code = submitted
    assert application_find(application.number, "AAAA-BBBB-CCCC") is None
    assert application_find("GK2026-999999", code) is None


def test_numbers_count_up_within_the_year(agency):
    first, _ = application_submit(agency=agency, fields=applicant_fields())
    second, _ = application_submit(agency=agency, fields=applicant_fields())
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


@time_machine.travel(dt.datetime(2026, 9, 25, 10, tzinfo=CHINA), tick=False)
def test_an_application_handed_in_is_received_that_day(agency):
    application, _ = application_submit(
        agency=agency, fields=applicant_fields(), channel=Channel.IN_PERSON
    )
    assert application.status == Status.IN_PROGRESS
    assert application.received_on == dt.date(2026, 9, 25)
    # Sat 26 Sep 2026 is not a make-up day; 国庆 1–7 Oct and Sun 27 Sep …
    assert application.due_on == deadline_for(application).due


@time_machine.travel(dt.datetime(2026, 12, 4, 10, tzinfo=CHINA), tick=False)
def test_a_due_date_in_a_year_the_calendar_does_not_know_is_left_open(agency):
    application, _ = application_submit(
        agency=agency, fields=applicant_fields(), channel=Channel.IN_PERSON
    )
    assert application.status == Status.IN_PROGRESS
    assert application.due_on is None  # 2027 is not known: never guessed
    with pytest.raises(CalendarUnknown):
        deadline_for(application)


def test_the_receipt_confirm_step_starts_the_clock(received):
    application, _ = received
    assert application.received_on == dt.date(2026, 11, 2)
    deadline = deadline_for(application)
    # 20 working days after Mon 2 Nov 2026 (no holidays): Mon 30 Nov
    assert deadline.due == dt.date(2026, 11, 30)
    assert application.due_on == dt.date(2026, 11, 30)


def test_a_receipt_cannot_be_confirmed_twice(received, disclosure_officer):
    application, _ = received
    with pytest.raises(ReceiptError, match="已确认收到"):
        receipt_confirm(
            application, by=disclosure_officer, received_on=dt.date(2026, 11, 3)
        )


def test_an_attachment_is_kept_by_content_and_never_collected(agency, tmp_path):
    scan = tmp_path / "身份证.png"
    from PIL import Image

    Image.new("RGB", (40, 20), "white").save(scan, "PNG")
    application, _ = application_submit(
        agency=agency, fields=applicant_fields(), attachments=[("身份证.png", scan)]
    )
    stored = application.files.get()
    assert stored.kind == DisclosureFile.Kind.ATTACHMENT
    assert stored.media_type == "image/png"
    assert objects_unreferenced([stored.digest]) == set()


def test_an_executable_attachment_is_refused_and_nothing_is_stored(agency, tmp_path):
    program = tmp_path / "scan.pdf"
    program.write_bytes(b"\x7fELF\x02\x01\x01" + b"\0" * 200)
    with pytest.raises(ValidationError, match=r"scan\.pdf"):
        application_submit(
            agency=agency,
            fields=applicant_fields(),
            attachments=[("scan.pdf", program)],
        )
    assert not DisclosureApplication.objects.exists()
