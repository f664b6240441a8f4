"""The 信息公开 staff's reads of archive content for the 保密审查.

Before anything leaves in answer to an application, the agency's 信息公开
staff must read what was matched with it (Art. 36, the 保密审查). They hold
no grant and keep no records, so the content gate (`access_control.gate`)
asks `review_link_for`: a case linked to an open application of its own
agency opens to that agency's 信息公开 staff — the whole case when the case
itself is linked, one material when only that material is. The gate logs
each such read with 事由 政府信息公开申请办理 and the 受理编号; an answered or
withdrawn application opens nothing any more.
"""

from __future__ import annotations

from django.db.models import Q

from access_control.disclosure.models import OPEN_STATUSES, DisclosureLink
from access_control.disclosure.selectors import desk_agency_ids


def review_link_for(user, case, material=None) -> DisclosureLink | None:
    """The link that lets `user` read `material` of `case` (None: the whole
    dossier) for an open application's review, or None."""
    if case.agency_id not in desk_agency_ids(user):
        return None
    covering = Q(material__isnull=True)
    if material is not None:
        covering |= Q(material=material)
    return (
        DisclosureLink.objects.filter(
            covering,
            case=case,
            application__agency_id=case.agency_id,
            application__status__in=OPEN_STATUSES,
        )
        .select_related("application")
        .order_by("pk")
        .first()
    )
