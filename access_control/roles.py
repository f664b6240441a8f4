"""People's roles per agency: who they are for the archive's door.

A role is a `Membership` (user × agency × role, a section for a section
head, the chief's authorisation for a deputy) plus a site-wide group of the
role's name carrying the model permissions its pages need. Content rights
never come from a group: they come from keeping an agency's records (the
archivists, through the agency's own group) or from a grant.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from access_control.models import Membership, Role
from access_control.services import (
    ARCHIVIST_PERMISSIONS,
    agency_archivists_group,
    archivist_role_ensure,
)
from dossiers.models import Agency

ADMIN = ("wagtailadmin", "access_admin")
CATALOGUE = [ADMIN, ("dossiers", "view_case")]
# The 信息公开 desk's pages; which applications a holder sees is per agency
# (`access_control.disclosure.selectors`).
DISCLOSURE = ("access_control", "view_disclosureapplication")
# 案卷评查: the heads read their agency's rounds and reports; the supervisors
# (监督人员) review sampled dossiers (each through the content gate).
REVIEW_READ = ("dossier_review", "view_reviewround")
REVIEWER = [
    REVIEW_READ,
    ("dossier_review", "view_dossierreview"),
    ("dossier_review", "change_dossierreview"),
]
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    Role.ARCHIVIST: ARCHIVIST_PERMISSIONS,
    Role.OFFICER: CATALOGUE,
    Role.SECTION_HEAD: [*CATALOGUE, REVIEW_READ],
    Role.DEPUTY: CATALOGUE,
    Role.CHIEF: [*CATALOGUE, REVIEW_READ],
    Role.SUPERVISOR: [*CATALOGUE, *REVIEWER],
    Role.APPRAISER: CATALOGUE,
    Role.DISCLOSURE_OFFICER: [*CATALOGUE, DISCLOSURE],
    Role.DISCLOSURE_HEAD: [*CATALOGUE, DISCLOSURE],
    Role.SYSADMIN: [
        ADMIN,
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "view_user"),
        ("auth", "view_group"),
        ("access_control", "add_membership"),
        ("access_control", "change_membership"),
        ("access_control", "delete_membership"),
        ("access_control", "view_membership"),
    ],
}


def role_group_ensure(role: str) -> Group:
    """The site-wide group of `role`, with the permissions its pages need."""
    if role == Role.ARCHIVIST:
        return archivist_role_ensure()
    group, _ = Group.objects.get_or_create(name=Role(role).label)
    for app_label, codename in ROLE_PERMISSIONS[role]:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


@transaction.atomic
def membership_set(
    *, user, agency: Agency, role: str, department: str = "", authorisation: str = ""
) -> Membership:
    """Give `user` `role` in `agency` (idempotent; updates the authorisation)."""
    membership, _ = Membership.objects.update_or_create(
        user=user,
        agency=agency,
        role=role,
        department=department.strip(),
        defaults={"authorisation": authorisation.strip()},
    )
    user.groups.add(role_group_ensure(role))
    if role == Role.ARCHIVIST:
        user.groups.add(agency_archivists_group(agency))
    return membership


@transaction.atomic
def membership_remove(
    *, user, agency: Agency, role: str, department: str | None = None
) -> int:
    """Take `role` in `agency` away from `user`; returns how many were removed."""
    memberships = Membership.objects.filter(user=user, agency=agency, role=role)
    if department is not None:
        memberships = memberships.filter(department=department.strip())
    removed, _ = memberships.delete()
    if role == Role.ARCHIVIST and not memberships.exists():
        user.groups.remove(agency_archivists_group(agency))
    if not Membership.objects.filter(user=user, role=role).exists():
        user.groups.remove(role_group_ensure(role))
    return removed
