"""The actions of the 信息公开 desk: one POST form each, one service each.

`action_view` opens the application as the page does (its desk staff only),
checks the action's form and calls its service; a done action redirects to
the page with a message saying what was recorded, a refused one renders the
page again with the posted form, its errors and the service's own message
(the services in `access_control.disclosure` decide what the 条例 allows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from access_control.disclosure import workflow
from access_control.disclosure.applications import ReceiptError, receipt_confirm
from access_control.disclosure.models import DisclosureApplication, Outcome
from access_control.disclosure.workflow import WorkflowError
from access_control.selectors import cases_visible_to
from archive_site.admin import disclosure_forms as desk_forms
from archive_site.admin.disclosure_desk import desk_application
from archive_site.admin.disclosure_detail import application_page
from archive_site.pages.uploads import uploads_on_disk, uploads_problems

# What a service raises when it refuses (its message is Chinese, one line).
REFUSALS: tuple[type[Exception], ...] = (ReceiptError, WorkflowError)


def _posted_link(request: HttpRequest) -> int | None:
    value = request.POST.get("link", "")
    return int(value) if value.isdigit() else None


@dataclass(frozen=True)
class Action:
    form: Callable[[HttpRequest, DisclosureApplication], forms.Form]
    run: Callable[[HttpRequest, DisclosureApplication, dict], str]
    # Where the page shows the posted form again (default: the action's name).
    key: Callable[[HttpRequest], object] = lambda request: None


def _plain(form_class) -> Callable:
    return lambda request, application: form_class(request.POST)


def _receipt_form(request, application):
    return desk_forms.ReceiptForm(request.POST, channel=application.channel)


def _receipt(request, application, data) -> str:
    receipt_confirm(
        application,
        by=request.user,
        received_on=data["received_on"],
        note=data["note"],
    )
    day = data["received_on"]
    return f"已确认收到申请 {application.number}，收到申请日 {day:%Y-%m-%d}。"


def _correction(request, application, data) -> str:
    workflow.correction_request(
        application, by=request.user, notice=data["notice"], reply_by=data["reply_by"]
    )
    return (
        f"已告知补正，补正期限 {data['reply_by']:%Y-%m-%d}；"
        "答复期限自收到补正之日起重新计算。"
    )


def _supplement_form(request, application):
    return desk_forms.SupplementReceivedForm(request.POST, request.FILES)


def _supplement(request, application, data) -> str:
    """A paper or posted 补正: every file checked before anything is stored."""
    with uploads_on_disk(data["attachments"]) as attachments:
        problems = uploads_problems(attachments)
        if problems:
            raise ValidationError({"attachments": problems})
        workflow.supplement_submit(
            application,
            text=data["text"],
            attachments=attachments,
            by=request.user,
            received_on=data["received_on"],
        )
    day = data["received_on"]
    return f"已登记补正，收到补正日 {day:%Y-%m-%d}；答复期限自该日起重新计算。"


def _consultation_start(request, application, data) -> str:
    consultation = workflow.consultation_start(
        application,
        by=request.user,
        third_party=data["third_party"],
        matter=data["matter"],
    )
    return (
        f"已向{consultation.third_party}征求意见，第三方答复期限 "
        f"{consultation.reply_by:%Y-%m-%d}；征求意见期间不计入答复期限。"
    )


def _consultation_end(request, application, data) -> str:
    consultation = application.consultations.filter(pk=data["consultation"]).first()
    if consultation is None:
        raise WorkflowError("没有找到该征求第三方意见的记录。")
    workflow.consultation_end(
        consultation,
        by=request.user,
        opinion=data["opinion"],
        opinion_text=data["opinion_text"],
        replied_on=data["replied_on"],
    )
    return f"已登记{consultation.third_party}的意见，答复期限已重新计算。"


def _extension_request(request, application, data) -> str:
    workflow.extension_request(application, by=request.user, reason=data["reason"])
    return "已提交延期申请，待信息公开工作机构负责人批准。"


def _extension_decide(request, application, data) -> str:
    approve = data["verdict"] == "approve"
    decided = workflow.extension_decide(
        application, by=request.user, approve=approve, note=data["note"]
    )
    if not approve:
        return "已不同意延期，答复期限不变。"
    due = f"，新的答复期限 {decided.due_on:%Y-%m-%d}" if decided.due_on else ""
    return f"已同意延长答复期限 20 个工作日{due}。"


def _link_add(request, application, data) -> str:
    visible = cases_visible_to(user=request.user)
    case = visible.filter(pk=data["case"]).first()
    if case is None:
        raise WorkflowError("没有找到该案件，或您无权查看该案件。")
    material = None
    if data["material"]:
        material = case.materials.filter(pk=data["material"]).first()
        if material is None:
            raise WorkflowError(f"所选材料不属于案件 {case.case_number}。")
    workflow.link_add(application, by=request.user, case=case, material=material)
    what = f"的材料“{material.title}”" if material else ""
    return f"已关联案件 {case.case_number}{what}，请作出保密审查结论。"


def _link(application, pk):
    link = application.links.select_related("case").filter(pk=pk).first()
    if link is None:
        raise WorkflowError("没有找到该关联档案。")
    return link


def _link_remove(request, application, data) -> str:
    link = _link(application, data["link"])
    workflow.link_remove(link, by=request.user)
    return f"已取消关联 {link.case.case_number}。"


def _review_form(request, application):
    auto_id = f"id_review{_posted_link(request)}_%s"
    return desk_forms.LinkReviewForm(request.POST, auto_id=auto_id)


def _link_review(request, application, data) -> str:
    link = workflow.link_review(
        _link(application, data["link"]),
        by=request.user,
        decision=data["decision"],
        ground=data["ground"],
        note=data["note"],
    )
    decision = link.get_decision_display()
    return f"已记录 {link.case.case_number} 的保密审查结论：{decision}。"


def _answer(request, application, data) -> str:
    workflow.answer_record(
        application,
        by=request.user,
        outcome=data["outcome"],
        ground=data["ground"],
        text=data["text"],
        other_agency=data["other_agency"],
    )
    return f"已作出答复：{Outcome(data['outcome']).label}。告知书见本页。"


def _delivery(request, application, data) -> str:
    delivery = workflow.delivery_record(
        application,
        by=request.user,
        method=data["method"],
        delivered_on=data["delivered_on"],
        note=data["note"],
    )
    method = delivery.get_method_display()
    return f"已登记送达：{method}，{data['delivered_on']:%Y-%m-%d}。"


ACTIONS: dict[str, Action] = {
    "receipt": Action(_receipt_form, _receipt),
    "correction": Action(_plain(desk_forms.CorrectionForm), _correction),
    "supplement": Action(_supplement_form, _supplement),
    "consultation_start": Action(
        _plain(desk_forms.ConsultationStartForm), _consultation_start
    ),
    "consultation_end": Action(
        _plain(desk_forms.ConsultationEndForm), _consultation_end
    ),
    "extension_request": Action(
        _plain(desk_forms.ExtensionRequestForm), _extension_request
    ),
    "extension_decide": Action(
        _plain(desk_forms.ExtensionDecideForm), _extension_decide
    ),
    "link_add": Action(_plain(desk_forms.LinkAddForm), _link_add),
    "link_remove": Action(_plain(desk_forms.LinkRemoveForm), _link_remove),
    "link_review": Action(
        _review_form,
        _link_review,
        key=lambda request: ("review", _posted_link(request)),
    ),
    "answer": Action(_plain(desk_forms.AnswerForm), _answer),
    "delivery": Action(_plain(desk_forms.DeliveryForm), _delivery),
}


@require_POST
def action_view(request: HttpRequest, pk: int, action: str):
    """Do one action on application `pk`, or show the page with what is wrong."""
    application = desk_application(request, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这个操作。")
    form = spec.form(request, application)
    if form.is_valid():
        try:
            done = spec.run(request, application, form.cleaned_data)
        except REFUSALS as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:  # a refused file, named at its field
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect("disclosure_application", application.pk)
    messages.error(request, _problems(form))
    application.refresh_from_db()
    key = spec.key(request) or action
    return application_page(request, application, bound={key: form})


def _problems(form: forms.Form) -> str:
    """The form's errors as one line (they are also shown beside the fields)."""
    texts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        texts += [f"{label}：{e}" if label else e for e in errors]
    return "未能完成：" + "；".join(texts)
