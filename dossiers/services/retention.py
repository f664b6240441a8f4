"""Retention (保管期限): which class a case's dossier gets, and from when to when.

The seeds' rules are the default: 30 years (000 §34), 永久 when a 004 §19
long-term trigger applies. An agency's 保管期限表 (kept by `preservation`,
which this app may not import) can say otherwise: `preservation` registers a
provider with `retention_rule_provider_register`, and `retention_for` asks it
for the rule in force on a day. Sealing asks on the day of the seal, so a
changed schedule reaches only dossiers sealed after it takes effect; a sealed
dossier's retention is never recomputed here.
"""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from dossiers.models import RETENTION_YEARS, Case, Dossier, Retention

RuleProvider = Callable[[Case, dt.date], tuple[str, str] | None]

_providers: list[RuleProvider] = []


def retention_rule_provider_register(provider: RuleProvider) -> None:
    """Have `retention_for` ask `provider(case, day)` first (idempotent).

    The provider returns the retention class and why, or None when the
    agency's schedule has no rule for the case (the seeds' default applies).
    """
    if provider not in _providers:
        _providers.append(provider)


def retention_default(case: Case) -> tuple[str, str]:
    """The seeds' rule: 30 years (000 §34) unless 004 §19 applies."""
    if case.long_term_triggers:
        return Retention.PERMANENT, "存在长期保存情形（004 §19）"
    return Retention.YEARS_30, "行政执法案卷保存30年（000 §34）"


def retention_for(case: Case, on: dt.date | None = None) -> tuple[str, str]:
    """The retention class and why, by the agency's schedule in force on `on`
    (today by default), else by the seeds' rule."""
    day = on or timezone.localdate()
    for provider in _providers:
        found = provider(case, day)
        if found is not None:
            return found
    return retention_default(case)


def retention_on_seal(dossier: Dossier, day: dt.date) -> tuple[str, str]:
    """The retention class and why a dossier gets when sealed on `day`: the
    schedule in force that day for a first version; a new version keeps its
    predecessor's, which only a re-appraisal changes. The seal and its
    confirmation page both ask here."""
    if dossier.previous_id:
        return dossier.retention, dossier.retention_reason
    return retention_for(dossier.case, day)


def archived_on(case: Case) -> dt.date:
    """The day the case was archived (归档), as retention counts it.

    000 §33 has a case archived within 20 days of its end (the agency's
    deadline). The 移交日期 says when it was, when the producer records it;
    otherwise the last day the deadline allowed stands in for it, so that a
    case closed in late December counts from the year after next, never
    earlier than the regulation permits.
    """
    if case.transferred_on:
        return case.transferred_on
    return case.closed_on + dt.timedelta(days=case.agency.archiving_deadline_days)


def retention_dates(dossier: Dossier) -> tuple[dt.date, dt.date | None]:
    """The first and the last day of retention (保管期限起算日, 届满日).

    The 30 years of 000 §34 are a term of the archived dossier, which exists
    from its 归档 (000 §33): they count from 1 January of the year after the
    case was archived (`archived_on`), in whole calendar years, and the term
    ends on 31 December of its 30th year. The dossier may go from the next day
    on: a case closed on 21 December 1992 and archived in January 1993 keeps
    until 31 December 2023 and is due in 2024, not in 2023.
    """
    start = dt.date(archived_on(dossier.case).year + 1, 1, 1)
    years = RETENTION_YEARS[dossier.retention]
    if years is None:
        return start, None
    return start, dt.date(start.year + years, 1, 1) - dt.timedelta(days=1)
