"""The archive's day is China's: just after local midnight it is already the 5th.

The clock is set to 2026-12-04T16:30Z, which is 2026-12-05 00:30 in
Asia/Shanghai; a UTC date anywhere would say the 4th.
"""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from dossiers.models import Dossier
from tests.dossiers.documents.builders import compact

AFTER_LOCAL_MIDNIGHT = dt.datetime(2026, 12, 4, 16, 30, tzinfo=dt.UTC)
LATE = re.compile(r"逾期 (\d+) 日")


@pytest.fixture
def after_local_midnight(time_machine):
    time_machine.move_to(AFTER_LOCAL_MIDNIGHT, tick=False)


@pytest.fixture
def dossier(after_local_midnight, client, archivist, ingested_case):
    client.force_login(archivist)
    client.post(reverse("archive_case_assemble", args=[ingested_case.pk]))
    return Dossier.objects.get(case=ingested_case)


def _seal(client, dossier):
    client.post(reverse("dossier:update", args=[dossier.pk]), {"compiler": "李立卷"})
    client.post(
        reverse("dossier:seal", args=[dossier.pk]),
        {"override_reason": "已核", "confirm": "1"},
    )


def _document(client, dossier, kind: str) -> bytes:
    url = reverse("access_control:dossier_document", args=[dossier.pk, kind])
    url += "?purpose=审核"
    response = client.get(url)
    assert response.status_code == 200
    return (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )


def test_seal_after_local_midnight_is_dated_the_local_day(client, dossier):
    _seal(client, dossier)
    page = client.get(reverse("dossier:inspect", args=[dossier.pk])).content.decode()
    assert 'data-testid="archived-on">2026-12-05<' in page
    assert 'data-testid="compiled-on">2026-12-05<' in page
    assert "2026-12-05 00:30" in page
    backsheet = PdfReader(io.BytesIO(_document(client, dossier, "backsheet")))
    assert compact("立卷时间：2026年12月5日") in compact(
        backsheet.pages[0].extract_text()
    )


def test_lateness_is_the_same_on_case_page_dossier_page_and_report(client, dossier):
    case_page = client.get(reverse("case:inspect", args=[dossier.case.pk]))
    dossier_page = client.get(reverse("dossier:inspect", args=[dossier.pk]))
    report = _document(client, dossier, "findings").decode("utf-8-sig")
    days = {
        LATE.search(text).group(1)
        for text in (case_page.content.decode(), dossier_page.content.decode(), report)
    }
    assert len(days) == 1
    assert "实际 2026-12-05 归档" in report


def test_lists_show_absolute_local_times_never_relative_ones(client, dossier):
    _seal(client, dossier)
    client.get(reverse("dossier:inspect", args=[dossier.pk]))  # one logged read
    # The archivist sees the catalogue; the superuser (no catalogue) the log.
    for name in ("dossier", "ingestreport", "case", "accesslogentry"):
        if name == "accesslogentry":
            admin = get_user_model().objects.create_superuser("root", password="pw")
            client.force_login(admin)
        html = client.get(reverse(f"{name}:index")).content.decode()
        assert "之前" not in html, name
        if name != "case":
            assert "2026-12-05 00:30" in html, name
    log = client.get(reverse("accesslogentry:index")).content.decode()
    assert "2026-12-04 16:30" not in log  # never UTC
