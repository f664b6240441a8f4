"""Requests, decisions and grants: the archive's door, end to end at the gate."""

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from access_control.consultations import (
    AccessRequestError,
    access_grant_revoke,
    access_request_create,
    access_request_decide,
    content_decision,
)
from access_control.models import (
    AccessGrant,
    AccessLogEntry,
    AccessRequest,
    RequestStatus,
    Role,
)
from access_control.roles import membership_set
from dossiers.codes import Form
from tests.conftest import ORDINARY_DEPARTMENT as DEPARTMENT


@pytest.fixture
def case(ordinary_case):
    # The sensitive-case test sets its sensitivity back.
    return ordinary_case


@pytest.fixture
def people(case, person_with_role):
    agency, person = case.agency, person_with_role
    return {
        "officer": person("officer", agency, Role.OFFICER),
        "head": person("head", agency, Role.SECTION_HEAD, department=DEPARTMENT),
        "other_head": person(
            "other_head", agency, Role.SECTION_HEAD, department="综合科"
        ),
        "chief": person("chief", agency, Role.CHIEF),
        "deputy": person("deputy", agency, Role.DEPUTY, authorisation="授权书1号"),
        "supervisor": person("supervisor", agency, Role.SUPERVISOR),
        "sysadmin": person("sysadmin", agency, Role.SYSADMIN),
    }


def _text_material(case):
    return case.materials.filter(form=Form.TEXT).order_by("sequence").first()


def _photo(case):
    return case.materials.filter(form=Form.PHOTO).order_by("sequence").first()


def _gate(material):
    return reverse("access_control:material_content", args=[material.pk])


def test_rules_name_the_approver_and_the_article(case, people):
    text = _text_material(case)
    view_text = access_request_create(
        user=people["officer"],
        case=case,
        kind="view",
        reason="复议答复",
        materials=[text],
    )
    view_av = access_request_create(
        user=people["officer"],
        case=case,
        kind="view",
        reason="复核",
        materials=[_photo(case)],
    )
    party = access_request_create(
        user=people["officer"],
        case=case,
        kind="copy",
        reason="当事人申请",
        for_party=True,
    )
    retrieval = access_request_create(
        user=people["supervisor"], case=case, kind="retrieval", reason="执法监督"
    )
    assert view_text.rule == "records" and view_av.rule == "audiovisual"
    assert party.rule == "party_copy" and retrieval.rule == "retrieval"
    out = StringIO()
    call_command(
        "access_check",
        case.case_number,
        text.path,
        user="officer",
        json=True,
        stdout=out,
    )
    assert "尚待审批" in json.loads(out.getvalue())["why"]


def test_sensitive_case_needs_the_chief(case, people):
    case.sensitivity = ["personal_privacy"]
    case.save(update_fields=["sensitivity"])
    request = access_request_create(
        user=people["officer"], case=case, kind="view", reason="复核"
    )
    with pytest.raises(AccessRequestError, match="主要负责人"):
        access_request_decide(
            request=request, user=people["head"], approve=True, reason="同意"
        )
    access_request_decide(
        request=request, user=people["chief"], approve=True, reason="同意"
    )
    assert AccessGrant.objects.get(request=request).user == people["officer"]


def test_officer_reads_within_the_period_and_not_after(client, case, people):
    material = _photo(case)
    client.force_login(people["officer"])
    refused = client.get(_gate(material))
    assert refused.status_code == 403
    assert (
        "申请查阅" in refused.content.decode()
        or "没有有效的查阅授权" in refused.content.decode()
    )
    out = StringIO()
    call_command(
        "access_request",
        case.case_number,
        user="officer",
        kind="view",
        reason="行政复议答复",
        material=[material.path],
        json=True,
        stdout=out,
    )
    filed = json.loads(out.getvalue())
    assert filed["status"] == "pending" and filed["rule"].endswith("002 §23")
    assert filed["approvers"] == ["chief", "head"]  # not the other section's head
    out = StringIO()
    call_command(
        "access_decide",
        str(filed["id"]),
        by="head",
        approve=True,
        reason="同意",
        json=True,
        stdout=out,
    )
    grant = json.loads(out.getvalue())["grant"]
    assert client.get(_gate(material)).status_code == 200
    entry = AccessLogEntry.objects.filter(action="view_content").get()
    assert entry.reason == "行政复议答复"
    assert entry.data["request"] == filed["number"] and entry.data["grant"] == grant
    until = AccessGrant.objects.get(pk=grant).until
    later = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(0, 30))
    with time_machine.travel(timezone.make_aware(later), tick=False):
        expired = client.get(_gate(material))
    assert expired.status_code == 403
    assert "到期" in expired.content.decode()


