"""A case's state says what happened to it, on its page, in the list and filter."""

import re

import pytest
from django.urls import reverse

from dossiers.models import Case, CaseState, Dossier
from dossiers.services import dossier_new_version


def _listed_state(client, case, **filters) -> str | None:
    html = client.get(reverse("case:index"), filters).content.decode()
    rows = [r for r in re.findall(r"<tr.*?</tr>", html, re.S) if case.case_number in r]
    if not rows:
        return None
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", rows[0], re.S)]
    return next(c for c in cells if c in CaseState.labels)


def _seal(client, case) -> Dossier:
    client.post(reverse("archive_case_assemble", args=[case.pk]))
    dossier = Dossier.objects.get(case=case)
    client.post(reverse("dossier:update", args=[dossier.pk]), {"compiler": "李立卷"})
    client.post(
        reverse("dossier:seal", args=[dossier.pk]),
        {"override_reason": "已核", "confirm": "1"},
    )
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def signed_in(client, archivist):
    client.force_login(archivist)
    return client


def test_a_received_case_reads_received(signed_in, ingested_case):
    assert _listed_state(signed_in, ingested_case) == "已接收"


def test_a_sealed_case_reads_sealed_on_its_page_and_in_the_list(
    signed_in, ingested_case
):
    _seal(signed_in, ingested_case)
    page = signed_in.get(reverse("case:inspect", args=[ingested_case.pk]))
    assert 'data-testid="case-state">已封存<' in page.content.decode()
    assert _listed_state(signed_in, ingested_case) == "已封存"


def test_filtering_by_sealed_finds_only_sealed_cases(signed_in, ingested_case):
    assert _listed_state(signed_in, ingested_case, state="sealed") is None
    _seal(signed_in, ingested_case)
    assert _listed_state(signed_in, ingested_case, state="sealed") == "已封存"
    assert _listed_state(signed_in, ingested_case, state="ingested") is None


def test_states_follow_assembly_and_new_versions(signed_in, archivist, ingested_case):
    signed_in.post(reverse("archive_case_assemble", args=[ingested_case.pk]))
    assert _listed_state(signed_in, ingested_case) == "整理中"
    dossier = _seal(signed_in, ingested_case)
    dossier_new_version(dossier=dossier, user=archivist, reason="补充送达回证")
    assert _listed_state(signed_in, ingested_case) == "已封存，新版本整理中"
    assert Case.objects.get(pk=ingested_case.pk).get_state_display() == (
        "已封存，新版本整理中"
    )
