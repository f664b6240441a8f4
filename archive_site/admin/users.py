"""The admin's user pages, where deleting a person who is in the access log
deactivates the account instead (one by one, or in a bulk delete).

The log hashes each reader's id and name as they were; the account behind
them is kept (inactive) so the record of who read what stays whole. Accounts
that never read anything may still be deleted.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from wagtail.users.views import users

from access_control.selectors import user_in_access_log
from access_control.services import user_deactivate

KEPT_MESSAGE = "用户“{name}”出现在访问日志中，已停用而未删除。"


class UserDeleteView(users.DeleteView):
    def in_log(self) -> bool:
        return user_in_access_log(user=self.object)

    @property
    def confirmation_message(self):
        if self.in_log():
            return "该用户出现在访问日志中，不能删除；确认后将停用该账号。"
        return super().confirmation_message

    def form_valid(self, form):
        if not self.in_log():
            return super().form_valid(form)
        user_deactivate(user=self.object, by=self.request.user)
        messages.warning(
            self.request, KEPT_MESSAGE.format(name=self.object.get_username())
        )
        return HttpResponseRedirect(self.get_success_url())


class UserViewSet(users.UserViewSet):
    delete_view_class = UserDeleteView


def users_bulk_delete_guard(request, action_type, objects, action_class):
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
