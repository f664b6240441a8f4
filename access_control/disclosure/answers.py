"""Matching an application to the archive, the 保密审查, the answer and its
delivery (Art. 36, 37, 40).

Nothing leaves before its review: an answer that releases information
(予以公开, 部分公开) needs every linked case or material reviewed and at
least one release made (`release.release_make`, which itself refuses an
unreviewed or withheld link). 予以公开 means every link may be released as
it is; anything redacted or withheld makes it 部分公开 (Art. 37 区分处理).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from access_control.disclosure.applications import due_refresh, event_record
from access_control.disclosure.mail import applicant_notify
from access_control.disclosure.models import (
    DisclosureApplication,
    DisclosureDelivery,
    DisclosureFile,
    DisclosureLink,
    EventKind,
    Outcome,
    Status,
    grounds_for,
)
from access_control.disclosure.steps import (
    WorkflowError,
    locked,
    require,
    text_required,
)

WORKING = (Status.IN_PROGRESS, Status.CONSULTING)
Decision = DisclosureLink.Decision


@transaction.atomic
def link_add(
    application: DisclosureApplication, *, by, case, material=None
) -> DisclosureLink:
    """Link a case of the agency (or one of its materials) to the application."""
    application = locked(application)
    require(application, *WORKING)
    if case.agency_id != application.agency_id:
        raise WorkflowError(f"案件 {case.case_number} 不属于本机关，不能关联。")
    if material is not None and material.case_id != case.pk:
        raise WorkflowError(f"材料不属于案件 {case.case_number}。")
    link, created = DisclosureLink.objects.get_or_create(
        application=application,
        case=case,
        material=material,
        defaults={"linked_by": by},
    )
    if not created:
        raise WorkflowError("该案件或材料已经关联。")
    event_record(application, EventKind.LINKED, by=by, data=_link_data(link))
    return link


def _link_data(link: DisclosureLink) -> dict:
    return {
        "case": link.case.case_number,
        "material": link.material.path if link.material else "",
    }


@transaction.atomic
def link_remove(link: DisclosureLink, *, by) -> None:
    """Undo a link from which nothing was released yet."""
    application = locked(link.application)
    require(application, *WORKING)
    if (
        link.material_id
        and application.files.filter(
            kind=DisclosureFile.Kind.RELEASE, source_material_id=link.material_id
        ).exists()
    ):
        raise WorkflowError("已根据该材料制作公开件，不能取消关联。")
    data = _link_data(link)
    link.delete()
    event_record(application, EventKind.UNLINKED, by=by, data=data)


@transaction.atomic
def link_review(
    link: DisclosureLink, *, by, decision: str, ground: str = "", note: str = ""
) -> DisclosureLink:
    """Record the 保密审查 decision for a linked case or material."""
    application = locked(link.application)
    require(application, *WORKING)
    if decision not in Decision.values:
        raise WorkflowError("请选择保密审查结论。")
    withheld = decision == Decision.WITHHOLD
    if withheld and ground not in grounds_for(Outcome.WITHHOLD):
        raise WorkflowError(
            "不予公开的材料须选择不予公开的理由（第十四、十五、十六条）。"
        )
    link.decision = decision
    link.decision_ground = ground if withheld else ""
    link.decision_note = note.strip()
    link.reviewed_by = by
    link.reviewed_at = timezone.now()
    link.save()
    event_record(
        application,
        EventKind.REVIEWED,
        by=by,
        note=link.get_decision_display(),
        data={**_link_data(link), "decision": decision, "ground": link.decision_ground},
    )
    return link


@transaction.atomic
def answer_record(
    application: DisclosureApplication,
    *,
    by,
    outcome: str,
    ground: str = "",
    text: str,
    other_agency: str = "",
) -> DisclosureApplication:
    """Answer the application (Art. 36); the 告知书 follows from the event."""
    application = locked(application)
    require(application, Status.IN_PROGRESS)
    _answer_check(application, outcome, ground)
    today = timezone.localdate()
    late = bool(application.due_on and today > application.due_on)
    application.outcome = outcome
    application.ground = ground
    application.answer_text = text_required(text, "答复内容")
    application.other_agency = other_agency.strip()
    application.answered_on = today
    application.answered_by = by
    application.status = Status.ANSWERED
    application.save()
    due_refresh(application)
    event_record(
        application,
        EventKind.ANSWERED,
        by=by,
        note=application.get_outcome_display(),
        data={"outcome": outcome, "ground": ground, "late": late},
    )
    applicant_notify(
        application, "已作出答复", f"答复类型：{application.get_outcome_display()}。"
    )
    return application


def _answer_check(application, outcome: str, ground: str) -> None:
    if outcome not in Outcome.values:
        raise WorkflowError("请选择答复类型。")
    grounds = grounds_for(outcome)
    if grounds and ground not in grounds:
        label = Outcome(outcome).label
        raise WorkflowError(f"“{label}”的答复须选择属于该类型的理由。")
    if not grounds and ground:
        raise WorkflowError(f"“{Outcome(outcome).label}”的答复不需要选择理由。")
    if outcome in (Outcome.RELEASE, Outcome.PARTIAL):
        _release_check(application, outcome)


def _release_check(application: DisclosureApplication, outcome: str) -> None:
    links = list(application.links.all())
    if not links:
        raise WorkflowError("公开前须先关联所申请的档案并完成保密审查。")
    unreviewed = [link for link in links if not link.decision]
    if unreviewed:
        names = "、".join(_link_data(link)["case"] for link in unreviewed)
        raise WorkflowError(f"以下关联档案尚未完成保密审查：{names}。")
    decisions = {link.decision for link in links}
    if outcome == Outcome.RELEASE and decisions != {Decision.RELEASE}:
        raise WorkflowError("有材料经区分处理或不予公开，应答复为“部分公开”。")
    if outcome == Outcome.PARTIAL and decisions == {Decision.RELEASE}:
        raise WorkflowError("全部材料均可公开，应答复为“予以公开”。")
    if outcome == Outcome.PARTIAL and decisions == {Decision.WITHHOLD}:
        raise WorkflowError("全部材料均不予公开，应答复为“不予公开”。")
    if not application.files.filter(kind=DisclosureFile.Kind.RELEASE).exists():
        raise WorkflowError("请先制作公开件（经区分处理并加盖水印的文件）。")


@transaction.atomic
def delivery_record(
    application: DisclosureApplication,
    *,
    by,
    method: str,
    delivered_on: dt.date,
    note: str = "",
) -> DisclosureDelivery:
    """Record how and when the answer reached the applicant."""
    application = locked(application)
    require(application, Status.ANSWERED)
    if delivered_on > timezone.localdate() or delivered_on < application.answered_on:
        raise WorkflowError("送达日期应在答复日期与今天之间。")
    methods = dict(DisclosureDelivery._meta.get_field("method").choices)
    if method not in methods:
        raise WorkflowError("请选择送达方式。")
    delivery = DisclosureDelivery.objects.create(
        application=application,
        method=method,
        delivered_on=delivered_on,
        note=note.strip(),
        recorded_by=by,
    )
    event_record(
        application,
        EventKind.DELIVERED,
        by=by,
        note=f"{methods[method]} {note.strip()}".strip(),
        data={"delivered_on": delivered_on.isoformat()},
    )
    return delivery
