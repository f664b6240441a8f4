"""agency_register, agency_merge and the demo agencies, as operators script them."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from dossiers.models import Agency
from tests.dossiers.factories import make_agency, make_case

pytestmark = pytest.mark.django_db
CODE = "11430405MB7777777A"


def _register(*extra: str) -> tuple[dict, int]:
    out = io.StringIO()
    args = ["--code", CODE, "--name", "珠晖区交通运输局", "--fonds", "J050", "--json"]
    try:
        call_command("agency_register", *args, *extra, stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return json.loads(out.getvalue()), code


def test_register_then_again_changes_nothing():
    assert _register() == (
        {
            "status": "registered",
            "agency": {"name": "珠晖区交通运输局", "code": CODE, "fonds": "J050"},
            "errors": [],
        },
        0,
    )
    assert _register()[0]["status"] == "exists"
    assert Agency.objects.get(code=CODE).changes.count() == 1


def test_a_fonds_held_by_another_agency_is_refused_naming_it():
    make_agency(fonds="J050", name="珠晖区住房和城乡建设局")
    result, code = _register()
    assert (result["status"], code) == ("refused", 1)
    assert result["errors"][0]["field"] == "fonds"
    assert "珠晖区住房和城乡建设局" in result["errors"][0]["message"]
    assert not Agency.objects.filter(code=CODE).exists()


def test_the_operator_needs_the_permission(django_user_model):
    django_user_model.objects.create_user("clerk")
    with pytest.raises(CommandError, match="无权管理执法机关"):
        call_command(
            "agency_register",
            "--code",
            CODE,
            "--name",
            "某局",
            "--fonds",
            "J050",
            "--user",
            "clerk",
        )
    assert not Agency.objects.filter(code=CODE).exists()


def test_merge_command_moves_the_cases():
    right, mistaken = make_agency(), make_agency()
    case = make_case(mistaken)
    out = io.StringIO()
    call_command(
        "agency_merge",
        "--from",
        mistaken.code,
        "--into",
        right.code,
        "--reason",
        "重复登记",
        stdout=out,
    )
    case.refresh_from_db()
    assert case.agency == right and "已将 1 件案件并入" in out.getvalue()


def test_demo_agencies_are_registered_once_and_conflicts_named():
    # The sample package's 珠晖区应急管理局 holds J031 here under another code.
    err = io.StringIO()
    call_command(
        "make_demo_cases", "--register-agencies", stdout=io.StringIO(), stderr=err
    )
    call_command("make_demo_cases", "--register-agencies", stdout=io.StringIO())
    assert Agency.objects.filter(fonds__in=["J045", "J207"]).count() == 2
    assert "全宗号 J031 已属于" in err.getvalue()
