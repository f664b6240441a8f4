"""Retention counting (000 §33–34) and the schedule provider hook."""

import datetime as dt

import pytest

from dossiers.models import Dossier
from dossiers.services.retention import archived_on, retention_dates, retention_for
from tests.dossiers.factories import make_case

pytestmark = pytest.mark.django_db


def dates(case, retention="30y"):
    return retention_dates(Dossier(case=case, retention=retention))


def test_counted_from_the_year_after_the_transfer():
    case = make_case(closed_on=dt.date(2025, 4, 30), transferred_on=dt.date(2026, 2, 1))
    assert archived_on(case) == dt.date(2026, 2, 1)
    assert dates(case) == (dt.date(2027, 1, 1), dt.date(2056, 12, 31))


def test_without_a_transfer_date_the_archiving_deadline_stands_in():
    december = make_case(opened_on=None, closed_on=dt.date(2025, 12, 20))
    assert archived_on(december) == dt.date(2026, 1, 9)  # 20 days (000 §33)
    assert dates(december)[0] == dt.date(2027, 1, 1)
    assert dates(make_case())[1] == dt.date(2055, 12, 31)


def test_permanent_has_no_end_and_ten_years_ends_in_the_tenth():
    case = make_case()
    assert dates(case, "permanent") == (dt.date(2026, 1, 1), None)
    assert dates(case, "10y")[1] == dt.date(2035, 12, 31)


def test_preservation_registers_the_agency_schedule():
    from dossiers.services import retention
    from preservation.retention.schedule import retention_rule_in_force

    assert retention_rule_in_force in retention._providers
    assert retention_for(make_case())[0] == "30y"
