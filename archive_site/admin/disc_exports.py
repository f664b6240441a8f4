"""Disc export from the browser: choose a medium and a set, watch it, download.

Starting an export needs `preservation.add_disc`; it takes the sealed packages
of the user's cases that are not yet on a disc of the set, records a
`DiscExport` and enqueues `disc_export_task`. The export page shows the job's
progress (refreshing itself while it runs) and links each disc's image, label
and manifest through the logged gate (`access_control:disc_file`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from access_control.selectors import packages_visible_to
from access_control.tasks import disc_export_task
from preservation.models import DiscExport, DiscExportStatus, DiscMedia, DiscSet
from preservation.selectors import packages_without_disc
from preservation.services.discs import disc_export_create

ADD_DISC = "preservation.add_disc"
DISC_FILES = [
    ("iso", "光盘镜像（ISO）"),
    ("label", "光盘标签（PDF）"),
    ("manifest", "光盘清单（JSON）"),
]


def _packages(user, disc_set: str) -> list:
    todo = packages_without_disc(disc_set=disc_set)
    return list(packages_visible_to(user=user, queryset=todo))


@require_http_methods(["GET", "POST"])
def disc_export_start_view(request: HttpRequest):
    if not request.user.has_perm(ADD_DISC):
        raise PermissionDenied
    if request.method == "POST":
        media, disc_set = (
            request.POST.get("media", ""),
            request.POST.get("disc_set", ""),
        )
        try:
            export = disc_export_create(
                user=request.user,
                media=media,
                disc_set=disc_set,
                packages=_packages(request.user, disc_set),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            disc_export_task.enqueue(export.pk)
            return redirect(reverse("archive_disc_export", args=[export.pk]))
    context = {"media": DiscMedia.choices, "sets": DiscSet.choices}
    return TemplateResponse(
        request, "archive_site/admin/disc_export_start.html", context
    )


def disc_export_view(request: HttpRequest, pk: int):
    export = DiscExport.objects.filter(pk=pk).first()
    # Only its requester follows an export (superuser status adds nothing).
    mine = export and export.requested_by == request.user
    if not (mine and request.user.has_perm(ADD_DISC)):
        raise Http404("没有找到该光盘制作任务。")
    discs = [
        (
            disc,
            [
                (reverse("access_control:disc_file", args=[disc.pk, k]), label, k)
                for k, label in DISC_FILES
            ],
        )
        for disc in export.discs.order_by("disc_number")
    ]
    running = export.status in (DiscExportStatus.QUEUED, DiscExportStatus.RUNNING)
    context = {"export": export, "discs": discs, "running": running}
    return TemplateResponse(request, "archive_site/admin/disc_export.html", context)


def disc_file_links(disc) -> list[tuple[str, str, str]]:
    """Download links of a disc made from the browser; none for other discs."""
    if not disc.exports.exists():
        return []
    return [
        (reverse("access_control:disc_file", args=[disc.pk, k]), label, k)
        for k, label in DISC_FILES
    ]