def test_only_listed_materials_open(client, case, people):
    request = access_request_create(
        user=people["officer"],
        case=case,
        kind="view",
        reason="复核",
        materials=[_text_material(case)],
    )
    access_request_decide(
        request=request, user=people["head"], approve=True, reason="同意"
    )
    client.force_login(people["officer"])
    assert client.get(_gate(_text_material(case))).status_code == 200
    assert client.get(_gate(_photo(case))).status_code == 403


def test_nobody_decides_their_own_request_or_twice(case, people):
    request = access_request_create(
        user=people["chief"], case=case, kind="view", reason="复核"
    )
    with pytest.raises(AccessRequestError, match="本人"):
        access_request_decide(
            request=request, user=people["chief"], approve=True, reason="同意"
        )
    stale = AccessRequest.objects.get(pk=request.pk)
    access_request_decide(
        request=request, user=people["head"], approve=False, reason="不必要"
    )
    with pytest.raises(AccessRequestError, match="已经审批过"):
        access_request_decide(
            request=stale, user=people["head"], approve=True, reason="同意"
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    assert not AccessGrant.objects.filter(request=request).exists()


def test_decide_command_refuses_with_one_line_and_changes_nothing(case, people):
    request = access_request_create(
        user=people["officer"], case=case, kind="view", reason="复核"
    )
    refusals = [
        ("无权审批", str(request.pk), {"by": "other_head"}),
        ("早于今天", str(request.pk), {"until": "2020-01-01"}),
        ("YYYY-MM-DD", str(request.pk), {"until": "明天"}),
        ("没有申请", "999999", {}),
    ]
    for message, pk, options in refusals:
        decision = {"by": "head", "approve": True, "reason": "同意"} | options
        with pytest.raises(CommandError, match=message):
            call_command("access_decide", pk, **decision)
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_retrieval_is_refused_only_on_a_statutory_ground(client, case, people):
    request = access_request_create(
        user=people["supervisor"], case=case, kind="retrieval", reason="信访复查"
    )
    with pytest.raises(AccessRequestError, match="法定事由"):
        access_request_decide(
            request=request, user=people["chief"], approve=False, reason="不宜"
        )
    access_request_decide(
        request=request,
        user=people["chief"],
        approve=False,
        reason="涉密",
        ground="state_secret",
    )
    assert AccessRequest.objects.get(pk=request.pk).ground == "state_secret"
    second = access_request_create(
        user=people["supervisor"], case=case, kind="retrieval", reason="信访复查"
    )
    access_request_decide(
        request=second, user=people["chief"], approve=True, reason="同意"
    )
    client.force_login(people["supervisor"])
    assert client.get(_gate(_photo(case))).status_code == 200


def test_wrong_roles_are_refused_clearly(case, people, other_archivist):
    with pytest.raises(AccessRequestError, match="调取"):
        access_request_create(
            user=people["supervisor"], case=case, kind="view", reason="看看"
        )
    with pytest.raises(AccessRequestError, match="监督人员"):
        access_request_create(
            user=people["officer"], case=case, kind="retrieval", reason="看看"
        )
    with pytest.raises(AccessRequestError, match="不是"):
        access_request_create(
            user=other_archivist, case=case, kind="view", reason="看看"
        )
    with pytest.raises(AccessRequestError, match="事由"):
        access_request_create(
            user=people["officer"], case=case, kind="view", reason="  "
        )
    with pytest.raises(AccessRequestError, match="期限"):
        access_request_create(
            user=people["officer"], case=case, kind="view", reason="复核", days=400
        )
    assert not AccessRequest.objects.exists()


def test_party_copy_by_an_authorised_deputy_is_recorded(case, people):
    request = access_request_create(
        user=people["officer"],
        case=case,
        kind="copy",
        reason="当事人申请复制",
        for_party=True,
        materials=[_text_material(case)],
    )
    access_request_decide(
        request=request, user=people["deputy"], approve=True, reason="同意"
    )
    request.refresh_from_db()
    assert "授权书1号" in request.decision_reason


def test_revoked_grant_opens_nothing(client, case, people):
    request = access_request_create(
        user=people["officer"], case=case, kind="view", reason="复核"
    )
    access_request_decide(
        request=request, user=people["head"], approve=True, reason="同意"
    )
    access_grant_revoke(grant=request.grant, by=people["chief"], reason="事由已消失")
    decision = content_decision(people["officer"], case, _text_material(case))
    assert not decision.allowed and "撤销" in decision.why


def test_superuser_alone_opens_nothing_and_is_flagged_under_a_grant(
    client, case, people
):
    root = get_user_model().objects.create_superuser("root", password="pw")
    client.force_login(root)
    assert client.get(_gate(_text_material(case))).status_code == 404
    assert AccessLogEntry.objects.get().action == "denied"
    membership_set(user=root, agency=case.agency, role=Role.OFFICER)
    request = access_request_create(
        user=root, case=case, kind="view", reason="系统检查"
    )
    access_request_decide(
        request=request, user=people["head"], approve=True, reason="同意"
    )
    assert client.get(_gate(_text_material(case))).status_code == 200
    assert AccessLogEntry.objects.get(action="view_content").data["superuser"] is True


def test_sysadmin_has_no_content(client, case, people):
    client.force_login(people["sysadmin"])
    assert client.get(_gate(_text_material(case))).status_code == 404


def test_custodian_gives_a_purpose_once_per_case(client, archivist, case):
    material = _text_material(case)
    client.force_login(archivist)
    asked = client.get(_gate(material))
    assert asked.status_code == 403 and "查阅事由" in asked.content.decode()
    assert not AccessLogEntry.objects.filter(action="view_content").exists()
    response = client.post(
        reverse("access_control:purpose", args=[case.pk]),
        {"purpose": "鉴定", "next": _gate(material)},
    )
    assert response.status_code == 302 and response["Location"] == _gate(material)
    assert client.get(_gate(material)).status_code == 200
    assert client.get(_gate(_photo(case))).status_code == 200
    reasons = set(
        AccessLogEntry.objects.filter(action="view_content").values_list(
            "reason", flat=True
        )
    )
    assert reasons == {"鉴定"}


def test_purpose_form_refuses_outsiders_and_foreign_redirects(
    client, other_archivist, archivist, case
):
    client.force_login(other_archivist)
    url = reverse("access_control:purpose", args=[case.pk])
    assert client.post(url, {"purpose": "整理"}).status_code == 404
    client.force_login(archivist)
    response = client.post(url, {"purpose": "整理", "next": "https://evil.example/"})
    assert response["Location"] == reverse("wagtailadmin_home")


def test_archive_user_command_sets_and_removes_roles(case):
    out = StringIO()
    call_command(
        "archive_user",
        "zhang",
        role="section_head",
        agency=case.agency.code,
        department=DEPARTMENT,
        json=True,
        stdout=out,
    )
    roles = json.loads(out.getvalue())["roles"]
    assert roles == [
        {
            "agency": case.agency.code,
            "role": "section_head",
            "department": DEPARTMENT,
            "authorisation": "",
        }
    ]
    user = get_user_model().objects.get(username="zhang")
    assert not user.has_usable_password()
    with pytest.raises(CommandError, match="--department"):
        call_command("archive_user", "li", role="section_head", agency=case.agency.code)
    with pytest.raises(CommandError, match="没有统一社会信用代码"):
        call_command("archive_user", "li", role="officer", agency="X")
    call_command(
        "archive_user",
        "zhang",
        role="section_head",
        agency=case.agency.code,
        department=DEPARTMENT,
        remove=True,
        stdout=StringIO(),
    )
    assert not user.memberships.exists()
    with pytest.raises(CommandError, match="没有该角色"):
        call_command(
            "archive_user", "zhang", role="chief", agency=case.agency.code, remove=True
        )


def test_officer_sees_the_catalogue_not_the_content(client, case, people):
    client.force_login(people["officer"])
    page = client.get(reverse("case:inspect", args=[case.pk]))
    assert page.status_code == 200
    assert client.get(_gate(_text_material(case))).status_code == 403


def test_approvers_and_then_the_requester_are_told_by_email(case, people, mailoutbox):
    request = access_request_create(
        user=people["officer"], case=case, kind="view", reason="复议答复"
    )
    filed = mailoutbox[0]
    assert sorted(filed.to) == ["chief@example.cn", "head@example.cn"]
    assert request.number in filed.subject and "002 §23" in filed.body  # photos
    access_request_decide(
        request=request, user=people["head"], approve=False, reason="与职责无关"
    )
    decided = mailoutbox[1]
    assert decided.to == ["officer@example.cn"]
    assert "不予批准" in decided.subject and "与职责无关" in decided.body


def test_request_command_names_an_unknown_case_or_material(case, people):
    for args, options, message in [
        (["不存在的案号"], {}, "不存在的案号"),
        ([case.case_number], {"material": ["data/materials/nope.pdf"]}, "nope.pdf"),
        ([case.case_number], {"kind": "borrow"}, "borrow"),
    ]:
        options = {"user": "officer", "kind": "view", "reason": "复核", **options}
        with pytest.raises(CommandError, match=message):
            call_command("access_request", *args, **options)
    assert not AccessRequest.objects.exists()


def test_a_period_of_n_days_opens_n_local_days(case, people):
    request = access_request_create(
        user=people["officer"], case=case, kind="view", reason="复核", days=1
    )
    access_request_decide(
        request=request, user=people["head"], approve=True, reason="同意"
    )
    assert AccessGrant.objects.get(request=request).until == timezone.localdate()


def test_text_search_needs_the_right_to_read_the_case(case, people, archivist):
    from access_control.selectors import text_scope_for
    from dossiers.models import Case

    def searchable(user):
        return Case.objects.filter(text_scope_for(user=user).q()).exists()

    assert searchable(archivist) and not searchable(people["officer"])
    request = access_request_create(
        user=people["officer"], case=case, kind="view", reason="复议答复"
    )
    access_request_decide(
        request=request, user=people["head"], approve=True, reason="同意"
    )
    assert searchable(people["officer"])


def test_the_catalogue_does_not_show_parties_or_history(client, case, people):
    client.force_login(people["officer"])
    page = client.get(reverse("case:inspect", args=[case.pk])).content.decode()
    assert case.case_number in page and 'data-testid="catalogue-only"' in page
    assert case.officers.first().certificate not in page
    assert 'data-testid="events"' not in page


def test_a_section_head_decides_only_their_own_agencys_section(case, people):
    from access_control.selectors import requests_awaiting
    from dossiers.models import Agency

    other = Agency.objects.create(
        name="另一机关", code="11220500MB0000001X", fonds="J777"
    )
    membership_set(
        user=people["other_head"],
        agency=other,
        role=Role.SECTION_HEAD,
        department=DEPARTMENT,
    )
    request = access_request_create(
        user=people["officer"], case=case, kind="view", reason="复核"
    )
    assert list(requests_awaiting(user=people["head"])) == [request]
    assert not requests_awaiting(user=people["other_head"]).exists()


def test_revoking_a_request_without_a_grant_is_a_message_not_an_error(
    client, case, people
):
    request = access_request_create(
        user=people["officer"], case=case, kind="view", reason="复核"
    )
    client.force_login(people["chief"])
    url = reverse("access_request_detail", args=[request.pk])
    response = client.post(url, {"action": "revoke", "reason": "x"}, follow=True)
    assert response.status_code == 200 and "没有授权" in response.content.decode()
