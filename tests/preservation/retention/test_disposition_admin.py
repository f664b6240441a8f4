"""销毁鉴定 in the admin, with the Django test client: the list and a batch's
page for the agency's archivists, appraisers and chief (a 404 to others,
superusers included), gathering, appraisal and approval through the forms
(refusals shown, naming the rule), and the 销毁清册 downloads."""

import pytest
from django.contrib.auth import get_user_model

from preservation.models import BatchState, DispositionBatch
from tests.preservation.retention.disposition_setup import appraised_batch

pytestmark = pytest.mark.django_db
LIST = "/admin/archive/retention/disposition/"


def as_user(client, user):
    client.force_login(user)
    return client


def page(batch) -> str:
    return f"{LIST}{batch.pk}/"


def test_the_list_and_page_are_for_the_agencys_people_only(client, world):
    batch = appraised_batch(world)
    root = get_user_model().objects.create_superuser("root", "root@example.cn", "x")
    for user in (world.officer, root):
        as_user(client, user)
        assert client.get(LIST).status_code == 404
        assert client.get(page(batch)).status_code == 404
        assert client.get(f"{page(batch)}register.pdf").status_code == 404
    for user in (world.keeper, world.app1, world.chief):
        as_user(client, user)
        assert batch.number in client.get(LIST).content.decode()
        body = client.get(page(batch)).content.decode()
        assert "D-1" in body and "H-4" in body and "（2026）吉0102行初12号" in body


def test_an_archivist_gathers_from_the_list(client, world):
    response = as_user(client, world.keeper).post(LIST, {"by_date": "2026-06-01"})
    batch = DispositionBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == page(batch)
    refused = as_user(client, world.app1).post(LIST, {"by_date": "2026-06-01"})
    assert DispositionBatch.objects.count() == 1
    body = refused.content.decode()
    assert "本机关的档案管理员组织" in body


def test_appraisal_form_and_its_refusal(client, world):
    as_user(client, world.keeper).post(LIST, {"by_date": "2026-06-01"})
    batch = DispositionBatch.objects.get()
    item = batch.items.get(dossier=world.due2)
    url = f"{page(batch)}items/{item.pk}/appraise/"
    form = {"decision": "extend", "years": "5", "opinion": "仍有查考价值"}
    body = client.post(url, form, follow=True).content.decode()
    assert "鉴定小组成员" in body and "保存</button>" not in body
    as_user(client, world.app1)
    assert "保存</button>" in client.get(page(batch)).content.decode()
    client.post(url, form)
    item.refresh_from_db()
    assert item.decision == "extend" and item.extend_years == 5
    assert client.get(url).status_code == 405


def test_the_chief_approves_and_downloads_the_register(client, world):
    batch = appraised_batch(world)
    as_user(client, world.app1)
    assert "批准</button>" not in client.get(page(batch)).content.decode()
    as_user(client, world.chief)
    assert "批准</button>" in client.get(page(batch)).content.decode()
    client.post(f"{page(batch)}approve/", {"opinion": "同意"})
    batch.refresh_from_db()
    assert batch.state == BatchState.APPROVED and batch.opinion == "同意"
    pdf = client.get(f"{page(batch)}register.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"{page(batch)}register.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert client.get(f"{page(batch)}register.doc").status_code == 404
