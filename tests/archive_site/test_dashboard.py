"""The admin home as a to-do list, and a menu without Wagtail's CMS entries.

Each actor sees only their agencies' work: the archivist of the case's agency
sees it in the panels; an archivist of another agency sees empty panels.
"""

import json

from bs4 import BeautifulSoup
from django.urls import reverse

from dossiers.services import dossier_assemble, dossier_seal
from preservation.models import IngestReport, PackageCopy
from preservation.services.aips import package_write

CMS_LABELS = {"页面", "图片", "文档", "帮助", "报告", "工作流"}


def _home(client, user) -> BeautifulSoup:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def _panel(soup: BeautifulSoup, name: str) -> str:
    return " ".join(soup.find(attrs={"data-testid": f"todo-{name}"}).stripped_strings)


def _menu_labels(soup: BeautifulSoup) -> set[str]:
    props = json.loads(soup.find("script", id="wagtail-sidebar-props").string)
    labels = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                labels.add(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return labels


def test_new_receipts_and_dossiers_to_seal_are_listed(client, archivist, ingested_case):
    dossier = dossier_assemble(case=ingested_case)
    soup = _home(client, archivist)
    assert ingested_case.case_number in _panel(soup, "receipts")
    dossiers = _panel(soup, "dossiers")
    assert dossier.archival_code in dossiers and "（1）" in dossiers
    link = soup.find("a", string=dossier.archival_code)
    assert link["href"] == reverse("dossier:inspect", args=[dossier.pk])


def test_cases_with_severe_findings_are_listed(client, archivist, ingested_case):
    report = IngestReport.objects.get(case=ingested_case)
    report.findings = [
        *report.findings,
        {"code": "av_missing", "severity": "error", "message": "缺少录像。"},
    ]
    report.save()
    assert ingested_case.case_number in _panel(_home(client, archivist), "severe")


def test_failed_fixity_checks_are_listed(client, archivist, ingested_case):
    dossier = dossier_seal(
        dossier=dossier_assemble(case=ingested_case),
        user=archivist,
        override_reason="测试",
    )
    package = package_write(dossier=dossier)
    PackageCopy.objects.filter(package=package, location="replica").update(
        last_outcome="failed"
    )
    panel = _panel(_home(client, archivist), "fixity")
    assert package.identifier in panel and "副本存储损坏未修复" in panel


def test_another_agency_sees_nothing_to_do(client, other_archivist, ingested_case):
    dossier_assemble(case=ingested_case)
    soup = _home(client, other_archivist)
    for name in ("receipts", "severe", "dossiers", "fixity"):
        assert "（0）" in _panel(soup, name)
    assert ingested_case.case_number not in soup.get_text()


def test_menu_has_no_cms_entries_and_search_finds_cases(
    client, archivist, django_user_model
):
    root = django_user_model.objects.create_superuser("root", password="x")
    for user in (archivist, root):
        soup = _home(client, user)
        labels = _menu_labels(soup)
        assert "案件" in labels and not labels & CMS_LABELS, labels
        form = soup.find("form", attrs={"data-testid": "home-search"})
        assert form["action"] == reverse("archive_search")
    assert "设置" in _menu_labels(_home(client, root))


def test_archivist_cannot_open_page_editing(client, archivist):
    client.force_login(archivist)
    assert client.get("/admin/pages/").status_code in (302, 403)
    assert client.get("/admin/images/").status_code in (302, 403)
