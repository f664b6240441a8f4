"""The statutory clock of a 政府信息公开 application (条例 Art. 30, 32, 33):
20 working days after the day of receipt (40 with the extension), 调休
included, restarted by a 补正, paused spans not counted, an unknown year
flagged and never guessed.

The calendar facts each case relies on are checked with chinese_calendar
itself, so a test fails on its premise, not on a silent change of data."""

import datetime as dt
import json

import chinese_calendar
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from access_control.disclosure.deadlines import (
    CalendarUnknown,
    DeadlineInputError,
    disclosure_deadline,
)

D = dt.date


def _days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def _counted(start, due, paused=()):
    """Working days after `start` up to `due`, paused spans left out."""
    return sum(
        chinese_calendar.is_workday(day)
        for day in _days(start + dt.timedelta(days=1), due)
        if not any(a <= day <= b for a, b in paused)
    )


def test_national_day_2026_with_its_make_up_saturday():
    assert not any(
        chinese_calendar.is_workday(d) for d in _days(D(2026, 10, 1), D(2026, 10, 7))
    )
    assert chinese_calendar.is_workday(D(2026, 10, 10))  # a Saturday
    assert D(2026, 10, 10).weekday() == 5

    deadline = disclosure_deadline(D(2026, 9, 28))

    assert deadline.due == D(2026, 10, 30)
    assert _counted(D(2026, 9, 28), deadline.due) == 20
    assert chinese_calendar.is_workday(deadline.due)
    assert deadline.steps[0] == "收到申请 2026-09-28（不计入）"
    assert "国庆节 10-01 至 10-07 不计" in deadline.steps
    assert "2026-10-10（星期六）国庆节调休上班，计入" in deadline.steps
    assert deadline.steps[-1] == "第 20 个工作日 2026-10-30（星期五）：答复期限届满"


def test_national_day_2025_with_a_make_up_sunday_and_saturday():
    assert chinese_calendar.is_workday(D(2025, 9, 28))  # Sunday
    assert chinese_calendar.is_workday(D(2025, 10, 11))  # Saturday
    assert not any(
        chinese_calendar.is_workday(d) for d in _days(D(2025, 10, 1), D(2025, 10, 8))
    )

    deadline = disclosure_deadline(D(2025, 9, 26))

    assert deadline.due == D(2025, 10, 30)
    assert _counted(D(2025, 9, 26), deadline.due) == 20
    assert "2025-09-28（星期日）国庆节调休上班，计入" in deadline.steps
    assert "国庆节 10-01 至 10-08 不计" in deadline.steps
    assert "2025-10-11（星期六）国庆节调休上班，计入" in deadline.steps


def test_spring_festival_2026():
    assert not any(
        chinese_calendar.is_workday(d) for d in _days(D(2026, 2, 15), D(2026, 2, 23))
    )
    assert chinese_calendar.is_workday(D(2026, 2, 14))
    assert chinese_calendar.is_workday(D(2026, 2, 28))

    deadline = disclosure_deadline(D(2026, 2, 10))

    assert deadline.due == D(2026, 3, 16)
    assert _counted(D(2026, 2, 10), deadline.due) == 20
    assert "春节 02-15 至 02-23 不计" in deadline.steps
    assert "2026-02-28（星期六）春节调休上班，计入" in deadline.steps


def test_a_year_end_counts_through_new_year():
    assert not any(
        chinese_calendar.is_workday(d) for d in _days(D(2026, 1, 1), D(2026, 1, 3))
    )
    assert chinese_calendar.is_workday(D(2026, 1, 4))  # Sunday

    deadline = disclosure_deadline(D(2025, 12, 25))

    assert deadline.due == D(2026, 1, 23)
    assert _counted(D(2025, 12, 25), deadline.due) == 20
    assert "元旦 01-01 至 01-03 不计" in deadline.steps


def test_the_day_of_receipt_is_not_counted_even_on_a_working_day():
    # Received Monday 2026-03-02: the first day counted is Tuesday.
    assert chinese_calendar.is_workday(D(2026, 3, 2))
    deadline = disclosure_deadline(D(2026, 3, 2))
    assert _counted(D(2026, 3, 2), deadline.due) == 20
    assert _counted(D(2026, 3, 1), deadline.due) == 21


def test_the_extension_makes_it_the_40th_working_day():
    deadline = disclosure_deadline(D(2026, 2, 10), extension=True)

    assert deadline.due == D(2026, 4, 14)
    assert _counted(D(2026, 2, 10), deadline.due) == 40
    assert any("延长答复期限 20 个工作日" in step for step in deadline.steps)
    assert deadline.steps[-1].startswith("第 40 个工作日 2026-04-14")


