"""Tampering with the access log as someone with database access would."""

import pytest
from django.db import connection

from access_control.db_triggers import append_only_triggers_remove


@pytest.fixture
def without_triggers(db):
    """Drop the append-only triggers for this test (rolled back with it)."""
    append_only_triggers_remove(connection)
