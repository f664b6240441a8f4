"""disposition_batch, disposition_appraise, disposition_approve and
disposition_register: outputs, and refusals that exit 1 naming the rule and
change nothing. The register's PDF text names exactly the dossiers to destroy."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from preservation.models import BatchState, DispositionBatch
from tests.pdf_text import pdf_text
from tests.preservation.retention.disposition_setup import (
    appraised_batch,
)

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_disposition_batch_json(world):
    data = json.loads(
        run("disposition_batch", "--by-date", "2026-06-01", "--by", "keeper", "--json")
    )
    batch = DispositionBatch.objects.get()
    assert data["id"] == batch.pk
    assert [d["archival_code"] for d in data["dossiers"]] == ["D-1", "D-2", "D-3"]
    assert data["excluded"] == [
        {
            "archival_code": "H-4",
            "case_number": world.held.case.case_number,
            "hold": world.hold.pk,
            "reason": "已冻结（行政诉讼）：冻结期间（行政复议、行政诉讼、信访、审计等）"
            "的案卷不得鉴定销毁",
        }
    ]


def test_disposition_batch_include_and_its_refusals(world):
    out = run(
        "disposition_batch", "--by-date", "2026-06-01", "--by", "keeper",
        "--include", world.due1.case.case_number, world.due3.case.case_number,
    )  # fmt: skip
    assert "纳入 2 卷" in out
    refused = [
        (["--include", world.later.case.case_number], "000 §34"),
        (["--include", world.held.case.case_number], "冻结期间"),
        (["--include", "无此案号"], "没有案号为 无此案号"),
    ]
    for extra, message in refused:
        with pytest.raises(CommandError, match=message):
            run(
                "disposition_batch", "--by-date", "2026-06-01", "--by", "keeper", *extra
            )
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("disposition_batch", "--by-date", "June", "--by", "keeper")
    with pytest.raises(CommandError, match="档案管理员"):
        run("disposition_batch", "--by-date", "2026-06-01", "--by", "app1")
    assert DispositionBatch.objects.count() == 1


def appraise(batch, dossier, decision, by) -> str:
    return run(
        "disposition_appraise", str(batch.pk), dossier.case.case_number,
        "--decision", decision, "--by", by, "--opinion", "已无保存价值",
    )  # fmt: skip


def test_appraise_and_approve_commands(world):
    run("disposition_batch", "--by-date", "2026-06-01", "--by", "keeper")
    batch = DispositionBatch.objects.get()
    assert "销毁" in appraise(batch, world.due1, "destroy", "app1")
    with pytest.raises(CommandError, match="鉴定小组成员"):
        appraise(batch, world.due2, "destroy", "keeper")
    with pytest.raises(CommandError, match="destroy（销毁）"):
        appraise(batch, world.due2, "extend:x", "app1")
    assert "延长 3 年" in appraise(batch, world.due2, "extend:3", "app2")
    with pytest.raises(CommandError, match="未鉴定"):
        run("disposition_approve", str(batch.pk), "--by", "chief")
    assert "待审批" in appraise(batch, world.due3, "permanent", "app1")
    with pytest.raises(CommandError, match="主要负责人"):
        run("disposition_approve", str(batch.pk), "--by", "app2")
    with pytest.raises(CommandError, match="没有编号为 999"):
        run("disposition_approve", "999", "--by", "chief")
    assert "已批准" in run("disposition_approve", str(batch.pk), "--by", "chief")
    batch.refresh_from_db()
    assert batch.state == BatchState.APPROVED


def pdftotext(path) -> str:
    return pdf_text(path)


def test_register_names_only_the_dossiers_to_destroy(world, tmp_path):
    decisions = {
        world.due1: ("destroy", world.app1),
        world.due2: ("extend:5", world.app2),
        world.due3: ("destroy", world.app2),
    }
    batch = appraised_batch(world, decisions)
    run("disposition_approve", str(batch.pk), "--by", "chief")
    out = run("disposition_register", str(batch.pk), "--out", str(tmp_path))
    pdf = tmp_path / f"销毁清册-{batch.number}.pdf"
    assert str(pdf) in out
    text = pdftotext(pdf)
    assert "D-1" in text and "D-3" in text
    assert "D-2" not in text and "H-4" not in text
    for words in ("档案销毁清册", batch.number, world.agency.name, "app1", "chief"):
        assert words in text
    assert "待执行" in text
    sheet = load_workbook(tmp_path / f"销毁清册-{batch.number}.xlsx").active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "D-1" in values and "D-3" in values and "D-2" not in values
    assert "销毁日期与方式" in values


def test_register_of_an_unknown_batch_is_refused(tmp_path):
    with pytest.raises(CommandError, match="没有编号为 5"):
        run("disposition_register", "5", "--out", str(tmp_path))
