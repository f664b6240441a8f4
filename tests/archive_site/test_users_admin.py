"""Deleting a user: people in the access log are deactivated, their entries verify."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.urls import reverse

from access_control.models import AccessAction
from access_control.services import access_log_record, access_log_verify

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("root", password="pw-root")


@pytest.fixture
def reader(db):
    user = User.objects.create_user("reader", password="pw-reader")
    access_log_record(user=user, action=AccessAction.VIEW_CASE, reason="查阅")
    return user


def test_admin_delete_of_a_logged_user_deactivates_and_the_log_verifies(
    client, admin, reader
):
    client.force_login(admin)
    url = reverse("wagtailusers_users:delete", args=[reader.pk])
    assert "停用该账号" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "用户“reader”出现在访问日志中，已停用而未删除。" in shown
    reader.refresh_from_db()
    assert reader.is_active is False
    assert access_log_verify().ok


def test_admin_still_deletes_a_user_who_never_read_anything(client, admin):
    newcomer = User.objects.create_user("newcomer")
    client.force_login(admin)
    client.post(reverse("wagtailusers_users:delete", args=[newcomer.pk]))
    assert not User.objects.filter(pk=newcomer.pk).exists()


def test_bulk_delete_keeps_logged_users_and_deletes_the_others(client, admin, reader):
    newcomer = User.objects.create_user("newcomer")
    client.force_login(admin)
    url = reverse("wagtail_bulk_action", args=[User._meta.app_label, "user", "delete"])
    response = client.post(
        f"{url}?id={reader.pk}&id={newcomer.pk}&next=/admin/users/", follow=True
    )
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "reader 出现在访问日志中，已停用而未删除" in shown
    assert not User.objects.filter(pk=newcomer.pk).exists()
    reader.refresh_from_db()
    assert reader.is_active is False
    assert access_log_verify().ok


def test_a_logged_user_cannot_be_deleted_in_code_either(reader):
    with pytest.raises(ProtectedError):
        reader.delete()
    assert access_log_verify().ok
