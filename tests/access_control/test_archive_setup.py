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


def test_demo_users_include_the_disclosure_desk(sample_agencies, capsys):
    from django.contrib.auth import get_user_model

    from access_control.disclosure.models import DisclosureApplication
    from access_control.disclosure.selectors import desk_agency_ids, is_desk_head

    call_command("archive_setup", "--demo-users")
    out = capsys.readouterr().out
    assert "用户名 gongkai " in out and "用户名 gongkai_head " in out
    users = get_user_model().objects
    officer, head = users.get(username="gongkai"), users.get(username="gongkai_head")
    every = {agency.pk for agency in sample_agencies}
    assert desk_agency_ids(officer) == every == desk_agency_ids(head)
    assert is_desk_head(head, DisclosureApplication(agency=sample_agencies[0]))
    assert not is_desk_head(officer, DisclosureApplication(agency=sample_agencies[0]))
    call_command("archive_setup", "--demo-users")  # idempotent
    assert desk_agency_ids(officer) == every
