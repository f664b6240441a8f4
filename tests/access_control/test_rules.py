"""Who may open a case: one actor per line (froide test_auth style)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from access_control.rules import can_view_case
from access_control.selectors import cases_visible_to
from access_control.services import case_permission_grant, case_permission_revoke


def test_agency_archivist_may_open(ingested_case, archivist):
    assert can_view_case(archivist, ingested_case)


def test_archivist_of_another_agency_may_not(ingested_case, other_archivist):
    assert not can_view_case(other_archivist, ingested_case)


def test_anonymous_may_not(ingested_case):
    assert not can_view_case(AnonymousUser(), ingested_case)


def test_user_without_role_may_not(ingested_case, staff_without_role):
    assert not can_view_case(staff_without_role, ingested_case)


def test_global_view_permission_alone_does_not_open_cases(
    ingested_case, other_archivist
):
    # The archivist role carries the model-level dossiers.view_case, which only
    # shows the menu; it must never open another agency's case.
    assert other_archivist.has_perm("dossiers.view_case")
    assert not can_view_case(other_archivist, ingested_case)


def test_inactive_archivist_may_not(ingested_case, archivist):
    archivist.is_active = False
    archivist.save()
    assert not can_view_case(archivist, ingested_case)


def test_per_case_grant_and_revoke(ingested_case, staff_without_role, archivist):
    case_permission_grant(
        case=ingested_case, grantee=staff_without_role, by=archivist, reason="复议应诉"
    )
    user = get_user_model().objects.get(pk=staff_without_role.pk)  # fresh perm cache
    assert can_view_case(user, ingested_case)
    case_permission_revoke(
        case=ingested_case, grantee=staff_without_role, by=archivist, reason="结束"
    )
    user = get_user_model().objects.get(pk=staff_without_role.pk)
    assert not can_view_case(user, ingested_case)
    events = list(ingested_case.events.values_list("event_type", flat=True))
    assert "access_granted" in events and "access_revoked" in events


@pytest.mark.parametrize(
    ("actor", "visible"),
    [("archivist", 1), ("other_archivist", 0), ("staff_without_role", 0)],
)
def test_selector_matches_the_rule(request, ingested_case, actor, visible):
    user = request.getfixturevalue(actor)
    assert cases_visible_to(user=user).count() == visible
