"""登录锁定: the system administrator's list of locked-out logins, and unlock.

django-axes counts failed logins per account and per address and refuses
further logins past `AXES_FAILURE_LIMIT`; this view shows who is locked out
now (absolute local times) and lets a user-manager lift a lock, which is
logged. It is registered in 设置 for users who may change accounts.
"""

import logging

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.menu import MenuItem

logger = logging.getLogger(__name__)
MANAGE_USERS = "auth.change_user"


def _require_user_manager(request) -> None:
    if not request.user.has_perm(MANAGE_USERS):
        raise PermissionDenied


@require_http_methods(["GET"])
def lockout_list(request):
    """Every account or address whose failures reached the limit."""
    _require_user_manager(request)
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")
    return TemplateResponse(
        request,
        "archive_site/admin/lockouts.html",
        {"attempts": attempts, "failure_limit": settings.AXES_FAILURE_LIMIT},
    )


@require_POST
def lockout_release(request, pk: int):
    """Lift one lock (its account and address) and say so in the log."""
    _require_user_manager(request)
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    reset(ip=attempt.ip_address, username=attempt.username)
    logger.warning(
        "Login lock of %r from %s released by %s",
        attempt.username,
        attempt.ip_address,
        request.user.get_username(),
    )
    messages.success(request, f"已解除 {attempt.username} 的登录锁定。")
    return redirect("archive_lockouts")


class LockoutMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MANAGE_USERS)


def lockout_menu_item() -> MenuItem:
    return LockoutMenuItem(
        "登录锁定", reverse("archive_lockouts"), icon_name="lock", order=610
    )


def lockout_urls() -> list:
    return [
        path("archive/lockouts/", lockout_list, name="archive_lockouts"),
        path(
            "archive/lockouts/<int:pk>/release/",
            lockout_release,
            name="archive_lockout_release",
        ),
    ]
