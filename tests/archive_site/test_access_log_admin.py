"""The access log in the admin: filters, absolute local times, readable details."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from access_control.models import AccessAction, AccessLogEntry
from access_control.services import access_log_record
from archive_site.admin.access_log_details import access_log_details

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
URL = "/admin/accesslogentry/"


def test_details_read_as_chinese_labelled_text():
    data = {
        "request": "CY2026-00001",
        "grant": 3,
        "path": "data/materials/01.pdf",
        "superuser": True,
    }
    assert access_log_details(data) == (
        "登记号 CY2026-00001；授权 #3；路径 data/materials/01.pdf；超级用户"
    )
    assert access_log_details({"custodian": True}) == "档案管理员查阅"
    assert access_log_details({"document": "catalog-xlsx"}) == "文件 材料目录（XLSX）"
    assert access_log_details({"disc": "D-1", "file": "manifest"}) == (
        "光盘 D-1；光盘文件 光盘清单"
    )
    assert access_log_details({}) == ""


def test_anonymous_summaries_and_unknown_keys_have_no_braces():
    summary = {
        "summary": True,
        "window_start": "2026-12-04T16:30:00+00:00",
        "window_seconds": 60,
        "count": 25,
        "logged_individually": 20,
        "not_logged_individually": 5,
    }
    assert access_log_details(summary) == (
        "匿名拒绝汇总；起始 2026-12-05 00:30；时长 60 秒；共 25 次；"
        "逐条记录 20 次；仅汇总 5 次"
    )
    text = access_log_details({"zone": {"a": 1}, "query": "罚款", "filters": {}})
    assert text == "检索词“罚款”；zone：a：1"
    assert "{" not in text and "'" not in text


def _entry(user, when, action=AccessAction.VIEW_CASE, case_number="", **data):
    with time_machine.travel(when, tick=False):
        return access_log_record(
            user=user, action=action, case_number=case_number, data=data or None
        )


@pytest.fixture
def log(django_user_model):
    alice = django_user_model.objects.create_user("alice", password="pw")
    bob = django_user_model.objects.create_user("bob", password="pw")
    first = dt.datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI)  # 30 Nov in UTC
    second = dt.datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI)
    return {
        "a": _entry(
            alice, first, case_number="甲罚〔2026〕1号", request="CY2026-00001"
        ),
        "b": _entry(bob, second, AccessAction.DENIED, "乙罚〔2026〕2号", path="/x/"),
    }


@pytest.fixture
def auditor(client):
    root = get_user_model().objects.create_superuser("root", password="pw")
    client.force_login(root)
    return client


def _listed(client, **params) -> set[int]:
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    return {
        n
        for n in AccessLogEntry.objects.values_list("sequence", flat=True)
        if f"/inspect/{AccessLogEntry.objects.get(sequence=n).pk}/" in html
    }


def test_filters_narrow_the_list(auditor, log):
    a, b = log["a"].sequence, log["b"].sequence
    assert _listed(auditor) == {a, b}
    assert _listed(auditor, username="alice") == {a}
    assert _listed(auditor, case_number="乙罚〔2026〕2号") == {b}
    assert _listed(auditor, action="denied") == {b}
    # Local days: the first entry is on 1 December in China (30 November in UTC).
    assert _listed(auditor, timestamp_from="2026-12-01", timestamp_to="2026-12-01") == {
        a
    }
    assert _listed(auditor, timestamp_from="2026-12-02") == {b}
    assert _listed(auditor, timestamp_to="2026-11-30") == set()


def test_bad_dates_are_a_message_not_an_error(auditor, log):
    for params, message in (
        (
            {"timestamp_from": "2026-12-05", "timestamp_to": "2026-12-01"},
            "起始日期不能晚于截止日期。",
        ),
        ({"timestamp_from": "0001-01-01"}, "日期应在 1949 年至 2200 年之间。"),
        ({"timestamp_to": "2026-02-30"}, "有效的日期"),
    ):
        response = auditor.get(URL, params)
        assert response.status_code == 200, params
        assert message in response.content.decode(), params


def test_list_and_inspect_show_readable_details_and_local_times(auditor, log):
    html = auditor.get(URL).content.decode()
    assert "登记号 CY2026-00001" in html and "路径 /x/" in html
    assert "{&#x27;" not in html and "{'" not in html
    assert "2026-12-01 00:30" in html
    page = auditor.get(f"{URL}inspect/{log['a'].pk}/").content.decode()
    assert "登记号 CY2026-00001" in page
    assert "2026-12-01 00:30" in page
    assert "{&#x27;" not in page and "&quot;request&quot;" not in page
