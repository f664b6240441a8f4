"""The agency's 保管期限表: the rule in force for a case on a day.

`dossiers` computes retention at seal time and may not import this app, so
`PreservationConfig.ready()` registers `retention_rule_in_force` with
`dossiers.services.retention.retention_rule_provider_register`. With no rule
for the case the seeds decide (000 §34: 30 years; 004 §19: 永久), so an agency
that never edits its schedule keeps the regulations' defaults.

Which rule decides: for each scope (category × procedure × trigger) the row
with the latest effective date not after the day supersedes the older ones;
among the scopes that match the case the most specific wins (a named category
or procedure over a blank one), and on a tie the longest retention, so that a
case with two triggers is kept as long as either demands.

A new rule is recorded, after the commit, in the agency's retention register
package (`register_package`), so a rebuild from the packages restores the
schedule.
"""

import datetime as dt
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.models import RETENTION_YEARS, Case
from dossiers.services.retention import retention_default
from preservation.retention.models import NO_TRIGGER, RetentionRule
from preservation.retention.register_package import register_package_schedule


class RuleDefault(NamedTuple):
    """One line of the seeds' schedule, shown where an agency has none."""

    scope: str
    retention: str
    basis: str


def rules_in_force(agency, on: dt.date) -> list[RetentionRule]:
    """The agency's rows in force on `on`: per scope, the latest effective one."""
    rows = RetentionRule.objects.filter(agency=agency, effective_from__lte=on)
    latest: dict[tuple[str, str, str], RetentionRule] = {}
    for row in rows.order_by("effective_from", "pk"):
        latest[(row.category, row.procedure, row.trigger)] = row
    return list(latest.values())


def _matches(rule: RetentionRule, case: Case) -> bool:
    triggers = case.long_term_triggers or []
    if rule.category and rule.category != case.category:
        return False
    if rule.procedure and rule.procedure != case.procedure:
        return False
    if rule.trigger == NO_TRIGGER:
        return not triggers
    return rule.trigger in triggers


def _weight(rule: RetentionRule) -> tuple[int, float]:
    years = RETENTION_YEARS[rule.retention]
    specific = bool(rule.category) + bool(rule.procedure)
    return specific, float("inf") if years is None else years


def retention_rule_in_force(case: Case, on: dt.date) -> tuple[str, str] | None:
    """The retention class and why by the case's agency's schedule on `on`,
    or None when no row of it matches (the seeds' rule applies)."""
    matching = [r for r in rules_in_force(case.agency, on) if _matches(r, case)]
    if not matching:
        return None
    rule = max(matching, key=_weight)
    basis = f"，{rule.basis}" if rule.basis else ""
    reason = (
        f"本机关保管期限表（{rule.effective_from:%Y-%m-%d} 起施行）："
        f"{rule.scope_label}{basis}"
    )
    return rule.retention, reason[:300]


def seeds_schedule() -> list[RuleDefault]:
    """The default schedule, as the admin shows it beside the agency's rows."""
    plain = Case(long_term_triggers=[])
    kept = Case(long_term_triggers=["other"])
    return [
        RuleDefault("各类案件，无长期保存情形", *retention_default(plain)),
        RuleDefault("存在长期保存情形的案件", *retention_default(kept)),
    ]


@transaction.atomic
def retention_rule_create(
    *,
    agency,
    retention: str,
    effective_from: dt.date,
    user,
    category: str = "",
    procedure: str = "",
    trigger: str = NO_TRIGGER,
    basis: str = "",
) -> RetentionRule:
    """Add a line to the agency's 保管期限表, in force from `effective_from`.

    A rule is never edited or deleted: a later row of the same scope
    supersedes it. It cannot start before today, since the seals already
    made were decided by the rules then in force.

    Raises:
        ValidationError: a past effective date or an invalid field.
    """
    if effective_from < timezone.localdate():
        raise ValidationError({"effective_from": "施行日期不得早于今天。"})
    rule = RetentionRule(
        agency=agency,
        category=category,
        procedure=procedure,
        trigger=trigger,
        retention=retention,
        effective_from=effective_from,
        basis=basis.strip(),
        created_by=user,
    )
    rule.full_clean()
    rule.save()
    register_package_schedule(agency)
    return rule
