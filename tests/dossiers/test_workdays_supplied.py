"""A year chinese-calendar does not know, entered from the State Council's notice."""

import datetime as dt
import json

import pytest

from access_control.disclosure.deadlines import disclosure_deadline
from dossiers.workdays import (
    CalendarFileError,
    CalendarUnknown,
    holiday_name,
    is_workday,
)

# An arrangement shaped like the State Council's notices (not a real one).
YEAR_2027 = {
    "2027": {
        "source": "国办发明电〔2026〕X号（测试用）",
        "holidays": [
            ["2027-01-01", "2027-01-03", "元旦"],
            ["2027-02-05", "2027-02-13", "春节"],
        ],
        "workdays": ["2027-01-30", "2027-02-20"],
    }
}


@pytest.fixture
def holidays_file(settings, tmp_path):
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps(YEAR_2027, ensure_ascii=False), "utf-8")
    settings.ARCHIVE_HOLIDAYS_FILE = str(path)
    return path


def test_an_unknown_year_is_refused_without_the_file():
    with pytest.raises(CalendarUnknown, match="2027"):
        is_workday(dt.date(2027, 1, 4))


def test_the_file_gives_holidays_and_make_up_days(holidays_file):
    assert is_workday(dt.date(2027, 1, 4))  # a Monday
    assert not is_workday(dt.date(2027, 2, 8))  # a Monday of 春节
    assert is_workday(dt.date(2027, 1, 30))  # a make-up Saturday
    assert not is_workday(dt.date(2027, 1, 9))  # an ordinary Saturday
    assert holiday_name(dt.date(2027, 2, 8)) == "春节"
    assert holiday_name(dt.date(2027, 1, 4)) is None
    with pytest.raises(CalendarUnknown, match="2028"):
        is_workday(dt.date(2028, 1, 4))


def test_a_disclosure_deadline_runs_into_the_supplied_year(holidays_file):
    deadline = disclosure_deadline(dt.date(2026, 12, 28))
    # Dec 29–31 (3), Jan 4–8 (5), 11–15 (5), 18–22 (5), 25 and 26 (2): 20
    assert deadline.due == dt.date(2027, 1, 26)
    assert any("元旦" in step for step in deadline.steps)


def test_a_malformed_file_is_named(settings, tmp_path):
    path = tmp_path / "holidays.json"
    path.write_text('{"2027": {"holidays": [["2027-02-13", "2027-02-05"]]}}', "utf-8")
    settings.ARCHIVE_HOLIDAYS_FILE = str(path)
    with pytest.raises(CalendarFileError, match=r"holidays\.json"):
        is_workday(dt.date(2027, 2, 8))
