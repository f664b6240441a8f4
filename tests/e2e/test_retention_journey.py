"""Retention to destruction in Chromium (issue #14, "Proof"): due list →
batch → two appraisals → approval → execution before two witnesses →
销毁清册 download → the tombstone on the case page.

The agency's archivist finds two dossiers due on the due list and gathers
them into a batch; two members of the 鉴定小组, each signed in on their own,
appraise one each (销毁, and 延长 10 年); the 主要负责人 approves; the
archivist chooses two 监销人 (himself and a colleague), checks the list of
what will go on the confirmation page and executes. The 销毁清册 PDF then
names the destroyed 档号, the witnesses and the day, and the case page
shows 已销毁 with the batch. The case to destroy is a real ingest of the
sample package, sealed and packaged, so its package leaves storage.
Nothing of the archive is mocked: the clock is moved (time-machine, for
the live server's thread too) to a day when both dossiers are due.
"""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dossiers.models import Dossier
from dossiers.services import dossier_assemble, dossier_seal
from preservation.models import BatchState, DispositionBatch, Package
from preservation.services.aips import package_write
from preservation.services.ingest import package_ingest
from tests.conftest import person_make
from tests.dossiers.factories import make_case
from tests.e2e.helpers import PASSWORD, login
from tests.pdf_text import pdf_text
from tests.preservation.retention.helpers import sealed_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHINA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 6, 1, 10, tzinfo=CHINA)
LIST = "/admin/archive/retention/disposition/"


@pytest.fixture
def scene(transactional_db, example_bag, time_machine):
    """The sample case sealed and packaged, due since 2020; a second case of
    the agency due since 2021; the agency's two archivists, two appraisers and chief."""
    time_machine.move_to(NOW, tick=True)
    report = package_ingest(source=example_bag())
    assert report.status == "accepted", report.errors
    case = report.case
    people = {
        name: person_make(
            name, case.agency, role, password=PASSWORD, last_name=full_name
        )
        for name, role, full_name in [
            ("e2e-keeper", "archivist", "王立"), ("e2e-clerk", "archivist", "孙强"),
            ("e2e-app1", "appraiser", "李明"), ("e2e-app2", "appraiser", "赵敏"),
            ("e2e-chief", "chief", "陈建国"),
        ]
    }  # fmt: skip
    dossier = dossier_assemble(case=case, user=people["e2e-keeper"])
    dossier = dossier_seal(
        dossier=dossier, user=people["e2e-keeper"], override_reason="测试"
    )
    package_write(dossier=dossier)
    Dossier.objects.filter(case=case).update(retention_end=dt.date(2020, 12, 31))
    other = make_case(case.agency, case_number="长应急罚〔1991〕7号")
    kept = sealed_row(other, retention_end=dt.date(2021, 12, 31), code="KEEP-7")
    return case, Dossier.objects.get(pk=dossier.pk), kept, people


def _as(page, base: str, username: str, path: str) -> None:
    page.context.clear_cookies()
    login(page, base, username, path)


def _done(page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def _appraise(page, code: str, decision: str, opinion: str, years="") -> None:
    row = page.get_by_test_id("item-row").filter(has_text=code)
    row.get_by_label("鉴定结论").select_option(decision)
    if years:
        row.get_by_label("延长年数").fill(years)
    row.get_by_label("鉴定意见").fill(opinion)
    row.get_by_role("button", name="保存").click()
    _done(page, f"已鉴定 {code}")


def _pdftotext(body: bytes, tmp_path: Path) -> str:
    return pdf_text(body)


def test_due_list_to_witnessed_destruction_register_and_tombstone(
    live_server, page, scene, tmp_path
):
    case, dossier, kept, _people = scene
    base = live_server.url
    batch_page = _gather(page, base, dossier, kept)
    _as(page, base, "e2e-app1", batch_page)
    _appraise(page, dossier.archival_code, "destroy", "已无查考利用价值")
    _as(page, base, "e2e-app2", batch_page)
    _appraise(page, kept.archival_code, "extend", "涉及复议，仍需查考", years="10")
    _as(page, base, "e2e-chief", batch_page)
    page.get_by_label("审批意见").fill("同意")
    page.get_by_role("button", name="批准").click()
    _done(page, "已批准批次")
    _execute(page, base, batch_page, dossier)
    text = _register_text(page, tmp_path)
    assert dossier.archival_code in text
    assert kept.archival_code not in text and "待执行" not in text
    row = _register_sheet_row(page, dossier)
    assert row[-2:] == ("孙强、王立", "2026年6月1日，电子文件删除")
    _tombstone(page, base, case)


def _gather(page, base, dossier, kept) -> str:
    """The due list shows both; a batch of them is gathered: its page's path."""
    login(page, base, "e2e-keeper", "/admin/archive/retention/due/")
    rows = page.get_by_test_id("due-row")
    expect(rows.filter(has_text=dossier.archival_code)).to_contain_text("未冻结")
    expect(rows.filter(has_text=kept.archival_code)).to_have_count(1)
    page.goto(f"{base}{LIST}")
    expect(page.get_by_label("组织新批次：届满日早于")).to_have_value("2026-06-01")
    page.get_by_role("button", name="组批").click()
    _done(page, "已组批 XH2026-001")
    expect(page.get_by_test_id("item-row")).to_have_count(2)
    return f"{LIST}{DispositionBatch.objects.get().pk}/"


def _execute(page, base, batch_page, dossier) -> None:
    """Two witnesses chosen, the list checked, the destruction confirmed."""
    _as(page, base, "e2e-keeper", batch_page)
    chooser = page.get_by_test_id("execute-choose")
    chooser.get_by_label("监销人1").select_option(label="王立（e2e-keeper）")
    chooser.get_by_label("监销人2").select_option(label="孙强（e2e-clerk）")
    chooser.get_by_role("button", name="下一步：核对销毁清单").click()
    listing = page.get_by_test_id("execute-list")
    expect(listing).to_contain_text(dossier.archival_code)
    expect(listing.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("execute-summary")).to_contain_text("将销毁 1 卷")
    packages = Package.objects.filter(dossier__case=dossier.case)
    assert packages.exists()
    page.get_by_role("button", name="确认销毁").click()
    _done(page, f"销毁 1 卷（{dossier.archival_code}）")
    assert DispositionBatch.objects.get().state == BatchState.EXECUTED
    assert not packages.exists()
    expect(page.get_by_test_id("batch-witnesses")).to_have_text("孙强、王立")


def _register_text(page, tmp_path) -> str:
    with page.expect_download() as downloading:
        page.get_by_test_id("register-links").get_by_role("link", name="PDF").click()
    download = downloading.value
    assert download.suggested_filename == "销毁清册-XH2026-001.pdf"
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"%PDF")
    return _pdftotext(body, tmp_path)


def _register_sheet_row(page, dossier) -> tuple:
    """The XLSX register's row of the destroyed dossier."""
    with page.expect_download() as downloading:
        page.get_by_test_id("register-links").get_by_role("link", name="XLSX").click()
    download = downloading.value
    assert download.suggested_filename == "销毁清册-XH2026-001.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = sheet.iter_rows(values_only=True)
    return next(row for row in rows if dossier.archival_code in row)


def _tombstone(page, base, case) -> None:
    page.goto(f"{base}/admin/case/inspect/{case.pk}/")
    tombstone = page.get_by_test_id("tombstone")
    expect(tombstone).to_contain_text("已销毁")
    expect(tombstone).to_contain_text("XH2026-001")
    expect(page.get_by_test_id("case-number")).to_have_text(case.case_number)
