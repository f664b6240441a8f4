"""What every response of the public 政府信息公开 pages shares.

Their pages carry personal data or one-time secrets (the 查询码), so no
browser or proxy may keep them: `Cache-Control: no-store` on each.
"""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse


def client_address(request) -> str:
    """The client's address as the server saw it (REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "")


def page_render(
    page, request, template: str = "", status: int = 200, **context
) -> TemplateResponse:
    """`page`'s template (or `template`) with its context, never cached."""
    response = TemplateResponse(
        request,
        template or page.get_template(request),
        {**page.get_context(request), **context},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


def sibling_page(page, model_name: str):
    """The live page of model `model_name` beside `page` (same index), or None."""
    return (
        page.get_siblings(inclusive=False)
        .live()
        .filter(content_type__app_label="archive_site", content_type__model=model_name)
        .first()
    )


def see_other(url: str) -> HttpResponseRedirect:
    """303 See Other: after a POST, the browser GETs `url` (no re-post)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response
