"""Login throttling: repeated failures lock an account and an address out,
the lock is logged and shown to user managers, and they can lift it."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def _login(client, username, password, address="10.0.0.7"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _fail(client, username, times, address="10.0.0.7"):
    for _ in range(times):
        response = _login(client, username, "wrong", address)
        assert response.status_code in (200, 429)


def test_right_password_logs_in(archivist):
    response = _login(Client(), "archivist", "pw-archivist")
    assert response.status_code == 302


def test_five_failures_lock_the_account_even_with_the_right_password(
    settings, archivist
):
    client = Client()
    _fail(client, "archivist", settings.AXES_FAILURE_LIMIT)
    response = _login(client, "archivist", "pw-archivist", address="10.0.0.8")
    assert response.status_code == 429
    assert "登录已被暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="archivist").exists()


def test_failures_from_one_address_lock_that_address_for_everyone(
    settings, archivist, staff_without_role
):
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"guess{n}", "wrong")
    assert _login(client, "archivist", "pw-archivist").status_code == 429
    assert _login(Client(), "archivist", "pw-archivist", "10.0.0.9").status_code == 302


def test_user_manager_sees_the_lock_and_lifts_it(settings, archivist, admin_client):
    _fail(Client(), "archivist", settings.AXES_FAILURE_LIMIT)
    page = admin_client.get("/admin/archive/lockouts/")
    assert page.status_code == 200
    assert "archivist" in page.content.decode()
    attempt = AccessAttempt.objects.get(username="archivist")
    response = admin_client.post(f"/admin/archive/lockouts/{attempt.pk}/release/")
    assert response.status_code == 302
    assert _login(Client(), "archivist", "pw-archivist").status_code == 302


def test_archivists_cannot_see_or_lift_locks(client, archivist, settings):
    _fail(Client(), "someone", settings.AXES_FAILURE_LIMIT)
    client.force_login(archivist)
    assert client.get("/admin/archive/lockouts/").status_code in (302, 403)
    attempt = AccessAttempt.objects.get(username="someone")
    client.post(f"/admin/archive/lockouts/{attempt.pk}/release/")
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
