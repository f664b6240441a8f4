"""av_compliance: each recording with its problems, and the reports' counts."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dossiers.codes import Activity
from dossiers.devices.compliance import av_compliance_refresh
from dossiers.devices.models import AvProblem
from dossiers.devices.selectors import BY_OFFICER, BY_SECTION, av_report
from dossiers.models import Agency, Officer
from tests.dossiers.devices.factories import issue, make_device, make_person
from tests.dossiers.factories import add_av, add_material, make_agency, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    agency = make_agency()
    device = make_device(agency)
    issue(device, make_person("张伟"), "2025-03-10 08:00", returned="2025-03-10 18:00")
    return agency


def _case(agency, **fields):
    case = make_case(agency, department="执法一科", **fields)
    Officer.objects.create(case=case, name="张伟", certificate="44000000001")
    return case


def _run(*args) -> dict:
    out = []
    call_command("av_compliance", *args, "--json", stdout=_Sink(out))
    return json.loads("".join(out))


class _Sink:
    def __init__(self, out):
        self.out = out

    def write(self, text):
        self.out.append(text)

    def flush(self):
        pass


def test_the_json_lists_every_recording_with_its_problems(agency):
    good = _case(agency)
    ok = add_av(good, Activity.ON_SITE_INSPECTION)
    bad = _case(agency)
    late = add_av(
        bad,
        Activity.ON_SITE_INSPECTION,
        stored_at="2025-03-14T15:00:00+08:00",
        device="ZFJLY-0002",
    )
    borrowed = add_av(bad, Activity.SAMPLING, made_by="李娜")
    result = _run("--agency", agency.code, "--year", "2025")
    by_path = {(m["case_number"], m["path"]): m for m in result["materials"]}
    assert len(by_path) == 3
    assert by_path[good.case_number, ok.path]["codes"] == []
    flagged = by_path[bad.case_number, late.path]
    assert flagged["codes"] == ["device_unregistered", "stored_late"]
    assert flagged["device"] == "ZFJLY-0002"
    assert {p["article"] for p in flagged["problems"]} >= {"001 §22；002 §21、§22"}
    assert by_path[bad.case_number, borrowed.path]["codes"] == ["device_not_issued"]


def test_the_scope_follows_agency_and_year(agency):
    add_av(_case(agency), Activity.ON_SITE_INSPECTION)
    add_av(_case(make_agency()), Activity.ON_SITE_INSPECTION)
    assert len(_run("--agency", agency.code)["materials"]) == 1
    assert _run("--agency", agency.code, "--year", "2024")["materials"] == []


def test_an_unknown_agency_is_one_error():
    with pytest.raises(CommandError, match="没有统一社会信用代码为 X 的机关"):
        call_command("av_compliance", "--agency", "X")


def test_reports_count_problems_per_officer_and_per_section(agency):
    case = _case(agency)
    add_av(case, Activity.ON_SITE_INSPECTION, device="ZFJLY-0002")
    add_av(case, Activity.SAMPLING, made_by="张伟、李娜", device="ZFJLY-0003")
    # A 查封 written up with no recording of it: a case-level problem.
    add_material(case, "查封决定书", activity=Activity.COERCIVE_MEASURE)
    av_compliance_refresh(case=case)
    agencies = Agency.objects.filter(pk=agency.pk)
    officers = {
        r.name: r for r in av_report(agencies=agencies, year=2025, by=BY_OFFICER)
    }
    assert officers["张伟"].recordings == 2
    assert officers["张伟"].counts == {"device_unregistered": 2, "recording_missing": 1}
    assert officers["李娜"].counts == {"device_unregistered": 1}
    [section] = av_report(agencies=agencies, year=2025, by=BY_SECTION)
    assert (section.name, section.recordings) == ("执法一科", 2)
    assert section.counts == {"device_unregistered": 2, "recording_missing": 1}
    assert av_report(agencies=agencies, year=2024, by=BY_SECTION) == []


def test_rows_follow_the_case_when_it_changes(
    agency, django_capture_on_commit_callbacks
):
    case = _case(agency)
    add_av(case, Activity.ON_SITE_INSPECTION, device="ZFJLY-0002")
    av_compliance_refresh(case=case)
    assert AvProblem.objects.filter(case=case).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        make_device(agency, code="ZFJLY-0002")
    assert list(AvProblem.objects.filter(case=case).values_list("code", flat=True)) == [
        "device_not_issued"
    ]


def test_an_imported_register_rechecks_the_agencys_recordings_once(
    django_capture_on_commit_callbacks,
):
    from dossiers.devices.registers import HEADERS, device_import

    agency = make_agency()
    case = _case(agency)
    add_av(case, Activity.ON_SITE_INSPECTION)  # ZFJLY-0001
    add_av(case, Activity.SAMPLING, device="ZFJLY-0002")
    rows = [",".join(HEADERS)] + [
        f"{agency.code},ZFJLY-000{n},执法记录仪,,,,在用,," for n in (1, 3, 4)
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        device_import(data="\n".join(rows).encode())
    assert len(callbacks) == 1
    problems = AvProblem.objects.filter(case=case)
    assert sorted(problems.values_list("code", flat=True)) == [
        "device_not_issued",
        "device_unregistered",
    ]
