"""What a check reports that is not a finding shares one base, and keeps the
order of its JSON keys (operators script `ingest --json` and friends)."""

from preservation.problems import Problem, ReportLine
from preservation.services.fixity import FixityProblem
from preservation.services.rebuild import RebuildMessage


def test_refusals_damage_and_rebuild_lines_are_report_lines_with_their_keys():
    lines = [
        Problem("file_missing", "清单列出的文件在包中不存在。", "data/a.pdf"),
        FixityProblem("checksum_mismatch", "data/a.pdf", "校验值不符。"),
        RebuildMessage("/aips/x", "包已损坏。"),
    ]

    assert all(isinstance(line, ReportLine) for line in lines)
    assert [list(line.as_dict()) for line in lines] == [
        ["code", "message", "path", "field", "line"],
        ["code", "path", "message"],
        ["package", "message"],
    ]
