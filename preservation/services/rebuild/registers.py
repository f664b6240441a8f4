"""What a rebuild restores from the agencies' retention register packages.

Each agency's register is read from its newest package
(`registers/<全宗号>/retention/v<n>`, `holds.json` and `schedule.json`);
every version found gets its `Package` row. Once the live cases and the
disposition batches (with the tombstones of destroyed cases) are back,
`registers_restore` puts back, per agency:

1. its 保管期限表: every rule with its effective date, who made it and when
   (a rule already in the catalogue, same scope, date and time, is kept);
2. its holds: a hold already restored from a dossier's package or a batch's
   record (same case, kind and time placed) is kept and, if the register
   records its release and the catalogue does not, updated with it; one
   missing — placed after the case's newest package — is created. People
   come back by username; one missing from this installation comes back as
   an inactive account under that name, as for batches.

A hold of a case not in the catalogue is noted and skipped. A register
whose record does not fit the catalogue is reported and not restored; an
agency whose register packages are already recorded is skipped and noted.
"""

from typing import TYPE_CHECKING, Any

from django.db import transaction

from dossiers.models import Agency, Case
from preservation.models import Hold, RetentionRule
from preservation.retention.register_package import (
    register_package_identifier,
    register_package_relative_path,
)
from preservation.services.aips import (
    agency_restore,
    row_insert,
    row_values,
    user_or_placeholder,
)
from preservation.services.rebuild.copies import package_row_restore
from preservation.services.rebuild.found import IMPORT_ERRORS, RegisterFound

if TYPE_CHECKING:
    from preservation.services.rebuild.catalogue import RebuildReport, _Users

RULE_SCOPE = ("category", "procedure", "trigger", "effective_from", "created_at")


def registers_restore(
    registers: dict[str, list[RegisterFound]], report: "RebuildReport", users: "_Users"
) -> None:
    """Each agency's schedule and holds from its newest register package."""
    for versions in registers.values():
        _register(versions, report, users)


def _register(versions: list[RegisterFound], report, users) -> None:
    newest = versions[0]
    code = newest.key
    if Agency.objects.filter(code=code, register_packages__isnull=False).exists():
        report.note(
            newest.path, f"机关 {code} 的保管期限与冻结登记已在目录中，已跳过。"
        )
        return
    try:
        with transaction.atomic():
            agency = agency_restore(newest.holds["agency"])
            rules = _rules(agency, newest.schedule["rules"], users)
            holds = _holds(agency, newest, report, users)
            for found in versions:
                _package(agency, found, report)
    except IMPORT_ERRORS as exc:
        report.problem(newest.path, f"机关 {code} 的保管期限与冻结登记未能重建：{exc}")
        return
    report.schedule_rules_restored += rules
    report.holds_restored += holds
    report.packages_recorded += len(versions)


def _person(username: str, users):
    return user_or_placeholder(username, users) if username else None


def _rules(agency: Agency, rows: list[dict[str, Any]], users) -> int:
    restored = 0
    for data in rows:
        values = row_values(RetentionRule, data)
        scope = {f: values[f] for f in RULE_SCOPE}
        if RetentionRule.objects.filter(agency=agency, **scope).exists():
            continue
        rule = RetentionRule(
            agency=agency,
            created_by=_person(data.get("created_by", ""), users),
            **values,
        )
        row_insert(rule)
        restored += 1
    return restored


def _holds(agency: Agency, found: RegisterFound, report, users) -> int:
    restored = 0
    for data in found.holds["holds"]:
        number = data["case_number"]
        case = Case.objects.filter(agency=agency, case_number=number).first()
        if case is None:
            report.note(found.path, f"案件 {number} 不在目录中，其冻结未恢复。")
            continue
        restored += _hold(case, data, users)
    return restored


def _hold(case: Case, data: dict[str, Any], users) -> int:
    """1 if the hold was created or given its release, else 0."""
    values = row_values(Hold, data)
    same = Hold.objects.filter(
        case=case, kind=values["kind"], placed_at=values["placed_at"]
    )
    if (hold := same.first()) is None:
        row_insert(
            Hold(
                case=case,
                placed_by=user_or_placeholder(data["placed_by"], users),
                released_by=_person(data.get("released_by", ""), users),
                **values,
            )
        )
        return 1
    if hold.released_at is not None or values.get("released_at") is None:
        return 0
    # Past the release service: the release happened; this restores its record.
    Hold.objects.filter(pk=hold.pk).update(
        released_at=values["released_at"],
        released_by=_person(data.get("released_by", ""), users),
        release_reason=values.get("release_reason", ""),
    )
    return 1


def _package(agency: Agency, found: RegisterFound, report) -> None:
    package_row_restore(
        found,
        report,
        identifier=register_package_identifier(agency, found.version),
        relative_path=register_package_relative_path(agency, found.version),
        agency=agency,
    )
