"""Discs holding a destroyed package (issue #14): the custodian's list
(`disc_disposal_list`), recording the disposal (`disc_dispose`) with its
refusals that exit 1 naming the rule and change nothing, and what a disposed
disc means for read-back checks and the yearly sampling. The scene (three
discs, one destroyed package) is in `disc_disposal_setup`."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from preservation.models import Disc, DiscExport
from preservation.selectors import discs_due_for_sampling
from preservation.services.discs import disc_export_files, disc_verify
from tests.conftest import person_make
from tests.preservation.retention.disc_disposal_setup import burn, discs_scene
from tests.preservation.retention.disposition_setup import TODAY

pytestmark = pytest.mark.django_db
__all__ = ["discs_scene"]


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def dispose(disc, *args) -> str:
    return run("disc_dispose", disc.disc_number, "--by", "keeper", *args)


WITNESSES = ("--witness", "witness", "--witness", "app1")


def listed(s) -> dict[str, dict]:
    data = json.loads(run("disc_disposal_list", "--json"))
    return {disc["disc_number"]: disc for disc in data["discs"]}


def test_the_list_names_each_disc_its_destroyed_and_its_live_packages(discs_scene):
    s = discs_scene
    discs = listed(s)
    assert sorted(discs) == [s.a1.disc_number, s.b1.disc_number]  # not A2
    a1, b1 = discs[s.a1.disc_number], discs[s.b1.disc_number]
    assert a1["status"] == "需销毁或重刻" and a1["location"] == "甲库"
    assert a1["destroyed"] == [
        {
            "package": s.gone.identifier,
            "archival_code": s.gone_code,
            "batch": s.batch.number,
        }
    ]
    [live] = a1["live"]
    assert (live["package"], live["elsewhere"], live["to_reburn"]) == (
        s.kept.identifier,
        [s.a2.disc_number],
        False,
    )
    assert b1["live"][0]["to_reburn"] is True and b1["live"][0]["elsewhere"] == []
    text = run("disc_disposal_list")
    assert f"另存于 {s.a2.disc_number}" in text and "需重刻" in text
    assert s.batch.number in text and s.gone_code in text


def _state(disc) -> tuple:
    disc = Disc.objects.get(pk=disc.pk)
    return disc.disposal, disc.disposed_on, disc.disposal_witnesses.count()


def test_refusals_name_the_rule_and_change_nothing(discs_scene):
    s = discs_scene
    person_make("outsider")
    destroyed = ("--action", "destroyed")
    refusals = [
        (s.a2, (*destroyed, *WITNESSES), "没有已销毁的保存包"),
        (s.a1, (*destroyed, "--witness", "witness"), "两名不同的人员（现为 1 名）"),
        (s.a1, (*destroyed, "--witness", "witness", "--witness", "witness"), "两名"),
        (s.a1, (*destroyed, "--witness", "keeper", "--witness", "app1"), "不得兼任"),
        (s.a1, (*destroyed, "--witness", "outsider", "--witness", "app1"), "不是"),
        (s.b1, (*destroyed, *WITNESSES), f"{s.kept.identifier} 未在B 套其他光盘"),
        (s.b1, ("--action", "reburned", *WITNESSES), "须写明替换光盘"),
        (
            s.b1,
            ("--action", "reburned", *WITNESSES, "--replacement", s.a2.disc_number),
            f"{s.a2.disc_number} 不能作为",
        ),
        (s.a1, (*destroyed, *WITNESSES, "--replacement", s.a2.disc_number), "不登记"),
    ]
    for disc, args, message in refusals:
        with pytest.raises(CommandError, match=message):
            dispose(disc, *args)
    with pytest.raises(
        CommandError, match="outsider 不是全宗 J031 所属机关的档案管理员"
    ):
        run("disc_dispose", s.a1.disc_number, "--by", "outsider", *destroyed,
            *WITNESSES)  # fmt: skip
    with pytest.raises(CommandError, match="光盘 X-1 不在光盘登记簿中"):
        run("disc_dispose", "X-1", "--by", "keeper", *destroyed, *WITNESSES)
    assert [_state(d) for d in (s.a1, s.b1, s.a2)] == [("", None, 0)] * 3


def test_a_disc_whose_live_content_the_set_keeps_is_destroyed_once(discs_scene):
    s = discs_scene
    out = dispose(s.a1, "--action", "destroyed", *WITNESSES, "--note", "碎片化销毁",
                  "--json")  # fmt: skip
    assert json.loads(out) == {
        "disc_number": s.a1.disc_number,
        "disposal": "destroyed",
        "status": "已销毁",
        "disposed_on": TODAY.isoformat(),
        "disposed_by": "keeper",
        "witnesses": ["witness", "app1"],
        "replacements": [],
        "note": "碎片化销毁",
    }
    assert s.a1.disc_number not in listed(s)
    with pytest.raises(CommandError, match="已于 2026-06-01已销毁，不能再次登记"):
        dispose(s.a1, "--action", "destroyed", *WITNESSES)
    # A2 now holds the A set's only copy of the live package.
    with pytest.raises(CommandError, match="没有已销毁的保存包"):
        dispose(s.a2, "--action", "destroyed", *WITNESSES)


def test_a_disc_is_reburned_onto_a_replacement_holding_its_live_package(
    discs_scene,
):
    s = discs_scene
    b2 = burn([s.kept], "B", s.out)
    assert listed(s)[s.b1.disc_number]["live"][0]["elsewhere"] == [b2.disc_number]
    out = dispose(s.b1, "--action", "reburned", *WITNESSES,
                  "--replacement", b2.disc_number)  # fmt: skip
    assert f"已登记光盘 {s.b1.disc_number} 重刻后销毁（2026-06-01" in out
    s.b1.refresh_from_db()
    assert s.b1.disposal_status == "已重刻"
    assert [d.disc_number for d in s.b1.replacements.all()] == [b2.disc_number]
    assert list(listed(s)) == [s.a1.disc_number]


def test_a_replacement_without_the_live_package_is_refused(discs_scene, seal):
    """A B disc of the case's next version is not a re-burn of version 1."""
    s = discs_scene
    newer = seal(s.kept.dossier.case, new_version=True)
    b2 = burn([newer], "B", s.out)
    with pytest.raises(CommandError, match=f"{s.kept.identifier} 未在替换光盘上"):
        dispose(s.b1, "--action", "reburned", *WITNESSES,
                "--replacement", b2.disc_number)  # fmt: skip
    assert _state(s.b1) == ("", None, 0)


