import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from access_control.models import AccessAction, AccessLogEntry
from access_control.services import access_log_record, access_log_verify

# These tests tamper as someone with database access would, triggers dropped.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_triggers")]


@pytest.fixture
def user():
    return get_user_model().objects.create_user("reader")


def _write(user, n=3):
    return [
        access_log_record(
            user=user, action=AccessAction.VIEW_CONTENT, reason=f"第{i}次"
        )
        for i in range(n)
    ]


def test_entries_form_one_chain(user):
    first, second, third = _write(user)
    assert (first.sequence, second.sequence, third.sequence) == (1, 2, 3)
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    assert access_log_verify().ok
    assert access_log_verify().checked == 3


def test_an_edited_entry_is_detected(user):
    _write(user)
    # Bypass the model's guard, as someone with database access would.
    AccessLogEntry._base_manager.filter(sequence=2).update(reason="改过的事由")
    report = access_log_verify()
    assert not report.ok
    assert report.broken_at == 2
    assert "篡改" in report.message


def test_a_deleted_entry_is_detected(user):
    _write(user)
    AccessLogEntry._base_manager.filter(sequence=2).delete()
    report = access_log_verify()
    assert not report.ok
    assert report.broken_at == 3


def test_a_deleted_last_entry_is_detected(user):
    _write(user)
    AccessLogEntry._base_manager.filter(sequence=3).delete()
    assert not access_log_verify().ok


def test_a_rehashed_forgery_still_breaks_the_next_link(user):
    from access_control.services import entry_digest

    _write(user)
    entry = AccessLogEntry.objects.get(sequence=2)
    entry.reason = "伪造"
    AccessLogEntry._base_manager.filter(pk=entry.pk).update(
        reason="伪造", entry_hash=entry_digest(entry)
    )
    report = access_log_verify()
    assert not report.ok
    assert report.broken_at == 3


def test_entries_cannot_be_changed_or_deleted_through_the_model(user):
    (entry,) = _write(user, 1)
    entry.reason = "x"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


def test_anonymous_reads_are_logged_without_a_user(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/x", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="测试")
    entry = access_log_record(
        user=AnonymousUser(), action=AccessAction.DENIED, request=request
    )
    assert entry.user is None and entry.username == ""
    assert entry.ip_address == "10.1.2.3"
    assert entry.user_agent == "测试"


def test_bulk_update_and_delete_are_refused(user):
    _write(user)
    with pytest.raises(ValidationError):
        AccessLogEntry.objects.filter(sequence=2).update(reason="x")
    with pytest.raises(ValidationError):
        AccessLogEntry.objects.all().delete()
    assert access_log_verify().ok
