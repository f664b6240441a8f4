"""销毁鉴定 in the admin, with the Django test client: the list and a batch's
page for the agency's archivists, appraisers and chief (a 404 to others,
superusers included), gathering (choosing the agency when one keeps the
records of several), appraisal, approval, execution before two witnesses
after a confirmation, and cancellation through the forms (refusals shown,
naming the rule), and the 销毁清册 downloads."""

import pytest
from django.contrib.auth import get_user_model

from access_control.roles import membership_set
from preservation.models import BatchState, DispositionBatch
from preservation.retention.disposition_approval import batch_approve
from tests.dossiers.factories import make_agency
from tests.preservation.retention.disposition_setup import appraised_batch
from tests.preservation.retention.test_disposition_commands import pdftotext

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


def approved_batch(world):
    batch = appraised_batch(world)
    batch_approve(batch=batch, user=world.chief, opinion="同意")
    return batch


def test_an_archivist_executes_with_two_witnesses_after_confirming(
    client, world, tmp_path
):
    batch = approved_batch(world)
    body = as_user(client, world.keeper).get(page(batch)).content.decode()
    assert "下一步：核对销毁清单" in body and ">app2</option>" in body
    assert ">chief</option>" not in body  # the approver may not witness
    chosen = {"witness": [world.keeper.pk, world.app2.pk]}
    confirm = client.get(f"{page(batch)}execute/", chosen).content.decode()
    assert "将销毁 1 卷，共 0 件、0 页" in confirm and "D-1" in confirm
    assert "D-2" not in confirm and "确认销毁" in confirm
    done = client.post(f"{page(batch)}execute/", chosen, follow=True)
    body = done.content.decode()
    assert "已执行批次" in body and "销毁 1 卷（D-1）" in body
    batch.refresh_from_db()
    assert batch.state == BatchState.EXECUTED
    assert "已填入监销人与销毁日期" in body and "下一步：核对销毁清单" not in body
    pdf = tmp_path / "register.pdf"
    pdf.write_bytes(client.get(f"{page(batch)}register.pdf").content)
    text = pdftotext(pdf)
    assert "D-1" in text and "app2" in text and "keeper" in text
    assert "2026年6月1日" in "".join(text.split()) and "待执行" not in text


def test_execution_refusals_name_the_rule_and_change_nothing(client, world):
    pending = appraised_batch(world)
    as_user(client, world.keeper)
    body = client.get(f"{page(pending)}execute/").content.decode()
    assert "不能执行销毁" in body and "000 §34" in body and "确认销毁" not in body
    batch_approve(batch=pending, user=world.chief)
    twice = {"witness": [world.app2.pk, world.app2.pk]}
    body = client.get(f"{page(pending)}execute/", twice).content.decode()
    assert "请选择两名不同的本机关人员监销" in body and "确认销毁" not in body
    approver = {"witness": [world.keeper.pk, world.chief.pk]}
    body = client.post(f"{page(pending)}execute/", approver, follow=True)
    assert "批准人不得监销" in body.content.decode()
    as_user(client, world.app1)
    assert "核对销毁清单" not in client.get(page(pending)).content.decode()
    fair = {"witness": [world.keeper.pk, world.app2.pk]}
    body = client.post(f"{page(pending)}execute/", fair, follow=True)
    assert "销毁由本机关档案管理员" in body.content.decode()
    pending.refresh_from_db()
    assert pending.state == BatchState.APPROVED and not pending.witnesses.exists()


def test_the_gatherer_cancels_after_a_confirmation(client, world):
    batch = approved_batch(world)
    as_user(client, world.app1)
    assert "撤销批次…" not in client.get(page(batch)).content.decode()
    body = client.get(f"{page(batch)}cancel/").content.decode()
    assert "组批的档案管理员或本机关主要负责人撤销" in body
    as_user(client, world.keeper)
    assert "撤销批次…" in client.get(page(batch)).content.decode()
    body = client.get(f"{page(batch)}cancel/").content.decode()
    assert "3 卷案卷可另行组批" in body
    assert "批准时已生效的重新鉴定不因撤销而改变" in body and "D-2：延长 5 年" in body
    refused = client.post(f"{page(batch)}cancel/", {"reason": " "}, follow=True)
    assert "撤销批次须说明理由" in refused.content.decode()
    batch.refresh_from_db()
    assert batch.state == BatchState.APPROVED
    done = client.post(f"{page(batch)}cancel/", {"reason": "暂缓销毁"}, follow=True)
    body = done.content.decode()
    assert "已撤销批次" in body and "暂缓销毁" in body and "已撤销" in body
    batch.refresh_from_db()
    assert batch.state == BatchState.CANCELLED and batch.cancelled_by == world.keeper
    assert client.get(f"{page(batch)}cancel/").content.decode().count("撤销理由") == 0


def test_an_archivist_of_several_agencies_chooses_one_when_gathering(client, world):
    second = make_agency(name="吉林市应急管理局")
    membership_set(user=world.keeper, agency=second, role="archivist")
    body = as_user(client, world.keeper).get(LIST).content.decode()
    assert "请选择机关" in body and "吉林市应急管理局" in body
    refused = client.post(LIST, {"by_date": "2026-06-01"}).content.decode()
    assert "多个机关" in refused and not DispositionBatch.objects.exists()
    client.post(LIST, {"by_date": "2026-06-01", "agency": world.agency.code})
    assert DispositionBatch.objects.get().agency == world.agency
