"""The agency's retention register as its own permanent package (issue #14):
every hold placed or released and every schedule rule made writes, after the
commit, a version of `registers/<全宗号>/retention/v<n>` in both storage
locations (`holds.json`, `schedule.json`), only when its content changed; a
rebuild from the packages brings back the holds a dossier package never
saw, with their release, and the 保管期限表."""

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import bagit
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from access_control.models import Membership
from dossiers.models import Case
from preservation.models import FixityCheck, Hold, Package, RetentionRule
from preservation.retention.holds import hold_place, hold_release
from preservation.retention.register_package import register_package_write
from preservation.retention.schedule import retention_rule_create
from preservation.selectors import packages_without_disc
from preservation.services.aips import package_path
from preservation.services.completeness import completeness_check
from preservation.services.fixity import copy_audit
from preservation.services.rebuild import catalogue_rebuild
from search.models import CaseSearchRecord
from tests.conftest import ORDINARY, person_make
from tests.preservation.services.rebuild.helpers import (
    ORDINARY_NUMBER,
    archive,
    second_version,
    wipe,
)

pytestmark = pytest.mark.django_db

HOLD_FIELDS = ("kind", "reason", "reference", "placed_at", "released_at")
RULE_FIELDS = ("procedure", "retention", "effective_from", "basis", "created_at")


@pytest.fixture
def world(example_bag, sealer):
    archive(example_bag, sealer, ORDINARY)
    case = Case.objects.get(case_number=ORDINARY_NUMBER)
    return case, person_make("hold_keeper", case.agency, "archivist")


def _registers(agency) -> list[Package]:
    return list(Package.objects.filter(agency=agency).order_by("relative_path"))


def _payload(package: Package, name: str) -> dict:
    path = package_path(package, "primary") / "data" / name
    return json.loads(path.read_text("utf-8"))


def _holds() -> list[tuple]:
    return [
        (*(getattr(h, f) for f in HOLD_FIELDS), h.released_by.username)
        for h in Hold.objects.order_by("placed_at", "pk")
    ]


def _rules() -> list[tuple]:
    rules = RetentionRule.objects.order_by("created_at", "pk")
    return [
        (*(getattr(r, f) for f in RULE_FIELDS), r.created_by.username) for r in rules
    ]


def _wipe() -> None:
    """The database lost: holds, schedule and roles with the rest."""
    CaseSearchRecord.objects.all().delete()  # with its keys
    for model in (Hold, RetentionRule, Membership):
        model._base_manager.all()._raw_delete(using="default")
    wipe()


def _rebuild_from_replica():
    return catalogue_rebuild(root=Path(settings.ARCHIVE_REPLICA))


def test_a_hold_newer_than_every_package_survives_a_rebuild_with_its_release(
    world, django_capture_on_commit_callbacks, time_machine
):
    case, keeper = world
    with django_capture_on_commit_callbacks(execute=True):
        first = hold_place(case=case, kind="audit", reason="专项审计", user=keeper)
    second_version(ORDINARY_NUMBER, keeper)  # its package records `first` in force
    time_machine.move_to(timezone.now() + dt.timedelta(days=3), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        hold_release(hold=first, user=keeper, reason="审计结束")
        late = hold_place(
            case=case, kind="litigation", reason="当事人提起行政诉讼",
            reference="（2026）吉0102行初12号", user=keeper,
        )  # fmt: skip
        hold_release(hold=late, user=keeper, reason="原告撤诉")
    # One version per commit that changed the register.
    packages = _registers(case.agency)
    fonds = case.agency.fonds
    assert [p.relative_path for p in packages][-1] == f"registers/{fonds}/retention/v2"
    assert packages[-1].identifier == f"保管期限与冻结-{fonds}.v2"
    recorded = _payload(packages[-1], "holds.json")["holds"]
    assert [(h["case_number"], h["kind"], h["release_reason"]) for h in recorded] == [
        (ORDINARY_NUMBER, "audit", "审计结束"),
        (ORDINARY_NUMBER, "litigation", "原告撤诉"),
    ]
    assert recorded[0]["archival_codes"] == [case.dossiers.first().archival_code]
    original = _holds()
    _wipe()

    report = _rebuild_from_replica()

    assert report.problems == []
    assert report.holds_restored == 2  # one released, one missing entirely
    assert _holds() == original
    assert Hold.objects.get(kind="litigation").released_by.username == "hold_keeper"
    assert len(_registers(Case.objects.get().agency)) == 2


def test_an_edited_schedule_survives_a_rebuild(
    world, django_capture_on_commit_callbacks
):
    case, keeper = world
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        retention_rule_create(
            agency=case.agency, retention="10y", procedure="ordinary",
            effective_from=today + dt.timedelta(days=30), user=keeper,
            basis="本局档案工作规定第 5 条",
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        retention_rule_create(  # supersedes it: the schedule as edited
            agency=case.agency, retention="permanent", procedure="ordinary",
            effective_from=today + dt.timedelta(days=60), user=keeper,
        )  # fmt: skip
    newest = _registers(case.agency)[-1]
    rules = _payload(newest, "schedule.json")["rules"]
    assert [(r["retention"], r["created_by"]) for r in rules] == [
        ("10y", "hold_keeper"),
        ("permanent", "hold_keeper"),
    ]
    original = _rules()
    _wipe()

    out = StringIO()
    call_command("rebuild_from_aips", settings.ARCHIVE_REPLICA, "--json", stdout=out)

    report = json.loads(out.getvalue())
    assert (report["schedule_rules_restored"], report["problems"]) == (2, [])
    assert _rules() == original


def test_nothing_new_is_written_when_nothing_changed(
    world, django_capture_on_commit_callbacks
):
    case, keeper = world
    hold = hold_place(case=case, kind="petition", reason="信访", user=keeper)
    assert _registers(case.agency) == []  # its on-commit write never ran
    out = StringIO()
    call_command("package_write", "--missing", stdout=out)
    assert f"保管期限与冻结-{case.agency.fonds}.v1" in out.getvalue()
    call_command("package_write", "--missing", stdout=StringIO())
    (package,) = _registers(case.agency)
    assert register_package_write(agency=case.agency) == package
    with django_capture_on_commit_callbacks(execute=True):
        hold_release(hold=hold, user=keeper, reason="信访事项办结")
    assert len(_registers(case.agency)) == 2
    assert register_package_write(agency=case.agency) == _registers(case.agency)[-1]
    assert len(_registers(case.agency)) == 2
    # Registers are not laid out for discs; dossiers' packages still are.
    assert all(p.dossier_id for p in packages_without_disc(disc_set="A"))


def test_the_register_package_is_audited_and_repaired_like_any_package(
    world, django_capture_on_commit_callbacks
):
    case, keeper = world
    with django_capture_on_commit_callbacks(execute=True):
        hold_place(case=case, kind="audit", reason="专项审计", user=keeper)
    (package,) = _registers(case.agency)
    for location in ("primary", "replica"):
        bag = bagit.Bag(str(package_path(package, location)))
        bag.validate()
        assert bag.info["Retention-Period"] == "永久"
    report = completeness_check()
    assert (report.orphan_bags, report.incomplete_packages) == ([], [])
    holds = package_path(package, "replica") / "data" / "holds.json"
    holds.write_bytes(b"{}")
    check = copy_audit(package.copies.get(location="replica"))
    assert check.outcome == "repaired" and check.repaired_from == "primary"
    assert json.loads(holds.read_text("utf-8"))["holds"][0]["reason"] == "专项审计"
    assert FixityCheck.objects.filter(copy__package=package).count() == 1
