"""The archivist's dossier work in the admin: assemble, reorder, review, seal."""

import pytest
from django.urls import reverse

from access_control.models import AccessLogEntry
from dossiers.models import Case, Dossier


@pytest.fixture
def dossier(client, archivist, ingested_case):
    client.force_login(archivist)
    response = client.post(reverse("archive_case_assemble", args=[ingested_case.pk]))
    dossier = Dossier.objects.get(case=ingested_case)
    assert response["Location"] == reverse("dossier:inspect", args=[dossier.pk])
    return dossier


def _titles(dossier):
    return list(
        dossier.entries.order_by("sort_order").values_list("material__title", flat=True)
    )


def test_case_page_offers_assembly_then_links_the_dossier(
    client, archivist, ingested_case
):
    client.force_login(archivist)
    page = client.get(reverse("case:inspect", args=[ingested_case.pk]))
    assert "archive_case_assemble" not in page.content.decode()
    assert reverse("archive_case_assemble", args=[ingested_case.pk]) in (
        page.content.decode()
    )


def test_dossier_page_shows_catalog_and_findings_and_is_logged(client, dossier):
    response = client.get(reverse("dossier:inspect", args=[dossier.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert dossier.archival_code in html
    assert "卷内材料目录" in html and "规范性检查" in html
    assert "备考表须填写立卷人" in html
    entry = AccessLogEntry.objects.filter(action="view_case").last()
    assert entry.object_id == str(dossier.pk)


def test_move_reorders_and_renumbers(client, dossier):
    last = dossier.entries.order_by("sort_order").last()
    response = client.post(
        reverse("dossier:move", args=[dossier.pk]),
        {"entry": last.pk, "position": "1"},
        follow=True,
    )
    assert "页号已重排" in response.content.decode()
    assert _titles(dossier)[0] == last.material.title
    assert dossier.entries.get(pk=last.pk).page_from == 1


def _hearing_without_record(dossier) -> None:
    """A blocking finding the 立卷人 default cannot clear (hearing_without_record)."""
    Case.objects.filter(pk=dossier.case_id).update(hearing_held=True)


def test_sealing_needs_a_reason_while_blocking_findings_remain(client, dossier):
    _hearing_without_record(dossier)
    response = client.post(
        reverse("dossier:seal", args=[dossier.pk]), {"confirm": "1"}, follow=True
    )
    assert "须书面说明理由" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).state == "draft"
    client.post(
        reverse("dossier:seal", args=[dossier.pk]),
        {"override_reason": "立卷人已调离，由科长代为立卷", "confirm": "1"},
    )
    sealed = Dossier.objects.get(pk=dossier.pk)
    assert sealed.state == "sealed"
    assert sealed.override_reason == "立卷人已调离，由科长代为立卷"


def test_sealed_dossier_cannot_be_reordered_in_the_admin(client, dossier):
    client.post(reverse("dossier:update", args=[dossier.pk]), {"compiler": "李立卷"})
    client.post(
        reverse("dossier:seal", args=[dossier.pk]),
        {"override_reason": "已核实", "confirm": "1"},
    )
    before = _titles(dossier)
    last = dossier.entries.order_by("sort_order").last()
    response = client.post(
        reverse("dossier:move", args=[dossier.pk]),
        {"entry": last.pk, "position": "1"},
        follow=True,
    )
    assert "已封存" in response.content.decode()
    assert _titles(dossier) == before


def test_other_agency_cannot_see_or_change_the_dossier(
    client, dossier, other_archivist
):
    client.force_login(other_archivist)
    assert client.get(reverse("dossier:inspect", args=[dossier.pk])).status_code == 404
    response = client.post(
        reverse("dossier:seal", args=[dossier.pk]),
        {"override_reason": "x", "confirm": "1"},
    )
    assert response.status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).state == "draft"


def test_sealing_first_shows_what_it_will_do(client, dossier):
    _hearing_without_record(dossier)
    response = client.post(
        reverse("dossier:seal", args=[dossier.pk]), {"override_reason": "已核实"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "确认封存" in html and "主存储和副本存储" in html
    assert "不可再修改" in html and "自 2026-01-01 起至 2055-12-31" in html
    assert "已核实" in html  # the reason typed on the dossier page is carried over
    assert Dossier.objects.get(pk=dossier.pk).state == "draft"


def test_compiler_defaults_to_the_signed_in_archivist(client, archivist, dossier):
    page = client.get(reverse("dossier:inspect", args=[dossier.pk])).content.decode()
    assert 'value="archivist" data-testid="compiler"' in page
    confirm = client.post(reverse("dossier:seal", args=[dossier.pk]))
    assert 'value="archivist" required data-testid="seal-compiler"' in (
        confirm.content.decode()
    )
    client.post(
        reverse("dossier:seal", args=[dossier.pk]),
        {"override_reason": "已核实", "confirm": "1"},
    )
    sealed = Dossier.objects.get(pk=dossier.pk)
    assert sealed.state == "sealed" and sealed.compiler == "archivist"
