"""`search_cases` and `update_index`: the same rules as the page, from the shell."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from modelsearch.backends import get_search_backend

from access_control.models import AccessAction, AccessLogEntry
from access_control.selectors import full_scope
from access_control.services import agency_archivists_group, archivist_role_ensure
from dossiers.models import MaterialText, TextStatus
from search.models import CaseSearchRecord
from search.selectors import case_search
from search.services import case_search_record_refresh
from tests.dossiers.factories import add_material, make_agency, make_case

pytestmark = pytest.mark.django_db


def _case(agency, number, year, text):
    case = make_case(
        agency,
        case_number=number,
        opened_on=dt.date(year, 1, 5),
        closed_on=dt.date(year, 2, 1),
    )
    material = add_material(case, "现场检查笔录")
    MaterialText.objects.create(
        material=material, status=TextStatus.EXTRACTED, pages=[text], extractor="t"
    )
    return case


@pytest.fixture
def agencies():
    a, b = make_agency(code="11430405MB0000001A"), make_agency()
    for case in (
        _case(a, "甲罚〔2024〕1号", 2024, "当事人拒绝签收，留置送达。"),
        _case(a, "甲罚〔2025〕2号", 2025, "留置送达并录像。"),
        _case(b, "乙罚〔2025〕3号", 2025, "留置送达。"),
    ):
        case_search_record_refresh(case=case)
    return a, b


def _run(*args) -> str:
    out = StringIO()
    call_command("search_cases", *args, stdout=out)
    return out.getvalue()


def test_the_console_searches_everything_and_is_logged_by_os_user(agencies):
    output = _run("留置送达")
    assert "共 3 件" in output
    assert "【留置送达】" in output
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH)
    assert entry.user is None
    assert entry.data["source"] == "search_cases"
    assert entry.data["os_user"]


def test_a_user_sees_only_what_they_may_open(agencies):
    user = get_user_model().objects.create_user("a-archivist")
    user.groups.add(archivist_role_ensure(), agency_archivists_group(agencies[0]))
    data = json.loads(_run("留置送达", "--user", "a-archivist", "--json"))
    assert data["total"] == 2
    assert {h["case_number"] for h in data["hits"]} == {
        "甲罚〔2024〕1号",
        "甲罚〔2025〕2号",
    }
    assert AccessLogEntry.objects.get(action=AccessAction.SEARCH).user == user


def test_a_user_with_no_permission_finds_nothing(agencies):
    get_user_model().objects.create_user("nobody-in-particular")
    data = json.loads(_run("留置送达", "--user", "nobody-in-particular", "--json"))
    assert data["total"] == 0
    assert data["hits"] == []
    assert data["facets"]["agency_id"] == []


def test_filters_and_json_carry_snippets_with_their_page(agencies):
    data = json.loads(
        _run("留置送达", "--agency", "11430405MB0000001A", "--year", "2025", "--json")
    )
    assert [h["case_number"] for h in data["hits"]] == ["甲罚〔2025〕2号"]
    snippet = next(s for s in data["hits"][0]["snippets"] if s["field"] == "texts")
    assert snippet["text"] == "【留置送达】并录像。"
    assert snippet["page"] == 1
    assert data["filters"] == {"agency_id": str(agencies[0].pk), "year": "2025"}


def test_bad_input_is_refused_by_name(agencies):
    with pytest.raises(CommandError, match="没有用户 ghost"):
        _run("留置送达", "--user", "ghost")
    with pytest.raises(CommandError, match="统一社会信用代码为 X 的机关"):
        _run("留置送达", "--agency", "X")
    with pytest.raises(CommandError, match="结案日期自"):
        _run("留置送达", "--from", "2025-13-01")
    with pytest.raises(CommandError, match="没有可检索"):
        _run("〔〕")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "99999999999999999999"], "结案年度"),
        (["--year", "-1"], "结案年度"),
        (["--page", "99999999999999999999"], "页"),
        (["--limit", "0"], "--limit"),
        (["--limit", "99999999999999999999"], "--limit"),
        (["--from", "2025-02-01", "--to", "2025-01-01"], "起始日不能晚于终止日"),
    ],
)
def test_options_are_checked_like_the_search_page(agencies, args, message):
    """The command validates through the page's own form: bounds, date order."""
    with pytest.raises(CommandError, match=message):
        _run("留置送达", *args)


def test_text_that_is_not_utf8_is_refused(agencies):
    with pytest.raises(CommandError, match="无法识别"):
        _run("留置\udcff送达")


def test_update_index_rewrites_records_and_indexes_them_in_bulk(agencies):
    CaseSearchRecord.objects.all().delete()
    out = StringIO()
    call_command(
        "update_index", "--backend", "default", "--chunk-size", "2", stdout=out
    )
    assert "已重写 3 个案件的检索记录" in out.getvalue()
    assert CaseSearchRecord.objects.count() == 3
    outcome = case_search(user=None, query="留置送达", scope=full_scope())
    assert outcome.total == 3


@pytest.fixture
def engine():
    if "engine" not in settings.WAGTAILSEARCH_BACKENDS:
        pytest.skip("没有配置检索引擎（SEARCH_URL）")
    backend = get_search_backend("engine")
    yield backend
    prefix = settings.WAGTAILSEARCH_BACKENDS["engine"]["SEARCH_INDEX_PREFIX"]
    for name in backend.es.indices.get(index=f"{prefix}*"):
        backend.es.indices.delete(index=name)


def test_update_index_builds_the_engine_index_behind_an_alias(agencies, engine):
    out = StringIO()
    call_command("update_index", "--backend", "engine", stdout=out)
    assert "casesearchrecord 已重建，共 3 条" in out.getvalue()
    outcome = case_search(
        user=None, query="留置送达", scope=full_scope(), backend="engine"
    )
    assert outcome.total == 3
    # Rebuilding again swaps the alias to a fresh index and drops the old one.
    call_command("update_index", "--backend", "engine", "--skip-records", stdout=out)
    index = engine.get_index_for_model(CaseSearchRecord)
    assert index.is_alias()
    assert len(index.aliased_indices()) == 1
    assert (
        case_search(
            user=None, query="留置送达", scope=full_scope(), backend="engine"
        ).total
        == 3
    )


def test_update_index_names_an_unknown_backend(agencies):
    with pytest.raises(CommandError, match="没有名为 solr 的检索后端；已配置：default"):
        call_command("update_index", "--backend", "solr")
