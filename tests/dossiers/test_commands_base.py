"""ArchiveCommand's shared helpers, as an operator's script sees them: the
account behind --user/--by, the case behind a 案号, one line of JSON."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from dossiers.commands import ArchiveCommand
from dossiers.models import Agency


class Probe(ArchiveCommand):
    """A command that reports the account and the case it was given."""

    def add_arguments(self, parser):
        self.add_case_arguments(parser)
        self.add_user_argument(parser, "--by", help="操作人")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        _user, name = self.operator(options)
        case = self.case(options)
        self.write_json(
            {"by": name, "案号": case.case_number, "机关": case.agency.name}
        )


def run(*args) -> dict:
    out = io.StringIO()
    call_command(Probe(), *args, stdout=out)
    return json.loads(out.getvalue())


def test_unknown_user_is_one_clear_error(ingested_case):
    with pytest.raises(CommandError, match=r"^用户 ghost 不存在。$"):
        run(ingested_case.case_number, "--by", "ghost")


def test_known_user_is_recorded_and_json_keeps_chinese(ingested_case, archivist):
    out = io.StringIO()
    call_command(Probe(), ingested_case.case_number, "--by", "archivist", stdout=out)
    line = out.getvalue().strip()
    assert ingested_case.case_number in line  # not \\u escapes
    assert json.loads(line) == {
        "by": "archivist",
        "案号": ingested_case.case_number,
        "机关": ingested_case.agency.name,
    }


def test_ambiguous_case_number_asks_for_agency(ingested_case):
    other = Agency.objects.create(
        name="通化市应急管理局", code="11220500MB0000000X", fonds="J099"
    )
    twin = type(ingested_case).objects.get(pk=ingested_case.pk)
    twin.pk = None
    twin.agency = other
    twin.save()
    with pytest.raises(CommandError, match="在多个机关中存在，请用 --agency 指定"):
        run(ingested_case.case_number)
    chosen = run(ingested_case.case_number, "--agency", other.code)
    assert chosen["机关"] == "通化市应急管理局"


def test_unknown_case_number_is_named(db):
    with pytest.raises(CommandError, match="没有找到案号为 无此案 的案件"):
        run("无此案")
