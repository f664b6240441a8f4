"""The 保管期限表: the seeds by default, an agency's rule for seals after it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from dossiers.models import Dossier
from dossiers.services import dossier_new_version
from dossiers.services.retention import retention_for, retention_on_seal
from preservation.models import RetentionRule
from preservation.retention.schedule import retention_rule_in_force, seeds_schedule
from tests.dossiers.factories import make_agency, make_case
from tests.preservation.retention.helpers import sealed_dossier

pytestmark = pytest.mark.django_db

JUNE_2026 = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def user():
    return get_user_model().objects.create_user("archivist")


def rule(agency, retention, effective_from, **scope) -> RetentionRule:
    return RetentionRule.objects.create(
        agency=agency, retention=retention, effective_from=effective_from, **scope
    )


def test_no_rule_means_the_seeds():
    case = make_case()
    assert retention_rule_in_force(case, dt.date(2026, 1, 1)) is None
    assert retention_for(case)[0] == "30y"
    assert retention_for(make_case(long_term_triggers=["other"]))[0] == "permanent"
    assert [d.retention for d in seeds_schedule()] == ["30y", "permanent"]


def test_a_rule_counts_from_its_effective_date():
    case = make_case()
    rule(case.agency, "10y", dt.date(2026, 7, 1), procedure="ordinary")
    assert retention_for(case, dt.date(2026, 6, 30))[0] == "30y"
    retention, reason = retention_for(case, dt.date(2026, 7, 1))
    assert retention == "10y" and "2026-07-01 起施行" in reason


def test_a_later_row_of_the_same_scope_supersedes_the_earlier():
    case = make_case()
    rule(case.agency, "10y", dt.date(2020, 1, 1))
    rule(case.agency, "permanent", dt.date(2025, 1, 1))
    assert retention_for(case, dt.date(2024, 12, 31))[0] == "10y"
    assert retention_for(case, dt.date(2025, 1, 1))[0] == "permanent"


def test_the_most_specific_rule_wins_and_another_agency_is_ignored():
    case = make_case(category="administrative_penalty", procedure="summary")
    rule(case.agency, "permanent", dt.date(2020, 1, 1))
    rule(case.agency, "10y", dt.date(2020, 1, 1), category="administrative_penalty")
    rule(make_agency(), "30y", dt.date(2020, 1, 1), category="administrative_penalty")
    assert retention_for(case, dt.date(2026, 1, 1))[0] == "10y"


def test_a_trigger_rule_applies_only_to_cases_with_the_trigger():
    plain, triggered = make_case(), make_case(long_term_triggers=["other"])
    rule(plain.agency, "10y", dt.date(2020, 1, 1))
    rule(triggered.agency, "30y", dt.date(2020, 1, 1), trigger="other")
    assert retention_for(plain, dt.date(2026, 1, 1))[0] == "10y"
    # No trigger rule in the plain case's agency: 004 §19 keeps it 永久.
    assert retention_for(make_case(plain.agency, long_term_triggers=["other"]))[0] == (
        "permanent"
    )
    assert retention_for(triggered, dt.date(2026, 1, 1))[0] == "30y"


def test_sealing_applies_the_rule_in_force_that_day(user, time_machine):
    agency = make_agency()
    time_machine.move_to(JUNE_2026, tick=False)
    before = sealed_dossier(user, agency=agency)
    rule(agency, "10y", dt.date(2026, 6, 1))
    after = sealed_dossier(user, agency=agency)
    assert before.retention == "30y" and "-D30-" in before.archival_code
    assert after.retention == "10y" and "-D10-" in after.archival_code
    assert after.retention_end == dt.date(2035, 12, 31)
    assert "本机关保管期限表" in after.retention_reason
    # The dossier sealed before the rule keeps its retention: nothing recomputes it.
    assert Dossier.objects.get(pk=before.pk).retention_end == dt.date(2055, 12, 31)


def test_a_new_version_keeps_its_predecessors_retention(user, time_machine):
    agency = make_agency()
    time_machine.move_to(JUNE_2026, tick=False)
    first = sealed_dossier(user, agency=agency)
    rule(agency, "10y", dt.date(2026, 6, 1))
    draft = dossier_new_version(dossier=first, user=user, reason="补充说明。")
    assert retention_on_seal(draft, dt.date(2026, 6, 2))[0] == "30y"
    assert retention_on_seal(first.__class__(case=first.case), dt.date(2026, 6, 2))[
        0
    ] == ("10y")
