"""Who may read what: plain predicates, one per kind of object.

Every read path — admin pages, the content gate, search, the public site — asks
these (or the matching selectors) and nothing else. Wagtail's admin permission
policy is not relied on for reads (Wagtail does not promise to honour custom
policies everywhere).

Two levels: the catalogue (a case's description and list of materials:
`can_view_case`) and the content (a material's bytes, a dossier's documents:
`can_view_material`, `can_read_dossier`). Content needs a grant or keeping
the agency's records (`access_control.consultations.content_decision`).
"""

from access_control.consultations import content_decision
from access_control.models import CHANGE_DOSSIER, VIEW_AGENCY_RECORDS, VIEW_CASE
from access_control.selectors import (
    HOLD_ROLES,
    cases_visible_to,
    retention_agencies_for,
)
from dossiers.models import Agency, Case, Material

__all__ = [
    "CHANGE_DOSSIER",
    "VIEW_AGENCY_RECORDS",
    "VIEW_CASE",
    "can_change_case",
    "can_hold_case",
    "can_read_dossier",
    "can_view_agency_records",
    "can_view_case",
    "can_view_material",
]


def can_view_case(user, case: Case) -> bool:
    """Whether `user` sees the case in the catalogue (its description)."""
    return cases_visible_to(user=user).filter(pk=case.pk).exists()


def can_view_agency_records(user, agency: Agency) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.has_perm(VIEW_AGENCY_RECORDS, agency)


def can_change_case(user, case: Case) -> bool:
    """Assemble, reorder, describe, seal or version a case's dossier: the
    archivist role (`change_dossier`) *and* keeping the case's agency.

    Read and change are separate: a one-case grant (`view_case`) lets its
    holder read the case, never change it, whatever role they have elsewhere.
    """
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.has_perm(CHANGE_DOSSIER) and case.agency.is_kept_by(user)


def can_hold_case(user, case: Case) -> bool:
    """Place or release a hold (冻结) on a case: an archivist or the chief
    (主要负责人) of the case's agency (issue #14)."""
    agencies = retention_agencies_for(user=user, roles=HOLD_ROLES)
    return agencies.filter(pk=case.agency_id).exists()


def can_view_material(user, material: Material) -> bool:
    """Whether `user` may open the material's bytes now."""
    return content_decision(user, material.case, material).allowed


def can_read_dossier(user, case: Case) -> bool:
    """Whether `user` may open the dossier's documents (the whole case)."""
    return content_decision(user, case).allowed
