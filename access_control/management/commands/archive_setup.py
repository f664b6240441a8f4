"""`manage.py archive_setup [--demo-users]`: roles, the administrator, demo logins.

Idempotent: run it after every deploy. Passwords are generated once, written
to `var/logins.json` (mode 0600) and printed on every run so `make run` always
shows how to log in.
"""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from access_control.models import Role
from access_control.roles import membership_set
from access_control.services import agency_archivists_group, archivist_role_ensure
from dossiers.commands import ArchiveCommand
from dossiers.models import Agency


class Command(ArchiveCommand):
    help = "创建角色与管理员账号；--demo-users 另建演示用档案管理员和信息公开工作人员。"

    def add_arguments(self, parser):
        parser.add_argument("--admin", default="admin", help="管理员用户名")
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="创建演示档案管理员和信息公开工作人员账号",
        )

    @transaction.atomic
    def handle(self, *args, admin: str, demo_users: bool, **options):
        role = archivist_role_ensure()
        logins = _load_logins()
        self._user(logins, admin, superuser=True)
        if demo_users:
            agencies = list(Agency.objects.order_by("pk"))
            archivist = self._user(logins, "archivist")
            archivist.groups.add(role, *(agency_archivists_group(a) for a in agencies))
            if agencies:
                other = self._user(logins, "archivist2")
                other.groups.add(role, agency_archivists_group(agencies[0]))
            self._desk_users(logins, agencies)
        _save_logins(logins)
        login_url = _login_url()
        for username, password in logins.items():
            self.stdout.write(f"登录 {login_url} 用户名 {username} 密码 {password}")

    def _desk_users(self, logins: dict, agencies: list) -> None:
        """The 政府信息公开 desk of every agency: an officer and the head."""
        for username, desk_role in (
            ("gongkai", Role.DISCLOSURE_OFFICER),
            ("gongkai_head", Role.DISCLOSURE_HEAD),
        ):
            user = self._user(logins, username)
            for agency in agencies:
                membership_set(user=user, agency=agency, role=desk_role)

    def _user(self, logins: dict, username: str, *, superuser: bool = False):
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(username=username)
        if created or username not in logins:
            logins[username] = secrets.token_urlsafe(12)
            user.set_password(logins[username])
        user.is_superuser = user.is_staff = superuser
        user.save()
        return user


def _login_url() -> str:
    """The admin's address on this deployment (WAGTAILADMIN_BASE_URL)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("wagtailadmin_home")


def _logins_path() -> Path:
    return Path(settings.VAR_DIR) / "logins.json"


def _load_logins() -> dict[str, str]:
    path = _logins_path()
    return json.loads(path.read_text()) if path.exists() else {}


def _save_logins(logins: dict[str, str]) -> None:
    path = _logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(logins, indent=2))
    path.chmod(0o600)
