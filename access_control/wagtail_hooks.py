"""Registration only: keep people who are in the access log from bulk deletion."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from wagtail import hooks

from access_control.selectors import user_in_access_log
from access_control.services import user_deactivate


@hooks.register("before_bulk_action")
def deactivate_logged_users_instead(request, action_type, objects, action_class):
    """Bulk delete of users: those in the log are deactivated and left out."""
    if action_type != "delete" or action_class.model is not get_user_model():
        return None
    kept = [user for user in objects if user_in_access_log(user=user)]
    for user in kept:
        user_deactivate(user=user, by=request.user)
        objects.remove(user)
    if kept:
        names = "、".join(user.get_username() for user in kept)
        messages.warning(request, f"用户 {names} 出现在访问日志中，已停用而未删除。")
    if not objects:
        return redirect(action_class.next_url)
    return None
