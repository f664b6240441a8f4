"""A one-case grant lets its holder read the case, never change or seal it.

The holder is an archivist of another agency (so they have the archivist role
and its `change_dossier` permission) who was granted this one case to read.
"""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from access_control.rules import can_change_case, can_view_case
from access_control.services import case_permission_grant
from dossiers.models import Dossier
from dossiers.services import dossier_assemble


def _refused(response) -> bool:
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard.
    return response.status_code == 403 or response.get("Location") == "/admin/"


@pytest.fixture
def reader(other_archivist, ingested_case, archivist):
    case_permission_grant(
        case=ingested_case, grantee=other_archivist, by=archivist, reason="案件协查"
    )
    return other_archivist


@pytest.fixture
def dossier(ingested_case, archivist):
    return dossier_assemble(case=ingested_case, user=archivist)


def test_the_grant_reads_but_does_not_change(reader, archivist, ingested_case):
    assert can_view_case(reader, ingested_case)
    assert not can_change_case(reader, ingested_case)
    assert can_change_case(archivist, ingested_case)


def test_the_holder_may_not_assemble_from_the_case_page(client, reader, ingested_case):
    client.force_login(reader)
    page = client.get(reverse("case:inspect", args=[ingested_case.pk]))
    assert page.status_code == 200
    assert reverse("archive_case_assemble", args=[ingested_case.pk]) not in (
        page.content.decode()
    )
    response = client.post(reverse("archive_case_assemble", args=[ingested_case.pk]))
    assert _refused(response)
    assert not Dossier.objects.filter(case=ingested_case).exists()


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("seal", {"override_reason": "代为封存"}),
        ("update", {"compiler": "张三"}),
        ("move", {"entry": "0", "position": "1"}),
        ("new_version", {"reason": "更正"}),
    ],
)
def test_the_holder_reads_the_dossier_but_every_change_is_refused(
    client, reader, dossier, action, data
):
    client.force_login(reader)
    page = client.get(reverse("dossier:inspect", args=[dossier.pk]))
    assert page.status_code == 200
    assert reverse("dossier:seal", args=[dossier.pk]) not in page.content.decode()
    if action == "move":
        data = {**data, "entry": dossier.entries.last().pk}
    before = list(dossier.entries.values_list("pk", "sort_order"))
    response = client.post(reverse(f"dossier:{action}", args=[dossier.pk]), data)
    assert _refused(response)
    stored = Dossier.objects.get(pk=dossier.pk)
    assert (stored.state, stored.compiler) == ("draft", "")
    assert list(stored.entries.values_list("pk", "sort_order")) == before


def test_the_seal_command_refuses_the_holder(reader, dossier):
    with pytest.raises(CommandError, match="不是"):
        call_command(
            "dossier_seal",
            dossier.case.case_number,
            "--by",
            reader.username,
            "--override",
            "代为封存",
        )
    assert Dossier.objects.get(pk=dossier.pk).state == "draft"
