"""Who may see and who may keep an agency's device register.

The register, its ledger and the AV compliance report are open to the
agency's archivists (the 专门人员 of 001 §22 keep the devices and the
recordings), its chief and its deputies; only archivists change them. A
科室负责人 answers for the recordings of the section's officers: they see the
compliance report limited to their section's cases, not the register.
Superuser status adds nothing. The pages show no record's content, so they
write no access-log entry.
"""

from django.db.models import QuerySet

from access_control.models import Membership, Role
from access_control.selectors import retention_agencies_for
from dossiers.devices.selectors import Sections
from dossiers.models import Agency

VIEW_ROLES = (Role.ARCHIVIST, Role.CHIEF, Role.DEPUTY)
MANAGE_ROLES = (Role.ARCHIVIST,)
DENIED = "只有本机关的档案管理员、主要负责人和分管负责人可以查看现场执法记录设备。"
REPORT_DENIED = (
    "只有本机关的档案管理员、主要负责人、分管负责人和科室负责人（限本科室）"
    "可以查看音像记录合规情况。"
)


def device_agencies_for(*, user) -> QuerySet[Agency]:
    """Agencies whose register and compliance report `user` may read."""
    return retention_agencies_for(user=user, roles=VIEW_ROLES)


def device_keeper_agencies_for(*, user) -> QuerySet[Agency]:
    """Agencies whose register and ledger `user` may change."""
    return retention_agencies_for(user=user, roles=MANAGE_ROLES)


def av_report_sections_for(*, user) -> Sections:
    """The (agency, 承办科室) pairs whose compliance `user` sees as 科室负责人,
    in agencies they do not see whole."""
    if not (user and user.is_authenticated and user.is_active):
        return ()
    heads = Membership.objects.filter(user=user, role=Role.SECTION_HEAD).exclude(
        agency__in=device_agencies_for(user=user)
    )
    pairs = heads.exclude(department="").values_list("agency_id", "department")
    return tuple(sorted(set(pairs)))
