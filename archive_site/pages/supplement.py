"""补正 (Art. 30) from the status page: text and files, checked, then filed.

Every attachment is checked by content before
`access_control.disclosure.workflow.supplement_submit` is called, so a
refused file stores nothing; the workflow's own refusals (the reply date
passed, nothing given, no 补正 asked) are shown as they are worded there.
"""

from access_control.disclosure.workflow import WorkflowError, supplement_submit
from archive_site.pages.forms import SupplementForm
from archive_site.pages.responses import client_address, see_other
from archive_site.pages.status import held_application, status_render
from archive_site.pages.uploads import uploads_on_disk, uploads_problems


def supplement_serve(page, request):
    """POST: file the session's application's supplement; else the status page."""
    application = held_application(page, request)
    if request.method != "POST":
        return see_other(page.url)
    form = SupplementForm(request.POST, request.FILES)
    if not form.is_valid():
        return status_render(page, request, application, form)
    with uploads_on_disk(form.cleaned_data["attachments"]) as attachments:
        for problem in uploads_problems(attachments):
            form.add_error("attachments", problem)
        if not form.is_valid():
            return status_render(page, request, application, form)
        try:
            supplement_submit(
                application,
                text=form.cleaned_data["text"],
                attachments=attachments,
                address=client_address(request) or None,
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
            return status_render(page, request, application, form)
    return see_other(page.url)
