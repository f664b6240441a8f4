"""The archive's own 404 page, also while `DEBUG` is on.

With `DEBUG = True` Django answers an unknown URL with its technical page,
which lists every URL pattern of the site. Only developers (superusers) get
that page; everyone else — archivists, staff, anonymous visitors — gets the
archive's Chinese `404.html`, the page production serves through
`handler404`. Other responses pass through untouched.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def _is_developer(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_superuser)


def not_found_page(request: HttpRequest) -> HttpResponse:
    response = TemplateResponse(
        request, "404.html", {"request_path": request.path}, status=404
    )
    return response.render()


class NotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A URL that matched no pattern never reaches `process_exception`.
        unmatched = getattr(request, "resolver_match", None) is None
        if response.status_code == 404 and unmatched and self._hide(request):
            return not_found_page(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, Http404) and self._hide(request):
            return not_found_page(request)
        return None

    @staticmethod
    def _hide(request: HttpRequest) -> bool:
        return settings.DEBUG and not _is_developer(request)
