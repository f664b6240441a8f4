"""AV compliance: what the regulation checks say about each recording.

Nothing here decides whether a recording complies: the rules do
(`dossiers.rules.audiovisual` for storage delay, continuity, interruptions and
missing recordings; `dossiers.devices.rules` for the device register and the
ledger). This module runs `case_check` on a case, keeps the findings that
concern recordings under the short codes of the compliance report
(`COMPLIANCE_CODES`), and stores them as `AvRecording`/`AvProblem` rows, one
per recording officer, so that the reports per officer and per section are SQL
aggregates (`dossiers.devices.selectors`).

The rows are derived: `av_compliance_refresh` replaces a case's rows, and is
run after every change of the case (`case_changed`) or of the device register
and ledger (`dossiers.devices.tasks`), and by `manage.py av_compliance`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from dossiers.codes import AV_FORMS
from dossiers.devices.models import AvProblem, AvRecording
from dossiers.devices.rules import recording_makers
from dossiers.findings import Finding
from dossiers.models import Agency, Case, Material
from dossiers.rules import case_check

# Rule code → the code the compliance report uses for it.
COMPLIANCE_CODES = {
    "device_unregistered": "device_unregistered",
    "device_not_issued": "device_not_issued",
    "av_stored_late": "stored_late",
    "av_interruption_unexplained": "interruption_unexplained",
    "av_not_continuous": "not_continuous",
    "av_not_continuous_advised": "not_continuous",
    "av_missing": "recording_missing",
}
CODE_LABELS = {
    "device_unregistered": "设备未登记",
    "device_not_issued": "设备未领用给制作人",
    "stored_late": "存储逾期",
    "interruption_unexplained": "中断未说明原因",
    "not_continuous": "未连续记录",
    "recording_missing": "应记录环节无音像记录",
}
# Problems of the case, not of one recording: counted against its officers.
CASE_LEVEL = {"recording_missing"}


@dataclass
class RecordingCompliance:
    """One recording and what the checks found about it (`--json` object)."""

    material: Material
    case: Case
    problems: list[Finding] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return sorted({COMPLIANCE_CODES[f.code] for f in self.problems})

    def as_dict(self) -> dict[str, Any]:
        av = self.material.av
        return {
            "agency": self.case.agency.code,
            "case_number": self.case.case_number,
            "department": self.case.department,
            "path": self.material.path,
            "title": self.material.title,
            "form": self.material.form,
            "device": av.get("device", ""),
            "made_by": av.get("made_by", ""),
            "recorded_from": av.get("recorded_from", ""),
            "recorded_to": av.get("recorded_to", ""),
            "stored_at": av.get("stored_at", ""),
            "codes": self.codes,
            "problems": [_problem(f) for f in self.problems],
        }


def _problem(f: Finding) -> dict[str, str]:
    return {
        "code": COMPLIANCE_CODES[f.code],
        "rule": f.code,
        "article": f.article,
        "message": f.message,
    }


@dataclass
class CaseCompliance:
    case: Case
    recordings: list[RecordingCompliance]
    case_problems: list[Finding]


def case_compliance(case: Case) -> CaseCompliance:
    """Run the regulation checks on `case` and sort out its recordings' problems."""
    findings = [f for f in case_check(case) if f.code in COMPLIANCE_CODES]
    recordings = [
        RecordingCompliance(m, case, [f for f in findings if f.path == m.path])
        for m in case.materials.filter(form__in=AV_FORMS).order_by("sequence")
    ]
    case_level = [f for f in findings if COMPLIANCE_CODES[f.code] in CASE_LEVEL]
    return CaseCompliance(case, recordings, case_level)


@transaction.atomic
def av_compliance_refresh(*, case: Case) -> CaseCompliance:
    """Recompute `case`'s compliance rows from the rules; return what was found."""
    result = case_compliance(case)
    AvRecording.objects.filter(case=case).delete()
    AvProblem.objects.filter(case=case).delete()
    common = {
        "case": case,
        "agency_id": case.agency_id,
        "year": case.closed_on.year,
        "department": case.department,
    }
    AvRecording.objects.bulk_create(_recording_rows(result, common))
    AvProblem.objects.bulk_create(_problem_rows(result, common))
    return result


def _officers(names: list[str]) -> list[tuple[str, bool]]:
    """Each name with whether its row is the one a per-section count takes."""
    return [(name, i == 0) for i, name in enumerate(names or [""])]


def _recording_rows(result: CaseCompliance, common: dict) -> Iterator[AvRecording]:
    for rec in result.recordings:
        device = str(rec.material.av.get("device", ""))[:100]
        for name, primary in _officers(recording_makers(rec.material)):
            yield AvRecording(
                material=rec.material,
                officer=name[:100],
                primary=primary,
                device=device,
                **common,
            )


def _problem_rows(result: CaseCompliance, common: dict) -> Iterator[AvProblem]:
    for rec in result.recordings:
        for code in rec.codes:
            for name, primary in _officers(recording_makers(rec.material)):
                yield AvProblem(
                    material=rec.material,
                    officer=name[:100],
                    primary=primary,
                    code=code,
                    **common,
                )
    officers = list(result.case.officers.values_list("name", flat=True))
    for _finding in result.case_problems:
        for name, primary in _officers(officers):
            yield AvProblem(
                officer=name[:100], primary=primary, code="recording_missing", **common
            )


def compliance_cases(
    *, agency: Agency | None = None, year: int | None = None
) -> QuerySet[Case]:
    """The cases with recordings (of `agency`, closed in `year` when given)."""
    recordings = Material.objects.filter(case=OuterRef("pk"), form__in=AV_FORMS)
    cases = Case.objects.filter(Exists(recordings), destroyed_at__isnull=True)
    if agency is not None:
        cases = cases.filter(agency=agency)
    if year is not None:
        cases = cases.filter(closed_on__year=year)
    return cases.select_related("agency").order_by("agency__name", "closed_on", "pk")


def av_compliance_run(
    *,
    agency: Agency | None = None,
    year: int | None = None,
    progress: Callable[[], None] | None = None,
) -> Iterator[RecordingCompliance]:
    """Check every recording in scope, refreshing the stored rows on the way."""
    for case in compliance_cases(agency=agency, year=year).iterator(chunk_size=200):
        yield from av_compliance_refresh(case=case).recordings
        if progress:
            progress()
