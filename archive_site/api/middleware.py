"""Everything under /api/: streamed uploads, size limit, JSON errors, audit.

`ProducerApiMiddleware` stands early in `MIDDLEWARE`. For a request under
/api/ it installs the staging upload handler, refuses a body announced larger
than the upload limit (413) before reading it, turns every non-JSON failure
(an unknown path's 404, a 405, an unexpected exception's 500) into the API's
JSON error, removes any staged upload no view took, and writes one
`ProducerApiCall` per request: which token, which endpoint, what came of it.
Other paths pass untouched.
"""

import json
import logging

from django.http import HttpRequest, HttpResponse

from archive_site.api.errors import ApiError, error_response
from archive_site.api.models import ProducerApiCall
from archive_site.api.uploads import StagedUpload, StagingUploadHandler, upload_limit

logger = logging.getLogger(__name__)
PREFIX = "/api/"
# Multipart framing around the package itself.
FRAMING_BYTES = 64 * 1024


class ProducerApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        request.upload_handlers = [StagingUploadHandler(request)]
        if _announced_size(request) > upload_limit() + FRAMING_BYTES:
            response = error_response(
                413, message=f"请求超过 {upload_limit()} 字节的限制。"
            )
        else:
            response = self._answer(request)
        _uploads_discard(request)
        _audit(request, response)
        return response

    def _answer(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except ApiError as error:
            return error_response(error.status, error.code, error.message)
        if response.status_code >= 300 and not _is_json(response):
            # No API address redirects: a 3xx here is APPEND_SLASH guessing
            # at an unknown path.
            return error_response(max(response.status_code, 404))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not request.path.startswith(PREFIX):
            return None
        if isinstance(exception, ApiError):
            return error_response(exception.status, exception.code, exception.message)
        logger.exception("Unexpected error in %s %s", request.method, request.path)
        return error_response(500)


def _uploads_discard(request: HttpRequest) -> None:
    # A staged file no view took (a refused call, another field name) goes.
    if not hasattr(request, "_files"):
        return  # the body was never parsed
    for upload in request.FILES.values():
        if isinstance(upload, StagedUpload):
            upload.close()
            upload.path.unlink(missing_ok=True)


def _announced_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def _outcome(response: HttpResponse) -> str:
    if response.status_code < 400:
        return "ok"
    try:
        return str(json.loads(response.content).get("code", ""))[:40]
    except (ValueError, AttributeError):
        return str(response.status_code)


def _audit(request: HttpRequest, response: HttpResponse) -> None:
    token = getattr(request, "producer_token", None)
    ProducerApiCall.objects.create(
        token=token,
        token_prefix=token.prefix if token else _presented_prefix(request),
        method=request.method[:10],
        path=request.path[:500],
        status=response.status_code,
        outcome=_outcome(response),
        address=request.META.get("REMOTE_ADDR") or None,
    )


def _presented_prefix(request: HttpRequest) -> str:
    # The visible part of a refused token, so its owner can be told.
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret[:12] if scheme.lower() == "bearer" else ""
