"""Holds: placed and released with reasons, by the agency's archivists and chief."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dossiers.models import CaseEvent, EventType
from preservation.models import Hold
from preservation.retention.holds import (
    held_case_ids,
    hold_kind_parse,
    hold_place,
    hold_release,
    holds_active,
    is_held,
)
from tests.conftest import person_make
from tests.dossiers.factories import make_agency, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return make_case()


@pytest.fixture
def archivist(case):
    return person_make("hold_archivist", case.agency, "archivist")


def place(case, user, **extra) -> Hold:
    fields = {"kind": "litigation", "reason": "当事人提起行政诉讼"} | extra
    return hold_place(case=case, user=user, **fields)


def test_place_and_release_keep_the_record(case, archivist):
    hold = place(case, archivist, reference="（2026）吉0102行初12号")
    assert is_held(case) and list(held_case_ids()) == [{"case": case.pk}]
    released = hold_release(hold=hold, user=archivist, reason="判决已生效")
    assert released.released_by == archivist and released.release_reason
    assert not is_held(case)
    assert Hold.objects.count() == 1


def test_several_holds_at_once_each_released_on_its_own(case, archivist):
    first = place(case, archivist)
    place(case, archivist, kind="audit", reason="审计署审计")
    hold_release(hold=first, user=archivist, reason="诉讼终结")
    assert [h.kind for h in holds_active([case.pk])] == ["audit"]
    assert is_held(case)


def test_releasing_twice_is_refused(case, archivist):
    hold = place(case, archivist)
    hold_release(hold=hold, user=archivist, reason="诉讼终结")
    with pytest.raises(ValidationError, match="不能再次解除"):
        hold_release(hold=hold, user=archivist, reason="再次")


def test_a_reason_is_required(case, archivist):
    with pytest.raises(ValidationError, match="冻结须说明理由"):
        place(case, archivist, reason=" ")
    hold = place(case, archivist)
    with pytest.raises(ValidationError, match="解除冻结须说明理由"):
        hold_release(hold=hold, user=archivist, reason="")
    assert Hold.objects.get().released_at is None


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("archivist", True), ("chief", True), ("appraiser", False), ("officer", False)],
)
def test_who_may_place_a_hold(case, role, allowed):
    user = person_make(f"u_{role}", case.agency, role)
    if allowed:
        assert place(case, user).placed_by == user
    else:
        with pytest.raises(PermissionDenied, match="档案管理员或主要负责人"):
            place(case, user)


def test_an_archivist_of_another_agency_or_a_superuser_may_not(case):
    other = person_make("other", make_agency(), "archivist")
    root = person_make("root")
    root.is_superuser = True
    root.save()
    for user in (other, root):
        with pytest.raises(PermissionDenied):
            place(case, user)
    assert not Hold.objects.exists()


def test_a_hold_is_never_deleted(case, archivist):
    hold = place(case, archivist)
    with pytest.raises(ValidationError, match="不能删除"):
        hold.delete()


def test_kinds_by_code_or_label():
    assert hold_kind_parse("行政复议") == "review"
    assert hold_kind_parse("compensation") == "compensation"
    with pytest.raises(ValidationError, match="没有冻结类型"):
        hold_kind_parse("扣押")


def test_placing_and_releasing_are_in_the_cases_history(case, archivist):
    hold = place(case, archivist, reference="（2026）吉0102行初12号")
    hold_release(hold=hold, user=archivist, reason="判决已生效")
    placed, released = CaseEvent.objects.filter(
        case=case, event_type__in=[EventType.HOLD_PLACED, EventType.HOLD_RELEASED]
    )
    assert placed.get_event_type_display() == "冻结"
    assert "行政诉讼" in placed.event_detail
    assert "（2026）吉0102行初12号" in placed.event_detail
    assert placed.event_outcome_detail["reason"] == "当事人提起行政诉讼"
    assert placed.linking_agent_user == archivist
    assert released.get_event_type_display() == "解除冻结"
    assert "判决已生效" in released.event_detail
    assert released.event_outcome_detail["by"] == archivist.username


def test_a_refused_hold_leaves_no_event(case):
    outsider = person_make("outsider", make_agency(), "archivist")
    with pytest.raises(PermissionDenied):
        place(case, outsider)
    assert not CaseEvent.objects.filter(event_type=EventType.HOLD_PLACED).exists()
