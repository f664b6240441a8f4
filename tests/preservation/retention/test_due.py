"""The due list over time, with a frozen clock: due the day after the 届满日."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from dossiers.models import DossierState
from preservation.retention.due import (
    dossiers_due,
    due_counts_by_year,
    due_list,
    due_rows,
    end_of_this_year,
)
from preservation.retention.holds import hold_place
from tests.conftest import person_make
from tests.dossiers.factories import make_agency, make_case
from tests.preservation.retention.helpers import sealed_dossier, sealed_row

pytestmark = pytest.mark.django_db


def at(year: int, month: int = 6, day: int = 1) -> dt.datetime:
    return dt.datetime(year, month, day, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def user():
    return get_user_model().objects.create_user("archivist")


def test_a_case_closed_in_1992_is_due_in_2024_not_2023(user, time_machine):
    time_machine.move_to(at(1993, 1, 8), tick=False)
    dossier = sealed_dossier(
        user, closed_on=dt.date(1992, 12, 21), transferred_on=dt.date(1993, 1, 8)
    )
    assert dossier.retention_start == dt.date(1994, 1, 1)
    assert dossier.retention_end == dt.date(2023, 12, 31)
    time_machine.move_to(at(2023, 12, 31), tick=False)
    assert end_of_this_year() == dt.date(2023, 12, 31)
    assert not dossiers_due(by=end_of_this_year()).exists()
    time_machine.move_to(at(2024, 1, 2), tick=False)
    assert list(dossiers_due(by=end_of_this_year())) == [dossier]
    assert due_rows([dossier])[0].due_on == dt.date(2024, 1, 1)


def test_late_december_closing_without_a_transfer_date_counts_from_the_deadline(
    user,
):
    # 000 §33 allowed archiving until 10 January 1993 (20 days): counted from 1994.
    dossier = sealed_dossier(user, closed_on=dt.date(1992, 12, 21))
    assert dossier.retention_end == dt.date(2023, 12, 31)
    early = sealed_dossier(user, closed_on=dt.date(1992, 6, 10))
    assert early.retention_end == dt.date(2022, 12, 31)


def test_a_permanent_dossier_is_never_due(user):
    sealed_dossier(user, closed_on=dt.date(1960, 1, 5), long_term_triggers=["other"])
    assert not dossiers_due(by=dt.date(9999, 12, 31)).exists()


def test_only_sealed_current_versions_are_listed():
    case = make_case()
    sealed_row(case, retention_end=dt.date(2000, 12, 31), code="A")
    superseded = sealed_row(make_case(), retention_end=dt.date(2000, 12, 31))
    type(superseded).objects.filter(pk=superseded.pk).update(
        state=DossierState.SUPERSEDED
    )
    assert [d.archival_code for d in dossiers_due(by=dt.date(2026, 1, 1))] == ["A"]


def test_held_cases_are_listed_with_their_hold():
    case = make_case()
    sealed_row(case, retention_end=dt.date(2000, 12, 31))
    chief = person_make("chief", case.agency, "chief")
    hold_place(case=case, kind="petition", reason="信访未结", user=chief)
    (row,) = due_rows(dossiers_due(by=dt.date(2026, 1, 1)))
    assert row.held and row.as_dict()["holds"][0]["kind"] == "信访"


def test_agencies_narrow_the_list_and_the_counts():
    mine, theirs = make_agency(), make_agency()
    for year in (2025, 2026, 2026, 2030):
        sealed_row(make_case(mine), retention_end=dt.date(year, 12, 31))
    sealed_row(make_case(theirs), retention_end=dt.date(2026, 12, 31))
    sealed_row(make_case(mine), retention_end=dt.date(1990, 12, 31))
    counts = due_counts_by_year(agencies=[mine.pk], first_year=2026)
    assert counts[:2] == [(2026, 2), (2027, 2)] and counts[5] == (2031, 1)
    assert len(counts) == 10 and sum(n for _, n in counts) == 5


def test_the_query_uses_the_retention_end_index():
    sql, params = dossiers_due(by=dt.date(2026, 12, 31)).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test's tables are tiny, so PostgreSQL would rather scan them:
            # ask whether the index can serve the query at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "dossier_retention_end_idx" in plan


def test_the_streamed_list_reads_as_the_rows_do():
    case = make_case()
    sealed_row(case, retention_end=dt.date(2000, 12, 31), code="A")
    sealed_row(make_case(), retention_end=dt.date(2001, 12, 31), code="B")
    chief = person_make("chief", case.agency, "chief")
    hold_place(case=case, kind="audit", reason="审计", user=chief)
    by = dt.date(2026, 1, 1)
    rows = [row.as_dict() for row in due_rows(dossiers_due(by=by))]
    assert list(due_list(by=by)) == rows and rows[0]["held"]
