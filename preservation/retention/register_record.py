"""An agency's retention register as JSON: what its package carries.

The agency's retention register package (`register_package`) holds two
files of this, so that `rebuild_from_aips` can restore them without the
database: `holds.json`, every hold ever placed on the agency's cases (in
force or released, with the case number and the 档号 of its dossiers, kind,
reason, reference, who placed it and when, who released it, when and why),
and `schedule.json`, every row of the agency's 保管期限表 (superseded ones
too) with its effective date and who made it when. `register_text` renders
both for a person reading the package without the software.

Values are recorded as they stand; usernames name people (a rebuild
renumbers rows, never names). Both files are deterministic, so equal
content means an unchanged register.
"""

from typing import Any

from django.utils import timezone

from dossiers.models import Agency, Retention
from preservation.retention.models import Hold, RetentionRule
from preservation.services.aips.metadata import hold_record, row_fields

REGISTER_PROFILE = "enforcement-retention-register/1.0"
HOLDS_FILE = "holds.json"
SCHEDULE_FILE = "schedule.json"


def _name(user) -> str:
    return user.get_username() if user else ""


def _agency(agency: Agency) -> dict[str, Any]:
    return row_fields(agency, {"id", "created_at"})


def holds_record(agency: Agency) -> dict[str, Any]:
    """Every hold on the agency's cases, oldest first."""
    holds = (
        Hold.objects.filter(case__agency=agency)
        .select_related("case", "placed_by", "released_by")
        .prefetch_related("case__dossiers")
        .order_by("placed_at", "pk")
    )
    return {
        "profile": REGISTER_PROFILE,
        "retention": Retention.PERMANENT.value,
        "agency": _agency(agency),
        "holds": [_hold(hold) for hold in holds],
    }


def _hold(hold: Hold) -> dict[str, Any]:
    codes = sorted({d.archival_code for d in hold.case.dossiers.all()})
    return hold_record(hold) | {
        "case_number": hold.case.case_number,
        "archival_codes": [code for code in codes if code],
    }


def schedule_record(agency: Agency) -> dict[str, Any]:
    """Every row of the agency's 保管期限表, in the order it was made."""
    rules = RetentionRule.objects.filter(agency=agency).select_related("created_by")
    return {
        "profile": REGISTER_PROFILE,
        "retention": Retention.PERMANENT.value,
        "agency": _agency(agency),
        "rules": [
            row_fields(rule, {"id"}) | {"created_by": _name(rule.created_by)}
            for rule in rules.order_by("created_at", "pk")
        ],
    }


def register_text(agency: Agency) -> str:
    """The register for a person: the 保管期限表, then the holds."""
    lines = [f"{agency.name}（全宗号 {agency.fonds}）保管期限表与冻结登记", ""]
    lines.append("一、保管期限表")
    rules = RetentionRule.objects.filter(agency=agency).select_related("created_by")
    for rule in rules.order_by("created_at", "pk"):
        lines.append(
            f"{rule.effective_from:%Y-%m-%d} 起施行：{rule.scope_label} → "
            f"{rule.get_retention_display()}；{rule.basis or '未注明依据'}"
            f"（{_name(rule.created_by) or '未记录'}制定）"
        )
    lines += ["", "二、冻结登记"]
    holds = Hold.objects.filter(case__agency=agency).select_related("case")
    for hold in holds.order_by("placed_at", "pk"):
        lines.append(_hold_line(hold))
    return "\n".join(lines) + "\n"


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _hold_line(hold: Hold) -> str:
    reference = f"（{hold.reference}）" if hold.reference else ""
    line = (
        f"{hold.case.case_number}：{hold.get_kind_display()}{reference}，"
        f"{_when(hold.placed_at)} 由 {_name(hold.placed_by)} 冻结：{hold.reason}"
    )
    if hold.released_at:
        line += (
            f"；{_when(hold.released_at)} 由 {_name(hold.released_by)} "
            f"解除：{hold.release_reason}"
        )
    return line
