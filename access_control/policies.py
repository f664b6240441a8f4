"""Wagtail admin permission policy for cases: read-only, narrowed per object.

Cases are created only by ingest and never edited or deleted in the admin, so
"add", "change" and "delete" are refused to everyone, superusers included.
"view" needs the model permission (the archivist role) to show the menu, and
the object rules (`access_control.rules`) for each case.
"""

from wagtail.permission_policies.base import ModelPermissionPolicy

from access_control.rules import can_view_case
from access_control.selectors import cases_visible_to

READ_ONLY_ACTIONS = {"view"}


class CasePermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action not in READ_ONLY_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return action in READ_ONLY_ACTIONS and can_view_case(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not READ_ONLY_ACTIONS & set(actions):
            return self.model._default_manager.none()
        return cases_visible_to(user=user)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """For append-only records (ingest reports, the access log)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)
