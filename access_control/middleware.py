"""A damaged access log stops the archive serving content, with a clear answer.

`access_log_record` raises `AccessLogDamaged` when the log's head is missing or
disagrees with the last entry (it fails closed); any view that reads content
then answers 503 with the reason instead of a server error.
"""

from django.http import HttpResponse

from access_control.services import AccessLogDamaged


class AccessLogDamagedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, AccessLogDamaged):
            return None
        return HttpResponse(
            AccessLogDamaged.message,
            status=503,
            content_type="text/plain; charset=utf-8",
        )
