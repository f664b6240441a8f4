"""Who works which 政府信息公开 applications.

An application, with the applicant's personal data, is visible only to the
信息公开 staff (`Role.DISCLOSURE_OFFICER`, `Role.DISCLOSURE_HEAD`) of the
agency applied to. Superuser status opens nothing here, as elsewhere in the
archive: a system administrator who must work applications is given the role.
"""

from __future__ import annotations

from django.db.models import QuerySet

from access_control.disclosure.models import DisclosureApplication
from access_control.models import Membership, Role

DESK_ROLES = (Role.DISCLOSURE_OFFICER, Role.DISCLOSURE_HEAD)


def desk_agency_ids(user, roles=DESK_ROLES) -> set[int]:
    """The agencies whose applications `user` works (holding one of `roles`)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(user=user, role__in=roles).values_list(
            "agency_id", flat=True
        )
    )


def applications_visible_to(user) -> QuerySet[DisclosureApplication]:
    """The applications of the agencies where `user` is 信息公开 staff."""
    return DisclosureApplication.objects.filter(agency_id__in=desk_agency_ids(user))


def may_work(user, application: DisclosureApplication) -> bool:
    """Whether `user` may see and work `application`."""
    return application.agency_id in desk_agency_ids(user)


def is_desk_head(user, application: DisclosureApplication) -> bool:
    """Whether `user` heads the 信息公开工作机构 of the application's agency."""
    return application.agency_id in desk_agency_ids(user, (Role.DISCLOSURE_HEAD,))
