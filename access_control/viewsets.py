"""The admin's user pages, where deleting a person who is in the access log
deactivates the account instead.

The log hashes each reader's id and name as they were; the account behind
them is kept (inactive) so the record of who read what stays whole. Accounts
that never read anything may still be deleted.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
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