def test_a_disc_with_a_destroyed_package_still_reads_back_clean(discs_scene):
    s = discs_scene
    check = disc_verify(s.out / f"{s.a1.disc_number}.iso", checked_by_name="检测员")
    assert check.outcome == "ok", check.problems
    assert check.checked_files == s.a1.file_count


def test_a_disposed_disc_is_not_due_for_sampling(discs_scene):
    s = discs_scene
    assert s.a1 in discs_due_for_sampling(TODAY)  # never sampled, burned first
    dispose(s.a1, "--action", "destroyed", *WITNESSES)
    due = list(discs_due_for_sampling(TODAY))
    assert s.a1 not in due and len(due) == 1  # 10 % of the two left, rounded up


def test_the_image_kept_on_the_server_goes_with_the_disc(
    discs_scene, django_capture_on_commit_callbacks
):
    """An image made from the browser holds the destroyed records too."""
    s = discs_scene
    export = DiscExport.objects.create(
        requested_by=s.keeper, media="cd", disc_set="A", status="done"
    )
    export.discs.add(s.a1)
    kept = disc_export_files(export, s.a1.disc_number)
    kept["iso"].parent.mkdir(parents=True)
    for kind, name in [("iso", ".iso"), ("label", "-label.pdf")]:
        shutil.copy(s.out / f"{s.a1.disc_number}{name}", kept[kind])
    with django_capture_on_commit_callbacks(execute=True):
        dispose(s.a1, "--action", "destroyed", *WITNESSES)
    assert not any(path.exists() for path in kept.values())