def test_a_correction_restarts_the_count_from_the_supplement():
    deadline = disclosure_deadline(D(2026, 9, 1), corrected=D(2026, 9, 28))

    assert deadline.due == disclosure_deadline(D(2026, 9, 28)).due == D(2026, 10, 30)
    assert deadline.steps[:2] == (
        "收到申请 2026-09-01（不计入）",
        "收到补正材料 2026-09-28，答复期限重新起算（不计入）",
    )
    # A supplement received the same day as the application is allowed.
    assert disclosure_deadline(D(2026, 9, 28), corrected=D(2026, 9, 28)).due == D(
        2026, 10, 30
    )


def test_paused_spans_are_not_counted():
    paused = [(D(2026, 10, 12), D(2026, 10, 16))]
    assert all(chinese_calendar.is_workday(d) for d in _days(*paused[0]))

    deadline = disclosure_deadline(D(2026, 9, 28), paused=paused)

    assert deadline.due == D(2026, 11, 6)
    assert _counted(D(2026, 9, 28), deadline.due, paused) == 20
    assert (
        "暂停计算 10-12 至 10-16 不计（征求第三方意见等，第三十三条第三款）"
        in deadline.steps
    )


def test_several_paused_spans_overlapping_a_holiday_or_before_receipt():
    paused = [
        (D(2026, 9, 1), D(2026, 9, 20)),  # before receipt: changes nothing
        (D(2026, 10, 5), D(2026, 10, 9)),  # over the end of the holiday
        (D(2026, 10, 20), D(2026, 10, 20)),
    ]
    deadline = disclosure_deadline(D(2026, 9, 28), paused=paused)

    assert _counted(D(2026, 9, 28), deadline.due, paused) == 20
    assert deadline.due == D(2026, 11, 4)  # 10-08, 10-09 and 10-20 not counted
    assert (
        "暂停计算 10-05 至 10-09 不计（征求第三方意见等，第三十三条第三款）"
        in deadline.steps
    )
    assert not any("09-01" in step for step in deadline.steps)


def test_a_year_the_calendar_does_not_know_is_flagged_not_guessed():
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(2027, 1, 4))
    with pytest.raises(CalendarUnknown) as raised:
        disclosure_deadline(D(2026, 12, 10))
    assert raised.value.year == 2027


def test_impossible_dates_are_refused():
    with pytest.raises(DeadlineInputError):
        disclosure_deadline(D(2026, 10, 20), corrected=D(2026, 10, 19))
    with pytest.raises(DeadlineInputError):
        disclosure_deadline(
            D(2026, 10, 20), paused=[(D(2026, 10, 22), D(2026, 10, 21))]
        )


def _run(*args):
    from io import StringIO

    out = StringIO()
    call_command("disclosure_deadline", *args, stdout=out)
    return out.getvalue()


def test_the_command_answers_json():
    data = json.loads(
        _run(
            "2026-09-01",
            "--corrected",
            "2026-09-28",
            "--extension",
            "--paused",
            "2026-10-12",
            "2026-10-16",
            "--paused",
            "2026-11-02",
            "2026-11-02",
            "--json",
        )
    )
    assert set(data) == {"due", "steps"}
    expected = disclosure_deadline(
        D(2026, 9, 1),
        extension=True,
        corrected=D(2026, 9, 28),
        paused=[(D(2026, 10, 12), D(2026, 10, 16)), (D(2026, 11, 2), D(2026, 11, 2))],
    )
    assert data == {"due": expected.due.isoformat(), "steps": list(expected.steps)}
    assert "答复期限：2026-10-30" in _run("2026-09-28")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-02-30"], "RECEIVED_DATE 应为 YYYY-MM-DD"),
        (["2026-10-20", "--corrected", "2026-10-xx"], "--corrected 应为 YYYY-MM-DD"),
        (["2026-10-20", "--paused", "2026-10-22", "x"], "--paused 应为 YYYY-MM-DD"),
        (["2026-10-20", "--paused", "2026-10-22", "2026-10-21"], "晚于结束日"),
        (["2026-10-20", "--corrected", "2026-10-01"], "早于申请收到日"),
        (["2026-12-10"], "节假日安排数据未收录 2027 年"),
    ],
)
def test_the_command_refuses_in_one_line(args, message):
    with pytest.raises(CommandError) as raised:
        _run(*args)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
