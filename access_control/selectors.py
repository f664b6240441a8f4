"""Querysets already narrowed to what a user may open.

Built as id subqueries in SQL (never by filtering in Python), so counts,
facets and pagination only ever see permitted rows.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from access_control.approval import RULES
from access_control.models import (
    CATALOGUE_ROLES,
    VIEW_AGENCY_RECORDS,
    VIEW_CASE,
    AccessGrant,
    AccessRequest,
    Membership,
    RequestKind,
    RequestStatus,
    Role,
)
from dossiers.models import Agency, Case, Dossier, Material
from preservation.models import Disc, IngestReport, Package


@dataclass(frozen=True)
class CaseScope:
    """What a user may open: every case, or some cases and some agencies' records.

    `cases` and `agencies` are id querysets (subqueries in SQL); callers that
    keep denormalised copies of cases (the search index) filter on them.
    """

    everything: bool
    cases: QuerySet
    agencies: QuerySet

    def q(self, *, case_field: str = "pk", agency_field: str = "agency") -> Q:
        """A filter on the scope, for a model naming case and agency as given."""
        if self.everything:
            return Q()
        return Q(**{f"{case_field}__in": self.cases}) | Q(
            **{f"{agency_field}__in": self.agencies}
        )


def _agencies_kept_by(user) -> QuerySet[Agency]:
    """The pks of the agencies whose records `user` keeps (per-object, no global)."""
    return get_objects_for_user(
        user,
        VIEW_AGENCY_RECORDS,
        klass=Agency,
        accept_global_perms=False,
        with_superuser=False,
    ).values("pk")


def case_scope_for(*, user) -> CaseScope | None:
    """The catalogue `user` may see, or None when they may see nothing at all.

    An agency's catalogue is open to its staff (`CATALOGUE_ROLES`) and the
    keepers of its records; single cases to a one-case permission or a grant
    that is still open. Superuser status adds nothing: a superuser sees what
    their roles and grants give, like everyone else.
    """
    if not (user and user.is_authenticated and user.is_active):
        return None
    granted = get_objects_for_user(
        user, VIEW_CASE, klass=Case, accept_global_perms=False, with_superuser=False
    ).values("pk")
    open_grants = AccessGrant.objects.filter(
        user=user,
        revoked_at__isnull=True,
        returned_at__isnull=True,
        until__gte=timezone.localdate(),
    ).values("case")
    kept = _agencies_kept_by(user)
    staffed = Membership.objects.filter(user=user, role__in=CATALOGUE_ROLES).values(
        "agency"
    )
    return CaseScope(
        False,
        Case.objects.filter(Q(pk__in=granted) | Q(pk__in=open_grants)).values("pk"),
        Agency.objects.filter(Q(pk__in=kept) | Q(pk__in=staffed)).values("pk"),
    )


def text_scope_for(*, user) -> CaseScope | None:
    """The cases whose text and parties `user` may search: those whose whole
    dossier they may read (the agencies whose records they keep, a
    whole-dossier 查阅/调取 grant in force, a one-case permission). The
    catalogue alone (`case_scope_for`) is not enough: search shows passages
    of the documents and the parties' names."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    granted = get_objects_for_user(
        user, VIEW_CASE, klass=Case, accept_global_perms=False, with_superuser=False
    ).values("pk")
    whole = AccessGrant.objects.filter(
        user=user,
        kind__in=(RequestKind.VIEW, RequestKind.RETRIEVAL),
        revoked_at__isnull=True,
        returned_at__isnull=True,
        until__gte=timezone.localdate(),
        request__materials__isnull=True,
    ).values("case")
    return CaseScope(
        False,
        Case.objects.filter(Q(pk__in=granted) | Q(pk__in=whole)).values("pk"),
        Agency.objects.filter(pk__in=_agencies_kept_by(user)).values("pk"),
    )


def full_scope() -> CaseScope:
    """Every case: for the console operator, who holds the database anyway."""
    return CaseScope(True, Case.objects.values("pk"), Agency.objects.values("pk"))


