"""hold_place, hold_release, retention_due: each refusal exits 1 naming the
rule and changes nothing."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from preservation.models import Hold
from tests.conftest import person_make
from tests.dossiers.factories import make_agency, make_case
from tests.preservation.retention.helpers import sealed_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return make_case(case_number="长应急罚〔1992〕7号")


@pytest.fixture
def archivist(case):
    return person_make("keeper", case.agency, "archivist")


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def place(case, by="keeper", *extra) -> str:
    return run(
        "hold_place", case.case_number, "--kind", "行政诉讼", "--reason",
        "当事人起诉", "--by", by, *extra,
    )  # fmt: skip


def test_hold_place_by_label_and_release(case, archivist):
    out = place(case, "keeper", "--ref", "（2026）吉0102行初12号")
    hold = Hold.objects.get()
    assert f"冻结 {hold.pk}" in out and hold.kind == "litigation"
    assert hold.reference == "（2026）吉0102行初12号"
    out = run("hold_release", str(hold.pk), "--by", "keeper", "--reason", "判决生效")
    assert "已解除冻结" in out
    assert Hold.objects.get().released_at is not None


def test_hold_place_json(case, archivist):
    out = run(
        "hold_place", case.case_number, "--kind", "audit", "--reason", "审计",
        "--by", "keeper", "--json",
    )  # fmt: skip
    assert json.loads(out) == {
        "id": Hold.objects.get().pk,
        "case_number": case.case_number,
    }


def test_hold_place_refuses_an_outsider(case, archivist):
    person_make("outsider", make_agency(), "archivist")
    with pytest.raises(CommandError, match="档案管理员或主要负责人") as error:
        place(case, "outsider")
    assert error.value.returncode == 1
    assert not Hold.objects.exists()


def test_hold_place_refuses_an_unknown_kind_or_user(case, archivist):
    with pytest.raises(CommandError, match="没有冻结类型 扣押"):
        run(
            "hold_place", case.case_number, "--kind", "扣押", "--reason", "x",
            "--by", "keeper",
        )  # fmt: skip
    with pytest.raises(CommandError, match="用户 nobody 不存在"):
        place(case, "nobody")
    assert not Hold.objects.exists()


def test_hold_release_refusals_change_nothing(case, archivist):
    place(case)
    hold = Hold.objects.get()
    person_make("officer", case.agency, "officer")
    with pytest.raises(CommandError, match="档案管理员或主要负责人"):
        run("hold_release", str(hold.pk), "--by", "officer", "--reason", "x")
    with pytest.raises(CommandError, match="解除冻结须说明理由"):
        run("hold_release", str(hold.pk), "--by", "keeper", "--reason", " ")
    with pytest.raises(CommandError, match="没有编号为 999 的冻结"):
        run("hold_release", "999", "--by", "keeper", "--reason", "x")
    assert Hold.objects.get().released_at is None
    run("hold_release", str(hold.pk), "--by", "keeper", "--reason", "结案")
    with pytest.raises(CommandError, match="不能再次解除"):
        run("hold_release", str(hold.pk), "--by", "keeper", "--reason", "再次")


def test_retention_due_lists_by_date_and_agency(case, archivist, time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 1, 2, tzinfo=dt.UTC), tick=False)
    sealed_row(case, retention_end=dt.date(2023, 12, 31), code="J001-1992-D30-0007")
    sealed_row(make_case(), retention_end=dt.date(2024, 12, 31), code="X-2")
    place(case)
    data = json.loads(run("retention_due", "--json"))
    assert data["by"] == "2024-12-31"
    (row,) = data["dossiers"]
    assert row["archival_code"] == "J001-1992-D30-0007" and row["held"]
    assert (
        row["retention_end"] == "2023-12-31" and row["holds"][0]["kind"] == "行政诉讼"
    )
    later = json.loads(run("retention_due", "--by", "2025-01-01", "--json"))
    assert len(later["dossiers"]) == 2
    mine = run("retention_due", "--by", "2025-01-01", "--agency", case.agency.code)
    assert "J001-1992-D30-0007" in mine and "X-2" not in mine
    assert "到期 1 卷，其中冻结 1 卷" in mine


def test_retention_due_refuses_a_bad_date_or_agency():
    with pytest.raises(CommandError, match="--by 应为 YYYY-MM-DD"):
        run("retention_due", "--by", "2024-13-01")
    with pytest.raises(CommandError, match="没有统一社会信用代码为 X 的机关"):
        run("retention_due", "--agency", "X")
