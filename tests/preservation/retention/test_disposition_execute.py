"""disposition_execute (issue #14): refusals that exit 1 naming the rule and
change nothing, and an execution that leaves only the tombstone — originals
gone from storage unless another live case shares them, packages gone from
both locations, search no longer finding the case, the access log kept, and
the 销毁清册 naming the witnesses and the date. The clock is frozen in June
2026 (Asia/Shanghai)."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from access_control.models import AccessLogEntry
from access_control.services import access_log_record
from dossiers.models import Case, CaseEvent, Dossier, DossierEntry, Material, Party
from preservation.models import BatchState, DiscContent, Package
from preservation.retention.disposition import batch_create, item_appraise
from preservation.retention.disposition_approval import batch_approve
from preservation.retention.disposition_register import register_rows
from preservation.retention.holds import hold_place
from preservation.services.aips import package_path
from preservation.services.discs import disc_write
from preservation.services.discs.plan import disc_plan
from preservation.services.fixity import copy_audit
from preservation.services.storage import object_path
from search.models import CaseSearchRecord
from search.services import case_search_record_refresh
from tests.conftest import person_make
from tests.dossiers.factories import add_material, make_case
from tests.preservation.retention.disposition_setup import NOW
from tests.preservation.retention.helpers import sealed_row
from tests.preservation.retention.test_disposition_commands import pdftotext

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def scene(package, time_machine, django_capture_on_commit_callbacks):
    """An ingested, sealed, packaged case due for destruction, and a live case
    of the same agency holding one of its originals; an approved batch."""
    case = package.dossier.case
    Dossier.objects.filter(case=case).update(retention_end=dt.date(2020, 12, 31))
    shared = case.materials.order_by("sequence").first()
    live = make_case(case.agency, case_number="长应急罚〔1990〕9号")
    add_material(live, "询问笔录", digest=shared.digest)
    sealed_row(live, retention_end=dt.date(2020, 12, 31), code="LIVE-1")
    time_machine.move_to(NOW, tick=False)
    people = {
        name: person_make(name, case.agency, role)
        for name, role in [
            ("keeper", "archivist"), ("witness", "archivist"), ("app1", "appraiser"),
            ("app2", "appraiser"), ("chief", "chief"),
        ]
    }  # fmt: skip
    batch = batch_create(by_date=NOW.date(), user=people["keeper"])
    for number, decision, who in [
        (case.case_number, "destroy", "app1"),
        (live.case_number, "permanent", "app2"),
    ]:
        item_appraise(
            batch=batch, case_number=number, decision=decision,
            user=people[who], opinion="已无保存价值",
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        case_search_record_refresh(case=case)
        access_log_record(
            user=people["keeper"], action="view_case", obj=case,
            case_number=case.case_number,
        )  # fmt: skip
    return case, live, shared, batch, people


def _approve(batch, people):
    return batch_approve(batch=batch, user=people["chief"])


def _snapshot(case) -> dict:
    return {
        "materials": Material.objects.filter(case=case).count(),
        "entries": DossierEntry.objects.filter(dossier__case=case).count(),
        "packages": Package.objects.filter(dossier__case=case).count(),
        "destroyed": Case.objects.get(pk=case.pk).destroyed_at,
        "events": CaseEvent.objects.filter(case=case).count(),
    }


def test_refusals_change_nothing(scene):
    case, _live, _shared, batch, people = scene
    before = _snapshot(case)
    execute = ("disposition_execute", str(batch.pk), "--witness", "keeper")
    with pytest.raises(CommandError, match="批准后方可执行"):
        run(*execute, "--witness", "witness")
    _approve(batch, people)
    with pytest.raises(CommandError, match="两名不同的本机关人员监销"):
        run(*execute)
    with pytest.raises(CommandError, match="两名不同"):
        run(*execute, "--witness", "keeper")
    with pytest.raises(CommandError, match="批准人不得监销"):
        run(*execute, "--witness", "chief")
    outsider = person_make("outsider")
    with pytest.raises(CommandError, match=f"{outsider.username} 不是"):
        run(*execute, "--witness", "outsider")
    hold_place(case=case, kind="audit", reason="审计", user=people["keeper"])
    before["events"] += 1  # the hold placed, in the case's history
    with pytest.raises(CommandError, match="冻结期间的案卷不得销毁"):
        run(*execute, "--witness", "witness")
    batch.refresh_from_db()
    assert batch.state == BatchState.APPROVED
    assert _snapshot(case) == before
    assert before["materials"] and before["packages"]


def test_execution_leaves_the_tombstone(scene, django_capture_on_commit_callbacks):
    case, live, shared, batch, people = scene
    _approve(batch, people)
    digests = set(case.materials.values_list("digest", flat=True))
    package = Package.objects.get(dossier__case=case)
    folders = [package_path(package, c.location) for c in package.copies.all()]
    assert len(folders) == 2 and all(folder.is_dir() for folder in folders)
    with django_capture_on_commit_callbacks(execute=True):
        out = run(
            "disposition_execute", str(batch.pk),
            "--witness", "keeper", "--witness", "witness", "--json",
        )  # fmt: skip
    data = json.loads(out)
    code = package.dossier.archival_code
    assert data == {
        "id": batch.pk,
        "number": batch.number,
        "destroyed": [code],
        "objects_removed": len(digests) - 1,
        "objects_kept_shared": 1,
        "packages_removed": 1,
    }
    assert not any(object_path(d).exists() for d in digests - {shared.digest})
    assert object_path(shared.digest).exists()
    assert live.materials.get().digest == shared.digest
    assert not any(folder.exists() for folder in folders)
    assert _counts(case) == (0, 0, 0)
    tombstone = Dossier.objects.get(pk=package.dossier.pk)
    assert (tombstone.archival_code, tombstone.destroyed_batch) == (code, batch.number)
    case.refresh_from_db()
    assert case.destroyed_at == NOW and case.destroyed_batch == batch.number
    assert case.events.filter(event_type="deletion").count() == 1
    assert not CaseSearchRecord.objects.filter(case=case).exists()
    assert AccessLogEntry.objects.filter(case_number=case.case_number).count() == 1
    batch.refresh_from_db()
    assert batch.state == BatchState.EXECUTED and batch.method == "电子文件删除"


def _counts(case) -> tuple[int, int, int]:
    return (
        Material.objects.filter(case=case).count(),
        DossierEntry.objects.filter(dossier__case=case).count(),
        Package.objects.filter(dossier__case=case).count(),
    )


def test_the_register_then_names_the_witnesses_and_the_date(scene, tmp_path):
    _case, _live, _shared, batch, people = scene
    _approve(batch, people)
    (row,) = register_rows(batch)
    assert row[-2:] == ["待执行", "待执行"]
    extent = row[5]
    run("disposition_execute", str(batch.pk), "--witness", "keeper",
        "--witness", "witness")  # fmt: skip
    batch.refresh_from_db()
    (row,) = register_rows(batch)
    assert row[5] == extent
    assert row[8] == "keeper、witness"
    assert "2026年6月1日" in row[9] and "电子文件删除" in row[9]
    run("disposition_register", str(batch.pk), "--out", str(tmp_path))
    text = pdftotext(tmp_path / f"销毁清册-{batch.number}.pdf")
    # The narrow columns wrap, and pdftotext interleaves their lines.
    assert "keeper" in text and "witness" in text
    assert "文件删除" in "".join(text.split())


def test_the_case_page_shows_the_tombstone(scene, client):
    case, _live, _shared, batch, people = scene
    _approve(batch, people)
    run("disposition_execute", str(batch.pk), "--witness", "keeper",
        "--witness", "witness")  # fmt: skip
    client.force_login(people["keeper"])
    page = client.get(reverse("case:inspect", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="tombstone"' in html
    assert "已销毁" in html and batch.number in html
    dossier = case.dossiers.get()
    page = client.get(reverse("dossier:inspect", args=[dossier.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="tombstone"' in html and dossier.archival_code in html
    listing = client.get(reverse("case:index"), {"q": case.case_number})
    row = listing.content.decode().split(case.case_number, 1)[1].split("</tr>")[0]
    assert "已销毁" in row
    destroyed = client.get(reverse("case:index"), {"state": "destroyed"})
    assert case.case_number in destroyed.content.decode()
    sealed = client.get(reverse("case:index"), {"state": "sealed"})
    assert case.case_number not in sealed.content.decode()


def test_an_audited_package_on_a_disc_is_destroyed_and_the_disc_marked(
    scene, tmp_path, django_capture_on_commit_callbacks
):
    """A package fixity-audited and burned to a disc still goes: the disc's
    content row stays, naming the package and the batch, for the custodian."""
    case, _live, _shared, batch, people = scene
    package = Package.objects.get(dossier__case=case)
    for copy in package.copies.all():
        copy_audit(copy)
    [plan] = disc_plan([package], "cd")
    disc = disc_write(plan, out_dir=tmp_path, disc_set="A", burned_by_name="刻录员")
    _approve(batch, people)
    with django_capture_on_commit_callbacks(execute=True):
        run(
            "disposition_execute", str(batch.pk),
            "--witness", "keeper", "--witness", "witness",
        )  # fmt: skip
    content = DiscContent.objects.get(disc=disc)
    assert content.package is None
    assert (content.package_identifier, content.destroyed_batch) == (
        package.identifier,
        batch.number,
    )
    assert not Package.objects.filter(pk=package.pk).exists()
    assert case.events.filter(event_type="fixity_audit").count() == 2


def test_the_parties_personal_data_goes_with_the_record(
    scene, client, django_capture_on_commit_callbacks
):
    """个人信息保护法 §47: on destruction the parties (name, 证件号码, address)
    and the 案情摘要 go; the tombstone's 题名 and the officers stay, and the
    live case's parties are untouched."""
    case, live, _shared, batch, people = scene
    person = Party.objects.create(
        case=case, party_type="natural_person", name="王某某",
        id_number="220102199001011234", address="长春市朝阳区红旗街1号",
    )  # fmt: skip
    company = case.parties.exclude(pk=person.pk).get()
    summary = case.summary
    client.force_login(people["keeper"])
    page = client.get(reverse("case:inspect", args=[case.pk])).content.decode()
    assert all(text in page for text in ("王某某", company.address, summary))
    _approve(batch, people)
    with django_capture_on_commit_callbacks(execute=True):
        run(
            "disposition_execute", str(batch.pk),
            "--witness", "keeper", "--witness", "witness",
        )  # fmt: skip
    page = client.get(reverse("case:inspect", args=[case.pk])).content.decode()
    for gone in ("王某某", "长春市朝阳区红旗街1号", company.address, summary):
        assert gone not in page
    assert not Party.objects.filter(case=case).exists()
    assert live.parties.get().name == "某公司"
    officers = list(case.officers.values_list("name", flat=True))
    assert officers and all(name in page for name in officers)
    assert company.name in case.dossiers.get().title  # the tombstone's 题名
    assert "当事人 2 名" in page and "个人信息保护法第四十七条" in page  # history
    event = case.events.get(event_type="deletion")
    assert event.event_outcome_detail["parties_erased"] == 2
