"""An unknown URL shows the archive's own Chinese 404 page, DEBUG or not."""

import pytest
from django.contrib.auth import get_user_model

UNKNOWN = ["/no-such-page/", "/records/no-such-thing/", "/admin/no-such-thing/"]


def _leaks(html: str) -> bool:
    return "URLconf" in html or "Django tried these URL patterns" in html


def _assert_archive_404(response) -> None:
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "返回首页" in html
    assert not _leaks(html)


@pytest.mark.parametrize("debug", [True, False])
def test_visitors_get_the_archive_404(client, db, settings, debug):
    settings.DEBUG = debug
    for url in UNKNOWN[:2]:
        _assert_archive_404(client.get(url))


@pytest.mark.parametrize("debug", [True, False])
def test_archivists_get_the_archive_404(client, other_archivist, settings, debug):
    settings.DEBUG = debug
    client.force_login(other_archivist)
    for url in UNKNOWN[:2]:
        _assert_archive_404(client.get(url))
    # The admin answers with its own Chinese page, which lists no URLs either.
    admin = client.get(UNKNOWN[2])
    assert admin.status_code == 404 and "转到管理界面" in admin.content.decode()
    assert not _leaks(admin.content.decode())


def test_developers_keep_djangos_debug_page(client, db, settings):
    settings.DEBUG = True
    root = get_user_model().objects.create_superuser("root", password="pw-root")
    client.force_login(root)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在（404）" not in response.content.decode()
