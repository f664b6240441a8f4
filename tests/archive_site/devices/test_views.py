"""The device pages and the AV compliance report: who may, and what they do."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from access_control.models import Role
from dossiers.codes import Activity
from dossiers.devices.compliance import av_compliance_refresh
from dossiers.devices.models import Device, DeviceLoan
from tests.dossiers.devices.factories import make_device
from tests.dossiers.factories import add_av, make_agency, make_case

pytestmark = pytest.mark.django_db

LIST = "/admin/archive/devices/"
REPORT = "/admin/archive/av-compliance/"


@pytest.fixture
def agency():
    return make_agency()


@pytest.fixture
def keeper(agency, person_with_role):
    return person_with_role(
        "keeper", agency, Role.ARCHIVIST, last_name="王", first_name="芳"
    )


@pytest.fixture
def officer(agency, person_with_role):
    return person_with_role(
        "zhangwei", agency, Role.OFFICER, last_name="张", first_name="伟"
    )


def test_the_urls_are_named():
    assert reverse("archive_devices") == LIST
    assert reverse("archive_av_compliance") == REPORT


@pytest.mark.parametrize(
    ("role", "register", "report"),
    [
        (Role.ARCHIVIST, 200, 200),
        (Role.CHIEF, 200, 200),
        (Role.DEPUTY, 200, 200),
        (Role.OFFICER, 302, 302),
        (Role.SECTION_HEAD, 302, 200),  # the report of the section only
        (Role.SYSADMIN, 302, 302),
    ],
)
def test_who_sees_the_register_and_the_report(
    client, agency, person_with_role, role, register, report
):
    extra = {"department": "执法一科"} if role == Role.SECTION_HEAD else {}
    client.force_login(person_with_role("someone", agency, role, **extra))
    assert client.get(LIST).status_code == register
    assert client.get(REPORT).status_code == report


def test_a_section_head_sees_the_report_of_the_section_only(
    client, agency, person_with_role
):
    make_device(agency, code="ZFJLY-0099")  # a register: unknown devices count
    for department in ("执法一科", "执法二科"):
        case = make_case(agency, department=department)
        add_av(case, Activity.ON_SITE_INSPECTION)  # by 张伟, unregistered device
        av_compliance_refresh(case=case)
    other = make_agency()
    case = make_case(other, department="执法一科")
    add_av(case, Activity.ON_SITE_INSPECTION)
    av_compliance_refresh(case=case)
    head = person_with_role("head", agency, Role.SECTION_HEAD, department="执法一科")
    client.force_login(head)

    body = client.get(REPORT).content.decode()
    assert "执法一科" in body and "执法二科" not in body
    assert other.name not in body
    assert "本表只统计" in body and f"{agency.name}·执法一科" in body
    response = client.get(REPORT, {"year": 2025, "format": "xlsx"})
    sheets = load_workbook(io.BytesIO(response.content))
    assert [r[1:4] for r in list(sheets["按执法人员"].values)[1:]] == [("张伟", 1, 1)]
    assert [r[1] for r in list(sheets["按承办科室"].values)[1:]] == ["执法一科"]
    # Another agency is not among the choices, and the register stays closed.
    assert client.get(REPORT, {"agency": other.pk}).context["form"].errors
    assert client.get(LIST).status_code == 302


def test_a_superuser_without_a_role_sees_nothing(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "r@example.cn", "pw")
    client.force_login(admin)
    assert client.get(LIST).status_code == 302


def test_another_agencys_device_is_not_found(client, keeper):
    device = make_device(make_agency())
    client.force_login(keeper)
    assert client.get(f"{LIST}{device.pk}/").status_code == 404
    assert client.post(f"{LIST}{device.pk}/edit/").status_code == 404


def test_the_archivist_registers_issues_and_returns_a_device(
    client, agency, keeper, officer
):
    client.force_login(keeper)
    form = {"agency": agency.pk, "code": "ZFJLY-0001", "kind": "body_camera"}
    form |= {"status": "in_use", "section": "执法一科", "custodian": keeper.pk}
    response = client.post(f"{LIST}new/", form)
    device = Device.objects.get()
    assert response.url == f"{LIST}{device.pk}/"
    issue = {"action": "issue", "issue-user": officer.pk}
    issue |= {"issue-issued_at": "2025-03-10T08:00", "issue-condition": "完好"}
    issue |= {"issue-battery": "100%", "issue-storage": "32G"}
    assert client.post(f"{LIST}{device.pk}/", issue).status_code == 302
    body = client.get(f"{LIST}{device.pk}/").content.decode()
    assert "张伟，2025-03-10 08:00 领用" in body
    again = client.post(f"{LIST}{device.pk}/", issue).content.decode()
    assert "尚未归还" in again
    back = {"action": "return", "return-returned_at": "2025-03-10T18:00"}
    back |= {"return-condition": "完好", "return-battery": "20%"}
    assert client.post(f"{LIST}{device.pk}/", back).status_code == 302
    loan = DeviceLoan.objects.get()
    assert (loan.issued_by, loan.received_by, loan.return_battery) == (
        keeper,
        keeper,
        "20%",
    )


def test_a_check_is_recorded_from_the_device_page(client, agency, keeper):
    device = make_device(agency)
    client.force_login(keeper)
    form = {"action": "check", "check-kind": "playback", "check-checker": keeper.pk}
    form |= {"check-checked_on": "2025-03-31", "check-result": "pass"}
    form |= {"check-remarks": "回放3月录像，完整"}
    assert client.post(f"{LIST}{device.pk}/", form).status_code == 302
    body = client.get(f"{LIST}{device.pk}/").content.decode()
    assert "回放检查" in body and "回放3月录像，完整" in body


def test_the_chief_reads_but_does_not_write_the_ledger(
    client, agency, person_with_role, officer
):
    device = make_device(agency)
    client.force_login(person_with_role("chief", agency, Role.CHIEF))
    page = client.get(f"{LIST}{device.pk}/").content.decode()
    assert "设备台账" in page and "登记领用" not in page
    form = {"action": "issue", "issue-user": officer.pk}
    form |= {"issue-issued_at": "2025-03-10T08:00", "issue-condition": "完好"}
    assert client.post(f"{LIST}{device.pk}/", form).status_code == 302  # refused
    assert not DeviceLoan.objects.exists()
    assert client.get(f"{LIST}new/").status_code == 302


def test_the_register_downloads_as_csv(client, agency, keeper):
    make_device(agency, code="ZFJLY-0007", section="执法二科")
    client.force_login(keeper)
    response = client.get(LIST, {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert text.startswith("机关统一社会信用代码,设备编号,设备类型")
    assert f"{agency.code},ZFJLY-0007,执法记录仪" in text


def test_the_report_counts_per_officer_and_section_and_downloads(
    client, agency, keeper
):
    make_device(agency, code="ZFJLY-0099")
    case = make_case(agency, department="执法一科")
    add_av(case, Activity.ON_SITE_INSPECTION)  # ZFJLY-0001 by 张伟: unregistered
    av_compliance_refresh(case=case)
    client.force_login(keeper)
    body = client.get(REPORT, {"agency": agency.pk, "year": 2025}).content.decode()
    assert "设备未登记" in body and "执法一科" in body and "张伟" in body
    response = client.get(REPORT, {"agency": agency.pk, "year": 2025, "format": "xlsx"})
    sheets = load_workbook(io.BytesIO(response.content))
    officers = list(sheets["按执法人员"].values)
    assert officers[0][:4] == ("执法机关", "执法人员", "音像记录数", "设备未登记")
    assert officers[1][1:4] == ("张伟", 1, 1)
    assert list(sheets["按承办科室"].values)[1][1:4] == ("执法一科", 1, 1)
    empty = client.get(REPORT, {"agency": agency.pk, "year": 2024}).content.decode()
    assert "暂无数据" in empty


def test_the_register_shows_the_holder_without_a_query_per_device(
    client, agency, keeper, officer, django_assert_max_num_queries
):
    from tests.dossiers.devices.factories import issue

    issue(make_device(agency), officer, "2025-03-10 08:00")
    client.force_login(keeper)
    client.get(LIST)  # warm the session and the menu's queries
    with django_assert_max_num_queries(40) as few:
        body = client.get(LIST).content.decode()
    assert "张伟" in body
    for n in range(2, 12):
        issue(make_device(agency, code=f"ZFJLY-{n:04d}"), officer, "2025-03-10 08:00")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(LIST).content.decode()
    assert body.count("ZFJLY-00") >= 11


@pytest.mark.parametrize(
    "value", ["99999999999999999999", "-1", "abc", "%FF%FE", "%ED%A0%80", "9" * 400]
)
def test_hostile_filters_get_a_page(client, keeper, value):
    client.force_login(keeper)
    for url in (LIST, REPORT):
        query = f"agency={value}&year={value}&format={value}"
        assert client.get(f"{url}?{query}").status_code == 200
