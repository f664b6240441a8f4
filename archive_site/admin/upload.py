"""Admin views that are not plain model views: the package upload."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from archive_site.admin.forms import PackageUploadForm
from preservation.services.ingest import package_ingest

UPLOAD_PERMISSION = "preservation.add_ingestreport"


@require_http_methods(["GET", "POST"])
def package_upload(request):
    """Take a packaged SIP from an archivist and show its ingest report."""
    if not request.user.has_perm(UPLOAD_PERMISSION):
        raise PermissionDenied
    form = PackageUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = _ingest_upload(request, form.cleaned_data["package"])
        url = reverse("ingestreport:inspect", args=[report.pk])
        return redirect(url)
    return TemplateResponse(
        request, "archive_site/admin/package_upload.html", {"form": form}
    )


def _ingest_upload(request, upload):
    staging = Path(settings.ARCHIVE_STAGING)
    staging.mkdir(parents=True, exist_ok=True)
    # The upload keeps no trust: it is an opaque file until ingest has checked it.
    with tempfile.NamedTemporaryFile(dir=staging, prefix="upload-") as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        return package_ingest(
            source=Path(tmp.name),
            user=request.user,
            package_name=Path(upload.name).name,
        )
