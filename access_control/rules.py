"""Who may read what: plain predicates, one per kind of object.

Every read path — admin pages, the content gate, search, the public site — asks
these (or the matching selectors) and nothing else. Wagtail's admin permission
policy is not relied on for reads (Wagtail does not promise to honour custom
policies everywhere).
"""

from dossiers.models import Agency, Case, Material

VIEW_CASE = "dossiers.view_case"
VIEW_AGENCY_RECORDS = "dossiers.view_agency_records"
CHANGE_DOSSIER = "dossiers.change_dossier"


def can_view_case(user, case: Case) -> bool:
    """A user may open a case granted to them, or any case of an agency whose
    records they keep (the agency's archivists)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.has_perm(VIEW_CASE, case) or can_view_agency_records(user, case.agency)


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


def can_view_material(user, material: Material) -> bool:
    return can_view_case(user, material.case)
