"""Who may see and who may keep an agency's device register.

The register, its ledger and the AV compliance report are open to the
agency's archivists (the 专门人员 of 001 §22 keep the devices and the
recordings), its chief and its deputies; only archivists change them.
Superuser status adds nothing. The pages show no record's content, so they
write no access-log entry.
"""

from django.db.models import QuerySet

from access_control.models import Role
from access_control.selectors import retention_agencies_for
from dossiers.models import Agency

VIEW_ROLES = (Role.ARCHIVIST, Role.CHIEF, Role.DEPUTY)
MANAGE_ROLES = (Role.ARCHIVIST,)
DENIED = "只有本机关的档案管理员、主要负责人和分管负责人可以查看现场执法记录设备。"


def device_agencies_for(*, user) -> QuerySet[Agency]:
    """Agencies whose register and compliance report `user` may read."""
    return retention_agencies_for(user=user, roles=VIEW_ROLES)


def device_keeper_agencies_for(*, user) -> QuerySet[Agency]:
    """Agencies whose register and ledger `user` may change."""
    return retention_agencies_for(user=user, roles=MANAGE_ROLES)
