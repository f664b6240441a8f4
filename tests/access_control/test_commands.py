import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from access_control.models import AccessAction, AccessLogEntry
from access_control.services import access_log_record

# These tests tamper as someone with database access would, triggers dropped.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_triggers")]


def test_verify_reports_an_intact_chain(capsys):
    user = get_user_model().objects.create_user("reader")
    for _ in range(3):
        access_log_record(user=user, action=AccessAction.VIEW_CASE)
    call_command("access_log_verify")
    assert "共 3 条" in capsys.readouterr().out


def test_verify_fails_on_a_tampered_entry():
    user = get_user_model().objects.create_user("reader")
    for _ in range(3):
        access_log_record(user=user, action=AccessAction.VIEW_CASE)
    AccessLogEntry._base_manager.filter(sequence=2).update(username="someone_else")
    with pytest.raises(CommandError, match="第 2 条"):
        call_command("access_log_verify")
