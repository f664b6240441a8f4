"""`disc_export` and `disc_verify`: selection, access logging, exit status."""

import io

import pytest
from django.core.management import CommandError, call_command

from access_control.models import AccessLogEntry
from preservation.models import Disc, DiscCheck


def _export(*args: str) -> str:
    out = io.StringIO()
    call_command("disc_export", *args, stdout=out)
    return out.getvalue()


def test_export_writes_the_disc_and_logs_the_read(package, tmp_path):
    code = package.dossier.archival_code
    output = _export(code, "--media", "cd", "--set", "A", "--out", str(tmp_path))
    disc = Disc.objects.get()
    assert disc.disc_number in output
    assert (tmp_path / f"{disc.disc_number}.iso").is_file()
    assert disc.burned_by_name  # the OS user, recorded as text
    entry = AccessLogEntry.objects.get(reason="光盘刻录")
    assert entry.action == "download"
    assert entry.case_number == package.dossier.case.case_number
    assert entry.data["disc"] == disc.disc_number


def test_export_without_codes_takes_what_is_not_yet_on_the_set(package, tmp_path):
    args = ["--media", "cd", "--out", str(tmp_path)]
    _export("--set", "A", *args)
    assert "没有需要刻录的保存包" in _export("--set", "A", *args)
    _export("--set", "B", *args)
    assert sorted(Disc.objects.values_list("disc_set", flat=True)) == ["A", "B"]


def test_export_since_a_later_day_finds_nothing(package, tmp_path):
    args = ["--media", "cd", "--set", "A", "--out", str(tmp_path)]
    assert "没有需要刻录的保存包" in _export("--since", "2999-01-01", *args)


def test_export_names_unknown_codes(package, tmp_path):
    with pytest.raises(CommandError, match="J999-2025-D30-0001"):
        _export("J999-2025-D30-0001", "--media", "cd", "--set", "A", "--out", ".")


def test_export_by_unknown_user_fails(package, tmp_path):
    with pytest.raises(CommandError, match="nobody"):
        _export("--media", "cd", "--set", "A", "--out", str(tmp_path), "--by", "nobody")


def test_verify_records_the_check_and_fails_on_damage(package, tmp_path):
    _export("--media", "cd", "--set", "A", "--out", str(tmp_path))
    disc = Disc.objects.get()
    image = tmp_path / f"{disc.disc_number}.iso"
    out = io.StringIO()
    call_command("disc_verify", str(image), stdout=out)
    assert "完好" in out.getvalue()
    with image.open("r+b") as f:
        f.seek(-1, 2)
        f.write(b"\xff")
    with pytest.raises(CommandError, match="1 个问题"):
        call_command("disc_verify", str(image), stdout=io.StringIO())
    assert list(DiscCheck.objects.values_list("outcome", flat=True)) == [
        "failed",
        "ok",
    ]


def test_verify_due_lists_discs_never_read_back(package, tmp_path):
    args = ["--media", "cd", "--set", "A", "--out", str(tmp_path)]
    _export(*args, "--location", "甲库 3 柜")
    out = io.StringIO()
    call_command("disc_verify", "--due", stdout=out)
    assert "甲库 3 柜" in out.getvalue()
    assert "从未抽检" in out.getvalue()
