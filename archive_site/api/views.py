"""提交接口令牌: the admin page where an agency's archivists issue, rotate and
revoke its API tokens (superusers: every agency's), and 提交接口调用记录, the
read-only listing of the calls made with them (superusers: also the calls no
token matches).

A new secret is shown once, in the answer to the POST that made it, and is
never put in a message, the session or a log. Registered in 设置 by
`wagtail_hooks`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from archive_site.api.models import ProducerToken
from archive_site.api.selectors import (
    producer_api_calls_for,
    producer_api_calls_of_token,
)
from archive_site.api.tokens import (
    can_manage_tokens,
    producer_token_create,
    producer_token_revoke,
    producer_token_rotate,
)
from dossiers.models import Agency
from preservation.services.ingest.producers import agencies_user_may_ingest_into

TEMPLATE = "producer_api/tokens.html"
CALLS_TEMPLATE = "producer_api/calls.html"
CALLS_PER_PAGE = 50


def managed_agencies(user) -> list[Agency]:
    """The agencies whose tokens `user` may manage."""
    agencies = Agency.objects.filter(merged_into=None).order_by("name")
    if user.is_superuser:
        return list(agencies)
    return list(agencies_user_may_ingest_into(user, agencies))


def _page(request, *, issued=None, secret: str = "", status: int = 200):
    agencies = managed_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    tokens = ProducerToken.objects.filter(agency__in=agencies).select_related(
        "agency", "created_by"
    )
    context = {
        "agencies": agencies,
        "tokens": tokens,
        "issued": issued,
        "secret": secret,
    }
    return TemplateResponse(request, TEMPLATE, context, status=status)


@require_http_methods(["GET", "POST"])
def token_list(request):
    """The tokens of the user's agencies; POST issues a new one."""
    if request.method == "GET":
        return _page(request)
    agency = get_object_or_404(
        Agency, pk=request.POST.get("agency") or 0, merged_into=None
    )
    name = request.POST.get("name", "").strip()[:100]
    if not can_manage_tokens(request.user, agency):
        raise PermissionDenied
    if not name:
        messages.error(request, "请填写令牌名称。")
        return _page(request, status=400)
    token, secret = producer_token_create(agency=agency, name=name, user=request.user)
    return _page(request, issued=token, secret=secret)


def _managed_token(request, pk: int) -> ProducerToken:
    token = get_object_or_404(ProducerToken.objects.select_related("agency"), pk=pk)
    if not can_manage_tokens(request.user, token.agency):
        raise PermissionDenied
    return token


@require_POST
def token_rotate(request, pk: int):
    """Revoke a token and issue its successor, shown once."""
    token = _managed_token(request, pk)
    issued, secret = producer_token_rotate(token=token, user=request.user)
    return _page(request, issued=issued, secret=secret)


@require_POST
def token_revoke(request, pk: int):
    """Revoke a token at once."""
    token = producer_token_revoke(token=_managed_token(request, pk))
    messages.success(request, f"已吊销令牌 {token}。")
    return redirect("producer_api_tokens")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
def call_list(request):
    """The API calls of the user's agencies, filtered by agency, token, status."""
    agencies = managed_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    tokens = ProducerToken.objects.filter(agency__in=agencies)
    visible = producer_api_calls_for(
        agencies=agencies, everything=request.user.is_superuser
    )
    calls = visible
    chosen = {key: _int(request.GET.get(key)) for key in ("agency", "token", "status")}
    if chosen["agency"]:
        calls = calls.filter(owner_agency=chosen["agency"])
    if chosen["token"]:
        token = get_object_or_404(tokens, pk=chosen["token"])
        calls = producer_api_calls_of_token(calls, token=token)
    if chosen["status"]:
        calls = calls.filter(status=chosen["status"])
    statuses = visible.order_by("status").values_list("status", flat=True)
    context = {
        "agencies": agencies,
        "tokens": tokens,
        "statuses": statuses.distinct(),
        "chosen": chosen,
        "page": Paginator(calls, CALLS_PER_PAGE).get_page(request.GET.get("p")),
    }
    return TemplateResponse(request, CALLS_TEMPLATE, context)
