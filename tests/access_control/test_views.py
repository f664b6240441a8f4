"""The content gate: permission first, log entry second, content last."""

import pytest
from django.urls import reverse

from access_control.models import AccessLogEntry


@pytest.fixture
def pdf_material(ingested_case):
    return ingested_case.materials.get(media_type="application/pdf", sequence=1)


def _url(material, **query):
    url = reverse("access_control:material_content", args=[material.pk])
    query = {"purpose": "审核", **query}
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_archivist_reads_pdf_inline_with_safe_headers(client, archivist, pdf_material):
    client.force_login(archivist)
    response = client.get(_url(pdf_material, purpose="复查"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("inline; filename*=UTF-8''")
    assert "ETag" not in response
    assert pdf_material.digest not in str(response.headers)
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    entry = AccessLogEntry.objects.get(action="view_content")
    assert entry.user == archivist
    assert entry.object_id == str(pdf_material.pk)
    assert entry.case_number == pdf_material.case.case_number
    assert entry.reason == "复查"
    assert entry.ip_address == "127.0.0.1"


def test_download_is_an_attachment_and_logged_as_download(
    client, archivist, pdf_material
):
    client.force_login(archivist)
    response = client.get(_url(pdf_material, download=1))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert AccessLogEntry.objects.filter(action="download").count() == 1


def test_anonymous_is_refused_and_logged(client, pdf_material):
    response = client.get(_url(pdf_material))
    assert response.status_code == 403
    entry = AccessLogEntry.objects.get()
    assert entry.action == "denied" and entry.user is None
    assert entry.case_number == pdf_material.case.case_number


def test_other_agency_gets_404_and_a_log_entry(client, other_archivist, pdf_material):
    client.force_login(other_archivist)
    response = client.get(_url(pdf_material))
    assert response.status_code == 404
    entry = AccessLogEntry.objects.get()
    assert entry.action == "denied" and entry.user == other_archivist


def test_unknown_material_is_404_and_logged(client, archivist):
    client.force_login(archivist)
    response = client.get("/records/materials/999999/content/")
    assert response.status_code == 404
    assert AccessLogEntry.objects.get().action == "denied"


def test_no_log_entry_no_content(client, archivist, pdf_material, monkeypatch):
    """If the log entry cannot be written, no byte of content is sent."""
    from access_control import views

    def fail(**kwargs):
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(views, "access_log_record", fail)
    client.force_login(archivist)
    client.raise_request_exception = False
    response = client.get(_url(pdf_material))
    assert response.status_code == 500
    assert b"%PDF" not in response.content


def test_post_is_not_allowed(client, archivist, pdf_material):
    client.force_login(archivist)
    assert client.post(_url(pdf_material)).status_code == 405


def test_originals_are_not_reachable_by_media_url(client, archivist, pdf_material):
    client.force_login(archivist)
    for url in (f"/media/{pdf_material.digest}", f"/storage/{pdf_material.digest}"):
        assert client.get(url, follow=True).status_code == 404
