import io

import pytest
from django.core.management import CommandError, call_command

from dossiers.models import Dossier


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("admin")


def test_seal_refuses_blocking_findings_without_a_reason(ingested_case, admin):
    with pytest.raises(CommandError, match="须书面说明理由"):
        call_command("dossier_seal", ingested_case.case_number, "--by", "admin")
    assert Dossier.objects.get(case=ingested_case).state == "draft"


def test_seal_with_override_reason(ingested_case, admin):
    out = io.StringIO()
    call_command(
        "dossier_seal",
        ingested_case.case_number,
        "--by",
        "admin",
        "--override",
        "立卷人由科长代签",
        stdout=out,
    )
    dossier = Dossier.objects.get(case=ingested_case)
    assert dossier.state == "sealed" and dossier.override_reason == "立卷人由科长代签"
    assert "已封存" in out.getvalue() and dossier.archival_code in out.getvalue()
    with pytest.raises(CommandError, match="已封存"):
        call_command("dossier_seal", ingested_case.case_number, "--by", "admin")


def test_seal_names_unknown_case_and_user(ingested_case, admin):
    with pytest.raises(CommandError, match="没有找到案号"):
        call_command("dossier_seal", "不存在〔2025〕1号", "--by", "admin")
    with pytest.raises(CommandError, match="用户 nobody 不存在"):
        call_command("dossier_seal", ingested_case.case_number, "--by", "nobody")


def test_assemble_all_and_skip_existing(ingested_case):
    out = io.StringIO()
    call_command("dossier_assemble", "--all", stdout=out)
    dossier = Dossier.objects.get(case=ingested_case)
    assert dossier.archival_code in out.getvalue()
    call_command("dossier_assemble", ingested_case.case_number, stdout=out)
    assert "已组卷，跳过" in out.getvalue()
    assert Dossier.objects.count() == 1
