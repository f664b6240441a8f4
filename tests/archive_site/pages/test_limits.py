"""Floods of applications and guessed 查询码: refused, nothing stored."""

import re

import pytest
from django.test import Client

from access_control.disclosure.models import DisclosureApplication
from tests.archive_site.pages.conftest import form_data, resident_id, status_open

pytestmark = pytest.mark.django_db


def test_the_sixth_application_from_one_address_is_refused(client, pages):
    for serial in range(5):
        data = form_data(id_number=resident_id(serial))
        assert client.post(pages["apply"].url, data).status_code == 200
    assert DisclosureApplication.objects.count() == 5

    response = client.post(pages["apply"].url, form_data(id_number=resident_id(9)))

    assert response.status_code == 429
    assert "同一网络地址一小时内最多提交 5 件申请" in response.content.decode()
    assert DisclosureApplication.objects.count() == 5


def test_the_fourth_application_with_one_id_number_is_refused(client, pages):
    for n in range(3):
        extra = {"REMOTE_ADDR": f"10.0.0.{n + 1}"}
        assert client.post(pages["apply"].url, form_data(), **extra).status_code == 200

    response = client.post(pages["apply"].url, form_data(), REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 429
    assert "同一证件号码 24 小时内最多提交 3 件申请" in response.content.decode()
    assert DisclosureApplication.objects.count() == 3


def test_refused_forms_do_not_count(client, pages):
    for _ in range(6):
        client.post(pages["apply"].url, form_data(description=""))

    assert client.post(pages["apply"].url, form_data()).status_code == 200


def _as_typed(response, number: str) -> str:
    """The body without its CSRF token, the typed number replaced."""
    body = re.sub(r'value="[^"]{40,}"', "", response.content.decode())
    return body.replace(f'value="{number}"', 'value="NUMBER"')


def test_an_unknown_number_and_a_wrong_code_get_the_same_answer(
    client, pages, submitted
):
    application, _code = submitted
    wrong_code = status_open(client, pages["status"], application.number, "A" * 12)
    unknown = status_open(client, pages["status"], "GK2026-999999", "A" * 12)

    assert wrong_code.status_code == unknown.status_code == 200
    body = _as_typed(wrong_code, application.number)
    assert body == _as_typed(unknown, "GK2026-999999")
    assert "受理编号或查询码不正确" in body


def test_five_failures_lock_the_number_even_for_the_right_code(
    client, pages, submitted
):
    application, code = submitted
    for n in range(5):
        extra = {"REMOTE_ADDR": f"10.1.0.{n}"}
        status_open(client, pages["status"], application.number, "A" * 12, **extra)

    right = status_open(client, pages["status"], application.number, code)

    assert right.status_code == 429
    assert "查询失败次数过多" in right.content.decode()
    assert "disclosure_status" not in client.session


def test_five_failures_lock_the_address_whatever_the_number(client, pages, submitted):
    application, code = submitted
    for n in range(5):
        status_open(client, pages["status"], f"GK2026-99990{n}", "A" * 12)

    locked = status_open(client, pages["status"], application.number, code)
    unknown = status_open(client, pages["status"], "GK2026-888888", "B" * 12)

    assert locked.status_code == unknown.status_code == 429
    body = _as_typed(locked, application.number)
    assert body == _as_typed(unknown, "GK2026-888888")
    assert "查询失败次数过多" in body


def test_the_lookup_needs_its_csrf_token(pages, submitted):
    application, code = submitted
    client = Client(enforce_csrf_checks=True)

    response = status_open(client, pages["status"], application.number, code)

    assert response.status_code == 403
    assert "disclosure_status" not in client.session
