"""Letters and releases reach the applicant logged; an expired link sends nothing."""

import datetime as dt

import pytest
import time_machine

from access_control.disclosure.downloads import download_link_create
from access_control.disclosure.files import file_store
from access_control.disclosure.models import DisclosureFile
from access_control.models import AccessAction, AccessLogEntry, ReadPurpose
from tests.access_control.disclosure.conftest import CHINA
from tests.archive_site.pages.conftest import PDF, status_open

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 16, 10, tzinfo=CHINA)


def _file(application, tmp_path, kind, name, **data):
    path = tmp_path / name
    path.write_bytes(PDF + name.encode())
    return file_store(
        application,
        kind=kind,
        name=name,
        path=path,
        media_type="application/pdf",
        data=data,
    )


def _downloads():
    return AccessLogEntry.objects.filter(
        action=AccessAction.DOWNLOAD, reason=ReadPurpose.DISCLOSURE_DOWNLOAD
    )


@pytest.fixture
def release(received, tmp_path, disclosure_officer):
    """A release of the application and a link to it valid 16–17 Nov 2026."""
    application, code = received
    file = _file(application, tmp_path, DisclosureFile.Kind.RELEASE, "公开件.pdf")
    with time_machine.travel(NOW, tick=False):
        link, token = download_link_create(
            application, file, by=disclosure_officer, days=2
        )
    return application, code, link, token


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_letter_downloads_from_the_session_logged(client, pages, received, tmp_path):
    application, code = received
    letter = _file(application, tmp_path, DisclosureFile.Kind.LETTER, "告知书.pdf")
    status_open(client, pages["status"], application.number, code)
    page = client.get(pages["status"].url).content.decode()
    url = f"{pages['status'].url}letter/{letter.pk}/"
    assert url in page

    response = client.get(url)

    assert _body(response) == PDF + "告知书.pdf".encode()
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment;" in response["Content-Disposition"]
    entry = _downloads().get()
    assert entry.data["application"] == application.number


def test_a_letter_needs_the_session_and_must_be_public(
    client, pages, received, tmp_path
):
    application, code = received
    kind = DisclosureFile.Kind.LETTER
    letter = _file(application, tmp_path, kind, "告知书.pdf")
    internal = _file(application, tmp_path, kind, "第三方.pdf", public=False)

    assert client.get(f"{pages['status'].url}letter/{letter.pk}/").status_code == 404
    status_open(client, pages["status"], application.number, code)
    assert "第三方.pdf" not in client.get(pages["status"].url).content.decode()
    assert client.get(f"{pages['status'].url}letter/{internal.pk}/").status_code == 404
    assert not _downloads().exists()


def test_a_release_downloads_from_the_status_page_logged(client, pages, release):
    application, code, link, _token = release
    with time_machine.travel(NOW, tick=False):
        status_open(client, pages["status"], application.number, code)
        page = client.get(pages["status"].url).content.decode()
        assert "下载有效期至 2026-11-17" in page
        response = client.get(f"{pages['status'].url}release/{link.pk}/")

    assert _body(response) == PDF + "公开件.pdf".encode()
    assert _downloads().get().data["link"] == link.pk
    link.refresh_from_db()
    assert link.downloads == 1


def test_an_expired_link_says_so_and_sends_nothing(client, pages, release):
    application, code, link, token = release
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        status_open(client, pages["status"], application.number, code)
        page = client.get(pages["status"].url).content.decode()
        by_page = client.get(f"{pages['status'].url}release/{link.pk}/")
        by_token = client.get(f"/gongkai/download/{token}/")

    assert "下载链接已于 2026-11-17 过期" in page
    for response in (by_page, by_token):
        assert response.status_code == 410
        assert "下载链接已于 2026-11-17 过期" in response.content.decode()
    assert not _downloads().exists()


def test_the_token_link_works_and_is_logged(client, release):
    application, _code, _link, token = release
    with time_machine.travel(NOW, tick=False):
        response = client.get(f"/gongkai/download/{token}/")

    assert response.status_code == 200
    assert _body(response) == PDF + "公开件.pdf".encode()
    entry = _downloads().get()
    assert entry.data["application"] == application.number
    assert entry.user is None


def test_an_unknown_token_is_a_chinese_404(client, release):
    response = client.get("/gongkai/download/not-a-token/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert not _downloads().exists()
