"""E-mail to the people a request concerns: its approvers when it is filed,
its requester when it is decided. Django's e-mail backend sends them (the
console in development); a mail server that is down never undoes a request.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail

from access_control.approval import RULES, approvers_for
from access_control.models import AccessRequest

logger = logging.getLogger(__name__)


def notify_approvers(request: AccessRequest) -> None:
    rule = RULES[request.rule]
    emails = [u.email for u in approvers_for(request) if u.email]
    mail_send(
        emails,
        f"待审批：{request.get_kind_display()}申请 {request.number}",
        f"{request.requester} 申请{request.get_kind_display()}案件 "
        f"{request.case.case_number}（{request.case.title}），事由：{request.reason}。"
        f"\n{rule.label}。",
    )


def notify_requester(request: AccessRequest) -> None:
    email = request.requester.email
    verdict = request.get_status_display()
    mail_send(
        [email] if email else [],
        f"{request.number} {verdict}",
        f"您的{request.get_kind_display()}申请 {request.number}"
        f"（案件 {request.case.case_number}）{verdict}：{request.decision_reason}",
    )


def mail_send(recipients: list[str], subject: str, body: str) -> None:
    if not recipients:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:  # the mail server is down: the request stands
        logger.warning("通知邮件未能发出：%s", subject, exc_info=True)
