"""Dossier documents leave only through the gate or the export command, logged."""

import io

import pikepdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from access_control.models import AccessLogEntry
from dossiers.services import dossier_assemble


@pytest.fixture
def dossier(ingested_case):
    return dossier_assemble(case=ingested_case)


def _url(dossier, kind):
    return (
        reverse("access_control:dossier_document", args=[dossier.pk, kind])
        + "?purpose=审核"
    )


@pytest.mark.parametrize(
    ("kind", "content_type", "magic"),
    [
        ("dossier", "application/pdf", b"%PDF"),
        ("catalog", "application/pdf", b"%PDF"),
        (
            "catalog-xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            b"PK",
        ),
        ("catalog-csv", "text/csv; charset=utf-8", b"\xef\xbb\xbf"),
        ("cover", "application/pdf", b"%PDF"),
        ("backsheet", "application/pdf", b"%PDF"),
        ("findings", "text/csv; charset=utf-8", "\ufeff档号".encode()),
    ],
)
def test_archivist_downloads_each_document(
    client, archivist, dossier, kind, content_type, magic
):
    client.force_login(archivist)
    response = client.get(_url(dossier, kind))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AccessLogEntry.objects.get(action="download")
    assert entry.user == archivist
    assert entry.data == {"document": kind, "custodian": True}
    assert entry.reason == "审核"


def test_merged_pdf_has_every_material_page(client, archivist, dossier):
    client.force_login(archivist)
    content = client.get(_url(dossier, "dossier")).content
    with pikepdf.open(io.BytesIO(content)) as pdf:
        material_pages = dossier.entries.order_by("sort_order").last().page_to
        labels = [p.label for p in pdf.pages]
    assert str(material_pages) in labels and "1" in labels


def test_other_agency_and_anonymous_are_refused_and_logged(
    client, other_archivist, dossier
):
    assert client.get(_url(dossier, "dossier")).status_code == 403
    client.force_login(other_archivist)
    assert client.get(_url(dossier, "dossier")).status_code == 404
    assert list(AccessLogEntry.objects.values_list("action", flat=True)) == [
        "denied",
        "denied",
    ]


def test_unknown_kind_is_404(client, archivist, dossier):
    client.force_login(archivist)
    assert client.get(_url(dossier, "secrets")).status_code == 404


def test_export_command_writes_all_documents_and_logs_each(dossier, tmp_path):
    target = tmp_path / "export"
    out = io.StringIO()
    call_command(
        "dossier_export", dossier.case.case_number, "--out", str(target), stdout=out
    )
    written = sorted(p.name for p in target.iterdir())
    assert len(written) == 7
    assert all(name.startswith(dossier.archival_code) for name in written)
    assert any(name.endswith("材料目录.xlsx") for name in written)
    report = next(target.glob("*规范性检查报告.csv")).read_text("utf-8-sig")
    assert "备考表须填写立卷人" in report and "000 §33" in report
    entries = AccessLogEntry.objects.filter(action="download")
    assert entries.count() == 7
    assert {e.data["command"] for e in entries} == {"dossier_export"}


def test_export_of_a_case_without_dossier_is_refused(ingested_case, tmp_path):
    with pytest.raises(CommandError, match="尚未组卷"):
        call_command(
            "dossier_export", ingested_case.case_number, "--out", str(tmp_path)
        )
