"""archive_setup prints where to log in on this deployment, not on a laptop."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_login_line_uses_the_deployments_admin_address(settings, capsys):
    settings.WAGTAILADMIN_BASE_URL = "https://archive.example.gov.cn/"
    call_command("archive_setup")
    out = capsys.readouterr().out
    assert "登录 https://archive.example.gov.cn/admin/ 用户名 admin" in out
    assert "127.0.0.1" not in out
