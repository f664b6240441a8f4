"""The published 行政执法音像记录事项清单 (issue #16): one page per agency,
generated from the table the AV checks use, with the agency's own items and
its revisions kept."""

import dataclasses
import io
import re

import pytest
from django.core.management import call_command

from archive_site.models import AvChecklistItem, AvChecklistPage
from dossiers.codes import Activity
from dossiers.rules import av_activities, case_check
from dossiers.rules.av_activities import Continuity, Media, RecordedActivity
from tests.conftest import person_make
from tests.dossiers.factories import add_material, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(sample_agencies) -> AvChecklistPage:
    call_command("checklist_pages_setup", stdout=io.StringIO())
    return AvChecklistPage.objects.get(agency=sample_agencies[0])


def _text(client, page) -> str:
    html = client.get(page.url).content.decode()
    return re.sub(r"\s+", " ", html)


def test_each_agency_gets_one_published_page(page, sample_agencies):
    out = io.StringIO()
    call_command("checklist_pages_setup", stdout=out)

    assert "新建 0 个机关" in out.getvalue()
    assert AvChecklistPage.objects.live().count() == len(sample_agencies)
    assert page.revisions.count() == 1


def test_the_page_shows_the_rule_table_without_javascript(client, page):
    html = _text(client, page)

    assert "<script" not in html.split("<main>")[1]
    for label in ("现场检查(勘验)", "行政强制措施", "强制执行", "公告送达"):
        assert f"<td>{label}</td>" in html
    assert "<td>公告送达</td><td>照片或录像</td>" in html
    assert "001 §16、§19；002 §13" in html
    assert "全过程无间断记录" in html
    assert "共 9 项" in html
    assert page.url in client.get("/").content.decode()


def test_changing_the_table_changes_the_page_and_the_check(client, page, monkeypatch):
    interview = RecordedActivity(
        Activity.INTERVIEW, Media.AUDIO_VIDEO, Continuity.NONE, "本测试 §1"
    )
    rows = [r for r in av_activities.AV_ACTIVITY_TABLE if r.activity != "hearing"]
    monkeypatch.setattr(av_activities, "AV_ACTIVITY_TABLE", (*rows, interview))
    case = make_case(agency=page.agency)
    add_material(case, "询问笔录", activity=Activity.INTERVIEW)

    html = _text(client, page)

    assert "<td>询问</td><td>录音或录像</td>" in html and "本测试 §1" in html
    assert "<td>听证</td>" not in html
    assert "av_missing" in [f.code for f in case_check(case)]


def test_a_hearing_without_recording_is_flagged_only_while_in_the_table(
    monkeypatch, sample_agencies
):
    case = make_case(agency=sample_agencies[0])
    add_material(case, "听证笔录", activity=Activity.HEARING)
    assert "av_missing" in [f.code for f in case_check(case)]
    hearing = next(
        r for r in av_activities.AV_ACTIVITY_TABLE if r.activity == "hearing"
    )
    photo = dataclasses.replace(hearing, media=Media.PHOTO_OR_VIDEO)
    monkeypatch.setattr(av_activities, "AV_ACTIVITY_TABLE", (photo,))

    assert av_activities.photo_suffices() == {"hearing"}
    assert "av_missing" in [f.code for f in case_check(case)]
    monkeypatch.setattr(av_activities, "AV_ACTIVITY_TABLE", ())
    assert "av_missing" not in [f.code for f in case_check(case)]


def test_the_agencys_additions_are_published_and_revisions_kept(client, page):
    first = page.revisions.get()
    page.extra_items.add(
        AvChecklistItem(
            activity="夜间突击检查",
            media="录像",
            requirement="全过程记录",
            basis="本局2026年第3号通知",
        )
    )
    page.save_revision().publish()

    html = _text(client, page)

    assert "<td>10</td><td>夜间突击检查</td><td>录像</td>" in html
    assert "本局2026年第3号通知" in html and "共 10 项" in html
    assert page.revisions.count() == 2
    assert list(first.as_object().extra_items.all()) == []


def test_the_agencys_archivist_edits_its_page_and_no_other(
    client, page, sample_agencies, archivist_role
):
    from access_control.services import agency_archivists_group

    user = person_make("qingdan")
    user.groups.add(archivist_role, agency_archivists_group(page.agency))
    other = AvChecklistPage.objects.get(agency=sample_agencies[1])
    client.force_login(user)

    listing = client.get("/admin/archive/checklists/").content.decode()

    assert page.title in listing and other.title not in listing
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code in (302, 403)


def test_someone_without_a_page_is_refused_the_listing(client, page):
    from access_control.models import Role
    from access_control.roles import membership_set

    outsider = person_make("outsider")
    membership_set(user=outsider, agency=page.agency, role=Role.OFFICER)
    client.force_login(outsider)

    response = client.get("/admin/archive/checklists/")

    # Wagtail's admin turns the refusal into a redirect with its message.
    assert response.status_code == 302
    assert page.title not in response.content.decode()
