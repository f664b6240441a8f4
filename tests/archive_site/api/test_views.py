"""提交接口令牌 in the admin: one actor per test (issue, rotate, revoke)."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access_control.services import agency_archivists_group, archivist_role_ensure
from archive_site.api.models import ProducerToken
from archive_site.api.tokens import producer_token_create, producer_token_revoke
from tests.archive_site.api.conftest import bearer

pytestmark = pytest.mark.django_db
PAGE = "/admin/producer-tokens/"


def _user(name, *groups, **extra):
    user = get_user_model().objects.create_user(username=name, password="pw", **extra)
    user.groups.add(*groups)
    return user


@pytest.fixture
def agency_archivist(client, major_agency):
    user = _user("zh", archivist_role_ensure(), agency_archivists_group(major_agency))
    client.force_login(user)
    return user


def _secret(response) -> str:
    return re.search(r'<code id="new-token">([^<]+)</code>', response.text).group(1)


def test_an_archivist_issues_a_token_shown_once(client, agency_archivist, major_agency):
    issued = client.post(PAGE, {"agency": major_agency.pk, "name": "办案系统"})

    secret = _secret(issued)
    assert client.get("/api/v1/cases/x", headers=bearer(secret)).status_code == 404
    assert ProducerToken.objects.get().created_by == agency_archivist
    listing = client.get(PAGE)
    assert listing.status_code == 200
    assert "办案系统" in listing.text
    assert secret not in listing.text


def test_rotating_a_token_ends_the_old_one(client, agency_archivist, major_agency):
    old, old_secret = producer_token_create(agency=major_agency, name="办案系统")

    rotated = client.post(f"{PAGE}{old.pk}/rotate/")

    new_secret = _secret(rotated)
    assert client.get("/api/v1/cases/x", headers=bearer(old_secret)).status_code == 401
    assert client.get("/api/v1/cases/x", headers=bearer(new_secret)).status_code == 404


def test_revoking_a_token_ends_it(client, agency_archivist, major_agency):
    token, secret = producer_token_create(agency=major_agency, name="办案系统")

    response = client.post(f"{PAGE}{token.pk}/revoke/")

    assert response.status_code == 302
    assert client.get("/api/v1/cases/x", headers=bearer(secret)).status_code == 401


def test_another_agencys_archivist_can_neither_see_nor_revoke(client, major_agency):
    from dossiers.models import Agency

    other = Agency.objects.exclude(pk=major_agency.pk).first()
    client.force_login(
        _user("other", archivist_role_ensure(), agency_archivists_group(other))
    )
    token, secret = producer_token_create(agency=major_agency, name="珠晖区系统")

    assert token.prefix not in client.get(PAGE).text
    refused = client.post(f"{PAGE}{token.pk}/revoke/")

    assert refused.status_code == 302  # Wagtail: away to the admin's front
    assert refused["Location"] == "/admin/"
    # Still live: the call is authenticated (404 for an unknown case, not 401).
    assert client.get("/api/v1/cases/x", headers=bearer(secret)).status_code == 404


def test_staff_without_the_archivist_role_are_refused(client, major_agency):
    client.force_login(_user("clerk", is_staff=True))

    # Without an admin role: back to the admin's login.
    assert client.get(PAGE)["Location"].startswith("/admin/login/")
    response = client.post(PAGE, {"agency": major_agency.pk, "name": "x"})
    assert response["Location"].startswith("/admin/login/")
    assert not ProducerToken.objects.exists()


def test_a_superuser_issues_tokens_for_any_agency(client, admin_user, major_agency):
    from dossiers.models import Agency

    client.force_login(admin_user)
    agencies = Agency.objects.all()

    listing = client.get(PAGE)
    issued = client.post(PAGE, {"agency": agencies.last().pk, "name": "总局系统"})

    assert all(agency.name in listing.text for agency in agencies)
    secret = _secret(issued)
    assert client.get("/api/v1/cases/x", headers=bearer(secret)).status_code == 404


CALLS = "/admin/producer-api-calls/"


def test_an_archivist_reads_their_agencys_calls_in_local_time(
    client, agency_archivist, token, other_token
):
    with time_machine.travel(dt.datetime(2026, 12, 5, 1, 17, 30, tzinfo=dt.UTC)):
        client.get("/api/v1/cases/x", headers=bearer(token))
    client.get("/api/v1/cases/y", headers=bearer(other_token))

    page = client.get(CALLS).text

    assert "2026-12-05 09:17:30" in page  # Beijing time, to the second
    assert token[:12] in page and "办案系统" in page
    assert "/api/v1/cases/x" in page and "case_not_found" in page and "404" in page
    assert other_token[:12] not in page and "/api/v1/cases/y" not in page


def test_calls_are_filtered_by_token_and_status(
    client, agency_archivist, major_agency, token
):
    second, second_secret = producer_token_create(agency=major_agency, name="第二系统")
    client.get("/api/v1/cases/x", headers=bearer(token))
    client.delete("/api/v1/cases/x", headers=bearer(token))
    client.get("/api/v1/cases/z", headers=bearer(second_secret))

    by_status = client.get(CALLS, {"status": 405}).text
    by_token = client.get(CALLS, {"token": second.pk}).text

    assert "method_not_allowed" in by_status and "case_not_found" not in by_status
    assert "/api/v1/cases/z" in by_token and "/api/v1/cases/x" not in by_token


def test_a_superuser_also_sees_calls_no_token_matches(client, admin_user):
    client.get("/api/v1/cases/x", headers=bearer("eap_notarealtoken"))
    client.force_login(admin_user)

    page = client.get(CALLS).text

    assert "<code>eap_notareal…</code>（未认证）" in page and "unauthorized" in page


def test_the_calls_page_is_read_only_and_linked_from_the_tokens(
    client, agency_archivist, token
):
    token_row = ProducerToken.objects.get()

    assert f"{CALLS}?token={token_row.pk}" in client.get(PAGE).text
    assert client.post(CALLS).status_code == 405


def test_a_revoked_tokens_refused_calls_are_its_agencys(
    client, agency_archivist, major_agency
):
    revoked, secret = producer_token_create(agency=major_agency, name="旧系统")
    producer_token_revoke(token=revoked)
    client.get("/api/v1/cases/x", headers=bearer(secret))

    page = client.get(CALLS, {"token": revoked.pk}).text

    assert f"<code>{revoked.prefix}…</code>（未认证）" in page
    assert major_agency.name in page and "unauthorized" in page


def test_the_calls_listing_costs_the_same_queries_for_more_rows(
    client, agency_archivist, token
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CALLS).status_code == 200
        return len(captured)

    client.get("/api/v1/cases/x", headers=bearer(token))
    one = queries()
    for _ in range(5):
        client.get("/api/v1/cases/x", headers=bearer(token))

    assert queries() == one
