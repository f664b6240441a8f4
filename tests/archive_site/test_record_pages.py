"""Issue #9 item 9: the case list by received date, record pages as records.

Format names instead of MIME types, pages titled by what they are, the ingest
report's 四性检测 only when it ran and regulation findings under their own
heading, and bag paths without `data/`.
"""

import datetime as dt

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Case
from preservation.models import IngestReport
from preservation.services.ingest import package_ingest
from tests.conftest import ORDINARY
from tests.preservation.builders import byte_flip


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_case_list_shows_filters_and_sorts_by_received_date(
    client, archivist, ingested_case, example_bag
):
    older = package_ingest(source=example_bag(ORDINARY)).case
    Case.objects.filter(pk=older.pk).update(
        ingested_at=timezone.now() - dt.timedelta(days=40), agency=ingested_case.agency
    )
    client.force_login(archivist)
    today = timezone.localdate().isoformat()
    page = _soup(client.get("/admin/case/?ordering=ingested_at"))
    assert "接收日期" in page.get_text() and today in page.get_text()
    rows = [r.get_text() for r in page.select("tbody tr")]
    assert older.case_number in rows[0] and ingested_case.case_number in rows[-1]
    recent = _soup(client.get(f"/admin/case/?received_from={today}"))
    assert ingested_case.case_number in recent.get_text()
    assert older.case_number not in recent.get_text()


def test_case_page_names_formats_and_is_titled_as_a_case(
    client, archivist, ingested_case
):
    client.force_login(archivist)
    page = _soup(client.get(reverse("case:inspect", args=[ingested_case.pk])))
    formats = {td.get_text(strip=True) for td in page.select("[data-testid^=format-]")}
    assert "PDF 文档" in formats and "MP4 视频" in formats
    assert "application/pdf" not in formats
    title = page.find("h1").get_text(" ", strip=True)
    assert title.startswith("案件") and "检查" not in title


def test_ingest_report_separates_the_checks_and_hides_data_prefix(
    client, archivist, ingested_case
):
    report = IngestReport.objects.get(case=ingested_case)
    report.findings = [
        {
            "code": "pdf_font",
            "severity": "warning",
            "message": "字体未嵌入。",
            "path": "data/materials/a.pdf",
            "article": "DA/T 70-2018 可用性",
            "category": "可用性",
        },
        {
            "code": "mail_without_receipt",
            "severity": "warning",
            "message": "邮寄送达缺少回执。",
            "path": "",
            "article": "000 §25",
            "category": "送达",
        },
    ]
    report.save()
    client.force_login(archivist)
    page = _soup(client.get(reverse("ingestreport:inspect", args=[report.pk])))
    four = page.find(attrs={"data-testid": "four-property-check"}).get_text()
    rules = page.find(attrs={"data-testid": "regulation-check"}).get_text()
    assert "字体未嵌入" in four and "邮寄送达" not in four
    assert "邮寄送达缺少回执" in rules and "字体未嵌入" not in rules
    assert "materials/a.pdf" in four and "data/materials" not in four


def test_refused_package_shows_no_four_property_section(client, archivist, example_bag):
    bag = example_bag(ORDINARY)
    byte_flip(
        bag / "data/materials/decision/08-行政处罚决定书.pdf"
    )  # a checksum mismatch: refused before any check
    report = package_ingest(source=bag, user=archivist)
    assert report.status == "refused"
    client.force_login(archivist)
    page = _soup(client.get(reverse("ingestreport:inspect", args=[report.pk])))
    assert page.find(attrs={"data-testid": "four-property-check"}) is None
    assert "未进行四性检测" in page.get_text()
    assert "data/" not in page.find(attrs={"data-testid": "errors"}).get_text()
