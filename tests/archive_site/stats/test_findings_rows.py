"""The findings dashboard follows each case's newest check: a re-check
(a metadata correction at the archive) replaces the case's counted findings."""

import datetime as dt

from archive_site.stats.figures_findings import findings
from archive_site.stats.scope import StatsFilter
from dossiers.findings import Severity
from dossiers.models import CaseFinding, EventType, Officer
from dossiers.services import agency_merge
from tests.archive_site.stats.world import archived, check, china, finding
from tests.dossiers.factories import make_agency, make_case


def _case(agency):
    case = make_case(agency, department="执法二科", closed_on=dt.date(2026, 3, 1))
    Officer.objects.create(case=case, name="赵六", certificate="证赵六")
    return archived(case, china(2026, 4, 1, 9, 0))


def test_a_recheck_replaces_the_cases_findings(db):
    agency = make_agency()
    case = _case(agency)
    check(case, EventType.REGULATION_CHECK,
          finding("archived_late", Severity.WARNING),
          finding("av_missing", Severity.ERROR, "001 §16", "音像记录"))  # fmt: skip
    year = StatsFilter.for_year(2026, [agency])
    assert findings(year).tables[1].rows == [["执法二科", 2]]
    # The correction's re-check finds numbering_gap only: the old two are gone.
    check(case, EventType.METADATA_CORRECTED,
          finding("numbering_gap", Severity.WARNING),
          at=china(2026, 4, 2, 9, 0))  # fmt: skip
    by_rule, by_section, by_officer = findings(year).tables
    assert [row[0] for row in by_rule.rows] == ["numbering_gap"]
    assert by_section.rows == [["执法二科", 1]]
    assert by_officer.rows == [["赵六（证赵六）", 1, 1]]
    assert CaseFinding.objects.filter(case=case).count() == 1


def test_merged_cases_findings_count_for_the_right_agency(db, person_with_role):
    mistaken, into = make_agency(), make_agency()
    case = _case(mistaken)
    check(case, EventType.REGULATION_CHECK, finding("numbering_gap", Severity.WARNING))
    agency_merge(
        mistaken=mistaken, into=into, user=person_with_role("reader"), reason="误建"
    )
    gone = findings(StatsFilter.for_year(2026, [mistaken])).tables[1].rows
    moved = findings(StatsFilter.for_year(2026, [into])).tables[1].rows
    assert (gone, moved) == ([], [["执法二科", 1]])