def cases_visible_to(*, user, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases `user` may open, as a filter on `queryset` (all cases by default)."""
    queryset = Case.objects.all() if queryset is None else queryset
    scope = case_scope_for(user=user)
    if scope is None:
        return queryset.none()
    return queryset.filter(scope.q())


def agencies_visible_to(*, user) -> QuerySet[Agency]:
    """Agencies with at least one case the user may open."""
    return Agency.objects.filter(cases__in=cases_visible_to(user=user)).distinct()


def register_agencies_for(*, user) -> QuerySet[Agency]:
    """Agencies whose 查阅登记簿 `user` may read: those whose records they
    keep (custodians) and those they head (主要负责人). Superuser status adds
    nothing."""
    if not (user and user.is_authenticated and user.is_active):
        return Agency.objects.none()
    kept = _agencies_kept_by(user)
    headed = Membership.objects.filter(user=user, role=Role.CHIEF).values("agency")
    return Agency.objects.filter(Q(pk__in=kept) | Q(pk__in=headed)).order_by(
        "name", "pk"
    )


# Who works retention (issue #14): the due list, the dashboard's counts and
# the 保管期限表 are theirs; holds are placed by archivists and the chief.
RETENTION_ROLES = (Role.ARCHIVIST, Role.APPRAISER, Role.CHIEF)
HOLD_ROLES = (Role.ARCHIVIST, Role.CHIEF)


def retention_agencies_for(
    *, user, roles: tuple[str, ...] = RETENTION_ROLES
) -> QuerySet[Agency]:
    """Agencies in which `user` holds one of `roles` (archivist, appraiser,
    chief by default). Superuser status adds nothing."""
    if not (user and user.is_authenticated and user.is_active):
        return Agency.objects.none()
    held = Membership.objects.filter(user=user, role__in=roles).values("agency")
    return Agency.objects.filter(pk__in=held).order_by("name", "pk")


def dossiers_visible_to(
    *, user, queryset: QuerySet[Dossier] | None = None
) -> QuerySet[Dossier]:
    """Dossiers (every version) of the cases `user` may open."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    return queryset.filter(case__in=cases_visible_to(user=user))


def packages_visible_to(
    *, user, queryset: QuerySet[Package] | None = None
) -> QuerySet[Package]:
    """Archival packages of the cases `user` may open (all packages by default)."""
    queryset = Package.objects.all() if queryset is None else queryset
    return queryset.filter(dossier__case__in=cases_visible_to(user=user))


def materials_visible_to(*, user) -> QuerySet[Material]:
    return Material.objects.filter(case__in=cases_visible_to(user=user))


def ingest_reports_visible_to(*, user) -> QuerySet[IngestReport]:
    """Reports of cases the user may open, plus the user's own submissions.

    Reports name case numbers and agencies, so they are trimmed like cases;
    superuser status adds nothing.
    """
    if not (user and user.is_authenticated and user.is_active):
        return IngestReport.objects.none()
    return IngestReport.objects.filter(
        Q(case__in=cases_visible_to(user=user)) | Q(submitted_by=user)
    )


def user_in_access_log(*, user) -> bool:
    """Whether anyone's reads are on record under this account (keep it)."""
    from access_control.models import AccessLogEntry

    return AccessLogEntry.objects.filter(user_key=str(user.pk)).exists()


def discs_visible_to(*, user) -> QuerySet[Disc]:
    """Discs whose every package belongs to a case the user may open.

    A disc image holds whole cases, so seeing (or downloading) one needs them all.
    """
    hidden = Package.objects.exclude(dossier__case__in=cases_visible_to(user=user))
    return Disc.objects.exclude(contents__package__in=hidden)


def requests_awaiting(*, user) -> QuerySet:
    """Pending requests `user` may decide (never their own): the 待审批 list.

    The same answer as `approval.approvers_for`, asked for many requests at
    once: the chief decides all of the agency's, a section head those of its
    section under a section-head rule, an authorised deputy party copies.
    """
    if not (user and user.is_authenticated and user.is_active):
        return AccessRequest.objects.none()
    mine = Membership.objects.filter(user=user)
    by_head = [c for c, r in RULES.items() if r.role == Role.SECTION_HEAD]
    by_deputy = [c for c, r in RULES.items() if r.deputy_may]
    heads = mine.filter(role=Role.SECTION_HEAD)
    deciding = (
        Q(case__agency__in=mine.filter(role=Role.CHIEF).values("agency"))
        | Q(
            Exists(
                heads.filter(
                    agency=OuterRef("case__agency"),
                    department=OuterRef("case__department"),
                )
            ),
            rule__in=by_head,
        )
        | Q(
            rule__in=by_deputy,
            case__agency__in=mine.filter(role=Role.DEPUTY)
            .exclude(authorisation="")
            .values("agency"),
        )
    )
    return (
        AccessRequest.objects.filter(deciding, status=RequestStatus.PENDING)
        .exclude(requester=user)
        .select_related("case__agency", "requester")
    )


def requests_visible_to(*, user) -> QuerySet:
    """Requests `user` may look at: their own, those they may or did decide,
    and all of the agencies whose records they keep or head."""
    if not (user and user.is_authenticated and user.is_active):
        return AccessRequest.objects.none()
    overseen = Membership.objects.filter(
        user=user, role__in=(Role.ARCHIVIST, Role.CHIEF)
    ).values("agency")
    return AccessRequest.objects.filter(
        Q(requester=user)
        | Q(decided_by=user)
        | Q(pk__in=requests_awaiting(user=user).values("pk"))
        | Q(case__agency__in=overseen)
    ).select_related("case__agency", "requester", "decided_by")
