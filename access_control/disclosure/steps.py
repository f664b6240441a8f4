"""What every step of the officer's work shares: its error, the row lock and
the state check (`workflow`, `answers`)."""

from access_control.disclosure.models import DisclosureApplication, Status


class WorkflowError(ValueError):
    """A step that cannot be taken; the message says why, in Chinese."""


def locked(application: DisclosureApplication) -> DisclosureApplication:
    """The application re-read under a row lock (inside a transaction)."""
    return DisclosureApplication.objects.select_for_update().get(pk=application.pk)


def require(application: DisclosureApplication, *statuses: str) -> None:
    """Refuse the step unless the application is in one of `statuses`."""
    if application.status not in statuses:
        allowed = "、".join(Status(s).label for s in statuses)
        status = application.get_status_display()
        raise WorkflowError(
            f"申请 {application.number} 当前状态为“{status}”，"
            f"只有“{allowed}”的申请可以办理这一步。"
        )


def text_required(value: str, label: str) -> str:
    """`value` stripped, or a refusal asking for `label`."""
    value = (value or "").strip()
    if not value:
        raise WorkflowError(f"请填写{label}。")
    return value
