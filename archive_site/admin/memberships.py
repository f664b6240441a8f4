"""People's roles in the admin (**设置 › 岗位**): the same as `archive_user`.

A 岗位 is one role of one person in one agency (a section for a 科室负责人,
the chief's authorisation for a 分管负责人). Adding and removing go through
`access_control.roles` (which also keeps the role's groups in step); a 岗位's
person, agency and role are fixed once made — remove it and add another.
Only users with the `access_control` membership permissions (the 系统管理员
role, superusers) see this screen; it grants no content by itself, and nobody
sets a 岗位 for themselves here.
"""

from django import forms
from django.db import transaction
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from access_control.models import Membership, Role
from access_control.roles import membership_remove, membership_set

FIELDS = ["user", "agency", "role", "department", "authorisation"]
FIXED = ("user", "agency", "role")


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = FIELDS

    def __init__(self, *args, **kwargs):
        self.for_user = kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in FIXED:
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        editor = self.for_user
        if editor is not None and data.get("user") == editor:
            # Nobody gives themselves a role: a 系统管理员 could otherwise make
            # themselves a custodian or an approver.
            self.add_error("user", "不能为本人设置或更改岗位。")
        if (
            data.get("role") == Role.SECTION_HEAD
            and not data.get("department", "").strip()
        ):
            self.add_error("department", "科室负责人须填写科室。")
        return data


class EditorFormMixin:
    """Hands the form who is editing, so it can refuse a role for oneself."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class MembershipCreateView(EditorFormMixin, generic.CreateView):
    @transaction.atomic
    def save_instance(self):
        data = self.form.cleaned_data
        return membership_set(**{name: data[name] for name in FIELDS})


class MembershipEditView(EditorFormMixin, generic.EditView):
    @transaction.atomic
    def save_instance(self):
        data = self.form.cleaned_data
        stored = Membership.objects.get(pk=self.object.pk)
        membership_remove(
            user=stored.user,
            agency=stored.agency,
            role=stored.role,
            department=stored.department,
        )
        return membership_set(**{name: data[name] for name in FIELDS})


class MembershipDeleteView(generic.DeleteView):
    @transaction.atomic
    def delete_action(self):
        membership_remove(
            user=self.object.user,
            agency=self.object.agency,
            role=self.object.role,
            department=self.object.department,
        )


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = "岗位"
    menu_order = 910
    add_to_settings_menu = True
    form_fields = FIELDS
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    copy_view_enabled = False
    list_display = [
        "user",
        "agency",
        Column("get_role_display", label="角色"),
        "department",
        "authorisation",
    ]
    list_filter = ["agency", "role"]
    search_fields = ["user__username", "department"]

    def get_form_class(self, for_update=False):
        return MembershipForm
