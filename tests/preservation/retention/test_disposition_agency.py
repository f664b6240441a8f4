"""`disposition_batch --agency CODE` (issue #14): an archivist of several
agencies names the agency a batch is for; without it the batch is refused,
naming the agencies, and nothing is gathered. The clock is frozen in June
2026 (Asia/Shanghai)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from access_control.roles import membership_set
from preservation.models import DispositionBatch
from tests.dossiers.factories import make_agency

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def gather(*extra) -> dict:
    return json.loads(
        run("disposition_batch", "--by-date", "2026-06-01", "--by", "keeper",
            "--json", *extra)
    )  # fmt: skip


@pytest.fixture
def second(world):
    """A second agency whose archivist `keeper` also is."""
    agency = make_agency(name="吉林市应急管理局")
    membership_set(user=world.keeper, agency=agency, role="archivist")
    return agency


def test_an_archivist_of_several_agencies_must_name_one(world, second):
    with pytest.raises(CommandError, match="多个机关") as refused:
        gather()
    assert world.agency.code in str(refused.value)
    assert second.code in str(refused.value)
    assert not DispositionBatch.objects.exists()


def test_agency_names_the_batchs_agency(world, second):
    data = gather("--agency", world.agency.code)
    assert data["agency"] == world.agency.code
    assert [d["archival_code"] for d in data["dossiers"]] == ["D-1", "D-2", "D-3"]
    with pytest.raises(CommandError, match="没有保管期限届满"):
        gather("--agency", second.code)
    assert DispositionBatch.objects.count() == 1


def test_an_agency_not_ones_own_or_unknown_is_refused(world):
    foreign = world.foreign.case.agency
    with pytest.raises(CommandError, match=r"不是.*的档案管理员.*本机关的档案管理员"):
        gather("--agency", foreign.code)
    with pytest.raises(CommandError, match="没有统一社会信用代码为 X0 的机关"):
        gather("--agency", "X0")
    assert not DispositionBatch.objects.exists()
