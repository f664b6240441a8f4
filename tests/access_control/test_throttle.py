"""Anonymous floods: past the per-minute limit, 429 and one summary entry."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from access_control.models import AccessLogEntry
from access_control.services import access_log_verify
from access_control.throttle import access_log_summaries_write

START = dt.datetime(2026, 12, 4, 10, 0, 5, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def limit_of_five(settings, time_machine):
    settings.ACCESS_LOG_ANONYMOUS_DENIALS_PER_MINUTE = 5
    time_machine.move_to(START, tick=False)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def url(ingested_case):
    material = ingested_case.materials.get(sequence=1)
    return reverse("access_control:material_content", args=[material.pk])


def test_a_flood_writes_the_limit_then_answers_429(client, url):
    statuses = [client.get(url).status_code for _ in range(100)]
    assert statuses == [403] * 5 + [429] * 95
    assert AccessLogEntry.objects.count() == 5


def test_the_flood_is_summarised_in_one_entry_once_the_minute_is_over(
    client, url, time_machine
):
    for _ in range(100):
        client.get(url)
    time_machine.move_to(START + dt.timedelta(minutes=1), tick=False)
    assert access_log_summaries_write() == 1
    summary = AccessLogEntry.objects.get(data__summary=True)
    assert summary.ip_address == "127.0.0.1"
    assert summary.data["count"] == 100
    assert summary.data["not_logged_individually"] == 95
    assert summary.data["window_start"] == "2026-12-04T10:00:00+00:00"
    assert AccessLogEntry.objects.count() == 6
    assert access_log_summaries_write() == 0  # written once
    assert access_log_verify().ok


def test_the_next_minute_starts_afresh_and_writes_the_summary(
    client, url, time_machine
):
    for _ in range(10):
        client.get(url)
    time_machine.move_to(START + dt.timedelta(minutes=1), tick=False)
    assert client.get(url).status_code == 403
    assert AccessLogEntry.objects.filter(data__summary=True).count() == 1
    assert AccessLogEntry.objects.count() == 5 + 1 + 1


def test_each_address_has_its_own_limit(client, url):
    for _ in range(6):
        client.get(url, REMOTE_ADDR="10.0.0.1")
    assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 403


def test_signed_in_refusals_are_not_throttled(client, other_archivist, url):
    client.force_login(other_archivist)
    statuses = {client.get(url).status_code for _ in range(8)}
    assert statuses == {404}
    assert AccessLogEntry.objects.filter(action="denied").count() == 8
