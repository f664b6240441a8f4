"""E-mail to the applicant, when an address was given.

Only the news and the way to the status page go by mail: letters and
released files are fetched from the status page (or an expiring link), so
a mailbox read by someone else reveals no content. A mail server that is
down never undoes a step (`access_control.notifications.mail_send`).
"""

from access_control.disclosure.models import DisclosureApplication
from access_control.notifications import mail_send


def applicant_notify(
    application: DisclosureApplication, subject: str, body: str
) -> None:
    """Tell the applicant about a step of `application` (no-op without e-mail)."""
    if not application.email:
        return
    mail_send(
        [application.email],
        f"政府信息公开申请 {application.number}：{subject}",
        f"{application.agency.name}\n受理编号：{application.number}\n\n{body}\n\n"
        "请凭受理编号和查询码在本机关政府信息公开“申请查询”页面查看详情和告知书。",
    )
