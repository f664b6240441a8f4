"""A 政府信息公开 world: the agency's 信息公开 staff and applications."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from access_control.disclosure.applications import application_submit, receipt_confirm
from access_control.disclosure.models import Channel
from access_control.models import Role
from tests.conftest import person_make

# A real-looking 居民身份证 number with a valid check digit (GB 11643-1999).
CHINA = ZoneInfo("Asia/Shanghai")
APPLICANT_ID = "11010519491231002X"


def applicant_fields(**changes) -> dict:
    """The cleaned fields of a complete application by a citizen."""
    fields = {
        "applicant_type": "person",
        "organisation_kind": "",
        "name": "李申请",
        "id_kind": "resident_id",
        "id_number": APPLICANT_ID,
        "contact_person": "",
        "phone": "13800138000",
        "email": "applicant@example.cn",
        "address": "江苏省南京市玄武区北京东路41号",
        "postcode": "210008",
        "description": "2024年本局对某餐饮店作出的行政处罚决定书及其送达回证",
        "delivery_form": "download",
        "pickup_method": "online",
    }
    fields.update(changes)
    return fields


@pytest.fixture
def agency(sample_agencies):
    return sample_agencies[0]


@pytest.fixture
def disclosure_officer(agency):
    return person_make("gongkai", agency, Role.DISCLOSURE_OFFICER)


@pytest.fixture
def disclosure_head(agency):
    return person_make("gongkai_head", agency, Role.DISCLOSURE_HEAD)


@pytest.fixture
def submitted(agency):
    """An online application and its 查询码, waiting for the receipt step."""
    return application_submit(agency=agency, fields=applicant_fields())


@pytest.fixture
def received(agency, disclosure_officer):
    """An online application filed and confirmed on Mon 2 Nov 2026 (China)."""
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=CHINA), tick=False):
        application, code = application_submit(agency=agency, fields=applicant_fields())
        receipt_confirm(
            application, by=disclosure_officer, received_on=dt.date(2026, 11, 2)
        )
    application.refresh_from_db()
    return application, code


__all__ = ["APPLICANT_ID", "CHINA", "Channel", "applicant_fields"]
