"""The database itself refuses to change or remove access-log rows."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from access_control.checkpoints import access_log_checkpoint_sign
from access_control.models import AccessAction, AccessLogCheckpoint, AccessLogEntry
from access_control.services import access_log_record, access_log_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    user = get_user_model().objects.create_user("reader")
    return access_log_record(user=user, action=AccessAction.VIEW_CASE, reason="查阅")


def test_an_update_below_django_is_refused(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry._base_manager.filter(pk=entry.pk).update(reason="改过的事由")
    assert AccessLogEntry.objects.get(pk=entry.pk).reason == "查阅"
    assert access_log_verify().ok


def test_a_checkpoint_cannot_be_rewritten(entry):
    checkpoint = access_log_checkpoint_sign()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogCheckpoint._base_manager.filter(pk=checkpoint.pk).update(entry_count=0)
    assert AccessLogCheckpoint.objects.get().entry_count == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite keeps DELETE for Django's own flush (see db_triggers)",
)
def test_a_delete_below_django_is_refused_on_postgresql(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry._base_manager.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
