"""The producers' API as a case-handling system meets it (issue #15, "Proof")."""

import datetime as dt
import tarfile

import pytest
from django.test import Client

from access_control.models import AccessLogEntry
from archive_site.api.models import ProducerApiCall, SipSubmission
from archive_site.api.tokens import producer_token_revoke
from dossiers.models import Case
from tests.archive_site.api.conftest import bearer
from tests.conftest import MAJOR
from tests.preservation.builders import zip_bag

pytestmark = pytest.mark.django_db
CASE_NUMBER = "珠应急罚〔2025〕11号"


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST a package with a token; the task runs when the request commits."""

    def post(path, secret):
        with path.open("rb") as f, django_capture_on_commit_callbacks(execute=True):
            return client.post("/api/v1/sips", {"package": f}, headers=bearer(secret))

    return post


def test_an_accepted_package_is_answered_with_its_ingest_report(
    client, send, token, package_zip
):
    response = send(package_zip, token)

    assert response.status_code == 202
    sip = client.get(f"/api/v1/sips/{response.json()['id']}", headers=bearer(token))
    body = sip.json()
    assert body["state"] == "accepted"
    assert body["report"]["status"] == "accepted"
    assert body["report"]["case_number"] == CASE_NUMBER
    assert body["progress"]["files"] >= 1
    assert set(body["report"]) == {
        "package",
        "status",
        "case_number",
        "errors",
        "findings",
    }


def test_the_producer_sees_its_case_and_the_read_is_logged(
    client, send, token, package_zip
):
    send(package_zip, token)

    response = client.get(f"/api/v1/cases/{CASE_NUMBER}", headers=bearer(token))

    assert response.status_code == 200
    assert response.json()["ingested"] is True
    assert response.json()["state"] == "ingested"
    entry = AccessLogEntry.objects.get(case_number=CASE_NUMBER)
    assert entry.data["producer_token"] == token[:12]


def test_another_agencys_case_is_as_unknown_as_a_missing_one(
    client, send, token, other_token, package_zip
):
    send(package_zip, token)

    theirs = client.get(f"/api/v1/cases/{CASE_NUMBER}", headers=bearer(other_token))
    unknown = client.get("/api/v1/cases/无此案号", headers=bearer(other_token))

    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json()
    assert theirs.json()["code"] == "case_not_found"


def test_another_agencys_package_is_refused_for_this_token(
    client, send, other_token, package_zip
):
    response = send(package_zip, other_token)

    sip = client.get(
        f"/api/v1/sips/{response.json()['id']}", headers=bearer(other_token)
    ).json()
    assert sip["state"] == "refused"
    assert sip["report"]["errors"][0]["code"] == "agency_not_token"
    assert not Case.objects.exists()


@pytest.mark.parametrize("secret", ["", "eap_wrong", "not-a-token"])
def test_a_wrong_token_is_refused_with_401_json(client, package_zip, secret):
    with package_zip.open("rb") as f:
        response = client.post(
            "/api/v1/sips", {"package": f}, headers=bearer(secret) if secret else {}
        )

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert not SipSubmission.objects.exists()


def test_a_revoked_token_is_refused(client, token):
    from archive_site.api.models import ProducerToken

    producer_token_revoke(token=ProducerToken.objects.get())

    response = client.get("/api/v1/cases/x", headers=bearer(token))

    assert response.status_code == 401


def test_a_session_is_never_accepted_under_the_api(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/api/v1/cases/x")

    assert response.status_code == 401


def test_an_oversized_upload_is_refused_with_413_and_nothing_kept(
    client, settings, token, package_zip
):
    settings.PRODUCER_API_MAX_UPLOAD_BYTES = 1024

    response = client.post(
        "/api/v1/sips",
        {"package": package_zip.open("rb")},
        headers=bearer(token),
    )

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert not SipSubmission.objects.exists()
    assert _staged(settings) == []


def test_a_malformed_archive_is_accepted_then_refused_with_its_report(
    client, send, token, tmp_path
):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this is not a whole zip")

    response = send(broken, token)

    assert response.status_code == 202
    sip = client.get(f"/api/v1/sips/{response.json()['id']}", headers=bearer(token))
    assert sip.json()["state"] == "refused"
    assert sip.json()["report"]["errors"]


def test_the_same_package_twice_is_answered_with_the_first_result(
    client, send, token, package_zip
):
    first = send(package_zip, token).json()["id"]
    again = send(package_zip, token)

    assert again.status_code == 202
    assert again.json()["id"] == first
    sip = client.get(f"/api/v1/sips/{first}", headers=bearer(token)).json()
    assert sip["state"] == "accepted"
    assert Case.objects.count() == 1


def test_the_same_bag_in_another_archive_is_a_duplicate_ingest(
    client, send, token, example_bag, tmp_path
):
    bag = example_bag(MAJOR)
    first = send(zip_bag(bag), token).json()["id"]
    tarred = tmp_path / "again.tar"
    with tarfile.open(tarred, "w") as tar:
        tar.add(bag, arcname=bag.name)

    second = send(tarred, token).json()["id"]

    # Other bytes, so another submission; its ingest finds the same case.
    assert second != first
    sip = client.get(f"/api/v1/sips/{second}", headers=bearer(token)).json()
    assert sip["state"] == "duplicate"
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/v1/nowhere", 404, "not_found"),
        ("get", "/api/nothing/here", 404, "not_found"),
        ("delete", "/api/v1/sips/1", 405, "method_not_allowed"),
        ("get", "/api/v1/sips/not-a-number", 422, "invalid_request"),
    ],
)
def test_every_failure_under_api_is_json(client, token, method, path, status, code):
    response = getattr(client, method)(path, headers=bearer(token))

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == code


def test_an_unexpected_error_is_a_json_500(client, token, monkeypatch):
    from archive_site.api import api

    def boom(**_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(api, "producer_case_get", boom)
    client.raise_request_exception = False

    response = client.get("/api/v1/cases/x", headers=bearer(token))

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "disk on fire" not in response.content.decode()


def test_calls_past_the_rate_limit_get_429(client, settings, token, time_machine):
    settings.PRODUCER_API_RATE_PER_MINUTE = 2
    # The limit counts per clock minute: the three calls fall in one minute
    # (on a busy machine they could otherwise straddle its end).
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 30, 10, tzinfo=dt.UTC), tick=False)

    statuses = [
        client.get("/api/v1/cases/x", headers=bearer(token)).status_code
        for _ in range(3)
    ]

    assert statuses == [404, 404, 429]


def test_every_call_is_audited_with_its_token_and_outcome(client, token):
    client.get("/api/v1/cases/x", headers=bearer(token))
    client.get("/api/v1/cases/x", headers=bearer("eap_forged12345"))

    found = ProducerApiCall.objects.order_by("at", "pk")
    assert [(c.token_prefix, c.status, c.outcome) for c in found] == [
        (token[:12], 404, "case_not_found"),
        ("eap_forged12", 401, "unauthorized"),
    ]
    assert found[0].path == "/api/v1/cases/x"


def test_a_token_call_needs_no_csrf_token(
    token, package_zip, django_capture_on_commit_callbacks
):
    strict = Client(enforce_csrf_checks=True)

    with package_zip.open("rb") as f, django_capture_on_commit_callbacks(execute=True):
        response = strict.post("/api/v1/sips", {"package": f}, headers=bearer(token))

    assert response.status_code == 202


def test_a_multipart_body_without_boundary_is_a_400(client, token):
    response = client.generic(
        "POST",
        "/api/v1/sips",
        b"--x\r\n",
        content_type="multipart/form-data",
        headers=bearer(token),
    )

    assert response.status_code == 400
    assert response.json()["code"] == "malformed_multipart"


def _staged(settings) -> list:
    uploads = settings.ARCHIVE_STAGING / "uploads"
    return list(uploads.iterdir()) if uploads.exists() else []


def test_an_upload_under_another_field_is_422_and_leaves_nothing(
    client, settings, token, package_zip
):
    with package_zip.open("rb") as f:
        response = client.post("/api/v1/sips", {"paket": f}, headers=bearer(token))

    assert response.status_code == 422
    assert response.json()["detail"]
    assert _staged(settings) == []


def test_an_ingested_upload_leaves_nothing_in_staging(
    send, settings, token, package_zip
):
    assert send(package_zip, token).status_code == 202

    assert _staged(settings) == []
