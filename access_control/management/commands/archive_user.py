"""`manage.py archive_user USERNAME --role ROLE --agency CODE [--department NAME]
[--authorisation TEXT] [--password-stdin] [--remove]`: give or take a role.

Creates the account when it does not exist (unusable password unless one is
read from stdin). Roles: archivist, officer, section_head, deputy, chief,
supervisor, sysadmin, appraiser.
"""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction

from access_control.models import Membership, Role
from access_control.roles import membership_remove, membership_set
from dossiers.commands import ArchiveCommand
from dossiers.models import Agency


class Command(ArchiveCommand):
    help = "设置或撤销用户在某机关的角色。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--role", required=True, choices=Role.values, help="角色")
        parser.add_argument("--agency", required=True, help="机关统一社会信用代码")
        parser.add_argument("--department", default="", help="科室（科室负责人必填）")
        parser.add_argument(
            "--authorisation", default="", help="分管负责人获主要负责人授权的依据"
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="从标准输入读取密码"
        )
        parser.add_argument("--remove", action="store_true", help="撤销该角色")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    @transaction.atomic
    def handle(self, *args, username: str, role: str, agency: str, **options):
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            raise CommandError(f"没有统一社会信用代码为 {agency} 的机关。")
        if role == Role.SECTION_HEAD and not options["department"].strip():
            raise CommandError("科室负责人须以 --department 指明科室。")
        user = self._account(username, options)
        if options["remove"]:
            removed = membership_remove(
                user=user,
                agency=found,
                role=role,
                department=options["department"] or None,
            )
            if not removed:
                raise CommandError(f"用户 {username} 在 {found.name} 没有该角色。")
        else:
            membership_set(
                user=user,
                agency=found,
                role=role,
                department=options["department"],
                authorisation=options["authorisation"],
            )
        self._report(user, options["json"])

    def _account(self, username: str, options: dict):
        if not username.strip():
            raise CommandError("用户名不能为空。")
        users = get_user_model().objects
        user = users.filter(username=username).first()
        if user is None and options["remove"]:
            raise CommandError(f"没有用户 {username}。")
        if user is None:
            user = users.create_user(username=username)
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                raise CommandError("标准输入中没有密码。")
            user.set_password(password)
            user.save(update_fields=["password"])
        return user

    def _report(self, user, as_json: bool) -> None:
        roles = [
            {
                "agency": m.agency.code,
                "role": m.role,
                "department": m.department,
                "authorisation": m.authorisation,
            }
            for m in Membership.objects.filter(user=user).select_related("agency")
        ]
        if as_json:
            self.write_json({"username": user.get_username(), "roles": roles})
            return
        for role in roles:
            label = Role(role["role"]).label
            self.stdout.write(
                f"{user.get_username()} {role['agency']} {label} {role['department']}"
            )
