"""Working-day deadlines never guess a year the holiday calendar does not know."""

import datetime as dt

import pytest

from dossiers.rules import case_check
from dossiers.workdays import CalendarUnknown, add_working_days
from tests.dossiers.factories import add_av, make_agency, make_case

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))


def test_a_count_into_an_unknown_year_names_the_year():
    # chinese-calendar 1.11.0 knows 2004–2026; New Year's Eve 2026 counts into 2027.
    with pytest.raises(CalendarUnknown) as raised:
        add_working_days(dt.datetime(2026, 12, 31, 10, tzinfo=CST), 2)
    assert raised.value.year == 2027
    due = add_working_days(dt.datetime(2026, 12, 24, 10, tzinfo=CST), 2)
    assert due.date() == dt.date(2026, 12, 28)


def _stored_after_new_year(stored_at: str):
    case = make_case(make_agency(av_upload_deadline="2wd"))
    add_av(
        case,
        "interview",
        recorded_from="2026-12-31T09:00:00+08:00",
        recorded_to="2026-12-31T10:00:00+08:00",
        stored_at=stored_at,
    )
    return {f.code: f for f in case_check(case, archived_on=dt.date(2027, 1, 20))}


def test_storage_rule_says_it_cannot_judge_instead_of_guessing():
    found = _stored_after_new_year("2027-01-05T09:00:00+08:00")
    assert "av_stored_late" not in found
    flag = found["av_storage_deadline_unknown"]
    assert flag.severity == "info" and "未收录 2027 年" in flag.message
    assert "请人工核对" in flag.message


def test_storage_within_two_calendar_days_is_on_time_whatever_the_calendar():
    found = _stored_after_new_year("2027-01-02T20:00:00+08:00")
    assert "av_stored_late" not in found
    assert "av_storage_deadline_unknown" not in found
