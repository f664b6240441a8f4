"""The 查阅登记簿: every request, its decision and its use, as rows and files."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from access_control.consultations import (
    access_grant_return,
    access_grant_revoke,
    access_request_create,
    access_request_decide,
)
from access_control.models import Role
from access_control.register import (
    HEADERS,
    RegisterRow,
    register_csv,
    register_pdf,
    register_rows,
    register_xlsx,
)
from dossiers.codes import Form
from dossiers.models import Agency
from dossiers.services import dossier_assemble
from tests.conftest import ORDINARY_DEPARTMENT as DEPARTMENT

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.datetime(2026, 12, 4, 15, 0, tzinfo=SHANGHAI)


def _at(month, day, hour=10, minute=0):
    moment = dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)
    return time_machine.travel(moment, tick=False)


def _read(client, user, material):
    client.force_login(user)
    url = reverse("access_control:material_content", args=[material.pk])
    assert client.get(url).status_code == 200


@pytest.fixture
def case(ordinary_case):
    return ordinary_case  # the section head decides its AV requests


@pytest.fixture
def people(case, person_with_role):
    agency, person = case.agency, person_with_role
    return {
        "officer": person("officer", agency, Role.OFFICER, first_name="王小明"),
        "head": person(
            "head",
            agency,
            Role.SECTION_HEAD,
            first_name="李科长",
            department=DEPARTMENT,
        ),
        "chief": person("chief", agency, Role.CHIEF, first_name="赵局长"),
        "supervisor": person("supervisor", agency, Role.SUPERVISOR),
    }


@pytest.fixture
def photo(case):
    return case.materials.filter(form=Form.PHOTO).order_by("sequence").first()


@pytest.fixture
def history(client, case, people, photo, archivist):
    """An expired grant read once, an approved one read twice, a refused 调取."""
    with _at(11, 1):
        expired = access_request_create(
            user=people["officer"], case=case, kind="view", reason="复议答复"
        )
        access_request_decide(
            request=expired, user=people["chief"], approve=True, reason="同意"
        )
    with _at(11, 2):
        _read(client, people["officer"], photo)
    with _at(11, 30):
        current = access_request_create(
            user=people["officer"],
            case=case,
            kind="view",
            reason="行政诉讼应诉",
            materials=[photo],
        )
        access_request_decide(
            request=current, user=people["head"], approve=True, reason="同意"
        )
    with _at(12, 1, 0, 30):  # still 30 November in UTC
        retrieval = access_request_create(
            user=people["supervisor"], case=case, kind="retrieval", reason="信访复查"
        )
        access_request_decide(
            request=retrieval,
            user=people["chief"],
            approve=False,
            reason="涉密",
            ground="state_secret",
        )
    with _at(12, 2):
        _read(client, people["officer"], photo)
        _read(client, people["officer"], photo)
        dossier = dossier_assemble(case=case, user=archivist)
    return {
        "expired": expired,
        "current": current,
        "retrieval": retrieval,
        "dossier": dossier,
    }


def test_each_request_is_one_row_with_its_decision_and_use(case, photo, history):
    with time_machine.travel(TODAY, tick=False):
        rows = register_rows()
    assert [r.number for r in rows] == [
        history[k].number for k in ("expired", "current", "retrieval")
    ]
    expired, current, retrieval = rows
    code = history["dossier"].archival_code
    assert expired.codes == f"{code}/{case.case_number}"
    assert (expired.reader, expired.unit) == ("王小明", case.agency.name)
    assert (expired.content, expired.manner) == ("整卷", "查阅")
    assert expired.approver == "赵局长 2026-11-01 已批准"
    # 7 days from 1 November: the 1st to the 7th.
    assert expired.until == dt.date(2026, 11, 7)
    assert (expired.state, expired.reads) == ("已到期 2026-11-07", 1)
    assert (current.content, current.reason) == (photo.title, "行政诉讼应诉")
    assert (current.state, current.reads) == ("有效", 2)
    assert retrieval.reader == "supervisor" and retrieval.manner == "调取"
    assert retrieval.day == dt.date(2026, 12, 1)
    assert retrieval.approver == "赵局长 2026-12-01 不予批准（涉及国家秘密）"
    assert (retrieval.until, retrieval.state, retrieval.reads) == (None, "未授权", 0)


def test_filters_by_local_period_person_and_agency(
    case, people, history, other_archivist
):
    retrieval = history["retrieval"].number
    assert [r.number for r in register_rows(start=dt.date(2026, 12, 1))] == [retrieval]
    assert retrieval not in [r.number for r in register_rows(end=dt.date(2026, 11, 30))]
    by_officer = register_rows(person=people["officer"])
    assert {r.reader for r in by_officer} == {"王小明"} and len(by_officer) == 2
    other = Agency.objects.exclude(pk=case.agency.pk).first()
    assert register_rows(agency=other) == []
    assert len(register_rows(agency=case.agency)) == 3


def test_queries_do_not_grow_with_the_rows(people, history):
    with CaptureQueriesContext(connection) as one:
        assert len(register_rows(person=people["supervisor"])) == 1
    with CaptureQueriesContext(connection) as three:
        assert len(register_rows()) == 3
    assert len(three) == len(one)


def test_xlsx_and_csv_carry_the_columns(history):
    with time_machine.travel(TODAY, tick=False):
        rows = register_rows()
    sheet = load_workbook(io.BytesIO(register_xlsx(rows))).active
    lines = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert lines[0] == list(HEADERS)
    assert lines[1][0] == history["expired"].number
    assert lines[1][9:] == ["2026-11-07", "已到期 2026-11-07", 1]
    parsed = list(csv.reader(io.StringIO(register_csv(rows).decode("utf-8-sig"))))
    assert parsed[0] == list(HEADERS)
    assert parsed[3][6] == "调取" and parsed[3][11] == "0"


def _row(number: int, reason: str = "复核") -> RegisterRow:
    return RegisterRow(
        number=f"CY2026-{number:05d}",
        reader="王小明",
        unit="某市市场监督管理局",
        day=dt.date(2026, 12, 1),
        codes="J001-2026-XZCF-0001/某市监罚〔2026〕1号",
        content="整卷",
        manner="复制（当事人）",
        reason=reason,
        approver="赵局长 2026-12-01 已批准",
        until=dt.date(2026, 12, 8),
        state="有效",
        reads=0,
    )


def test_formula_like_reasons_stay_text():
    cells = register_csv([_row(1, '=HYPERLINK("x")')]).decode("utf-8-sig")
    assert "'=HYPERLINK" in cells
    sheet = load_workbook(io.BytesIO(register_xlsx([_row(1, "=1+1")]))).active
    assert sheet["H2"].value == "=1+1" and sheet["H2"].data_type == "s"


def test_pdf_is_landscape_with_the_header_on_every_page():
    rows = [_row(n) for n in range(1, 61)]
    reader = PdfReader(io.BytesIO(register_pdf(rows, title="查阅登记簿（测试）")))
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert page.mediabox.width > page.mediabox.height
        text = page.extract_text().replace(" ", "").replace("\n", "")
        assert "登记号查阅人单位" in text
    first = reader.pages[0].extract_text()
    assert "查阅登记簿（测试）" in first and "CY2026-00001" in first
    assert "CY2026-00060" in reader.pages[-1].extract_text()


def test_command_writes_the_file_and_counts_the_rows(tmp_path, case, history):
    out = tmp_path / "登记簿.xlsx"
    text = io.StringIO()
    call_command(
        "access_register",
        "--agency",
        case.agency.code,
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-04",
        "--person",
        "officer",
        "--format",
        "xlsx",
        "--out",
        str(out),
        stdout=text,
    )
    assert "已写入 1 条" in text.getvalue()
    sheet = load_workbook(out).active
    assert sheet["A2"].value == history["current"].number and sheet["A3"].value is None
    pdf = tmp_path / "登记簿.pdf"
    call_command("access_register", format="pdf", out=str(pdf), stdout=io.StringIO())
    assert history["retrieval"].number in PdfReader(pdf).pages[0].extract_text()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"agency": "91000000XXXXXXXXXX"}, "没有统一社会信用代码为"),
        ({"person": "nobody"}, "没有用户 nobody"),
        ({"start": "2026-13-01"}, "--from 应为 YYYY-MM-DD"),
        ({"end": "昨天"}, "--to 应为 YYYY-MM-DD"),
        ({"start": "2026-12-04", "end": "2026-12-01"}, "晚于"),
        ({"format": "docx"}, "--format 应为"),
    ],
)
def test_command_refuses_bad_options_and_writes_nothing(tmp_path, db, options, message):
    out = tmp_path / "登记簿.csv"
    options = {"format": "csv", "out": str(out), **options}
    with pytest.raises(CommandError, match=message):
        call_command("access_register", **options)
    assert list(tmp_path.iterdir()) == []


def test_returned_loans_revoked_copies_and_party_copies_say_so(case, people):
    with _at(12, 1):
        loan = access_request_create(
            user=people["officer"], case=case, kind="loan", reason="庭审质证"
        )
        access_request_decide(
            request=loan, user=people["head"], approve=True, reason="同意"
        )
        party = access_request_create(
            user=people["officer"],
            case=case,
            kind="copy",
            reason="当事人申请复制",
            for_party=True,
        )
        access_request_decide(
            request=party, user=people["chief"], approve=True, reason="同意"
        )
    with _at(12, 3, 16, 45):
        access_grant_return(grant=loan.grant, by=people["head"])
        access_grant_revoke(grant=party.grant, by=people["chief"], reason="已办结")
        pending = access_request_create(
            user=people["officer"], case=case, kind="view", reason="复核"
        )
    rows = {row.number: row for row in register_rows()}
    assert rows[loan.number].state == "已归还 2026-12-03 16:45"
    assert rows[party.number].manner == "复制（当事人）"
    assert rows[party.number].state == "已撤销 2026-12-03 16:45"
    assert (rows[pending.number].approver, rows[pending.number].state) == (
        "待审批",
        "",
    )


def test_an_empty_register_is_still_a_document():
    text = PdfReader(io.BytesIO(register_pdf([]))).pages[0].extract_text()
    assert "查阅登记簿" in text and "（无登记）" in text
