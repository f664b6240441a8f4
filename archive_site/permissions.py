"""Permission and role names in Chinese, for the users and groups screens.

Django names its permissions "Can add …" in English when it creates them, and
Wagtail adds a few of its own. After every migrate this renames them in
Chinese (the model's translated verbose name after the verb), and renames
Wagtail's two seed groups. Names only: codenames, and so every check, stay.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import translation

VERBS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
CUSTOM = {
    "access_admin": "可访问管理后台",
    "bulk_delete_page": "可删除含子页面的页面",
    "lock_page": "可锁定、解锁本人锁定的页面",
    "publish_page": "可发布任何页面",
    "unlock_page": "可解锁任何页面",
    "choose_document": "可选择文档",
    "choose_image": "可选择图片",
}
GROUPS = {"Editors": "网站编辑", "Moderators": "网站审核"}


def _name(permission: Permission) -> str | None:
    if permission.codename in CUSTOM:
        return CUSTOM[permission.codename]
    verb, _, _model = permission.codename.partition("_")
    model = (
        global_apps.get_model(
            permission.content_type.app_label, permission.content_type.model
        )
        if verb in VERBS
        else None
    )
    if model is None or not permission.name.startswith("Can "):
        return None
    return f"可{VERBS[verb]}{model._meta.verbose_name}"


def permission_names_translate(**kwargs) -> None:
    """Rename English permission and seed-group names (a post_migrate handler)."""
    with translation.override("zh-hans"):
        english = Permission.objects.filter(
            Q(name__startswith="Can ") | Q(codename__in=CUSTOM)
        )
        for permission in english.select_related("content_type"):
            try:
                name = _name(permission)
            except LookupError:  # a stale content type of a removed model
                continue
            if name and name != permission.name:
                permission.name = name[:255]
                permission.save(update_fields=["name"])
    for english, chinese in GROUPS.items():
        if not Group.objects.filter(name=chinese).exists():
            Group.objects.filter(name=english).update(name=chinese)
