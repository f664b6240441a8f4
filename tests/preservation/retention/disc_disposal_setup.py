"""Discs holding a destroyed package, for the disc-disposal tests.

Two ingested, sealed, packaged cases of one agency (fonds J031): `gone`, due
and destroyed by an executed batch, and `kept`, live. Three discs are burned
before the destruction:

- A1 (J031-A-2026-0001): both packages; the A set also holds `kept` on A2;
- B1 (J031-B-2026-0001): both packages; nothing else of the B set holds
  `kept`, so it must be re-burned before B1 is destroyed;
- A2 (J031-A-2026-0002): `kept` only; it needs nothing.

The clock is frozen in June 2026 (Asia/Shanghai).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from dossiers.models import Dossier
from preservation.retention.disposition import batch_create, item_appraise
from preservation.retention.disposition_approval import batch_approve
from preservation.services.discs import disc_plan, disc_write
from preservation.services.ingest import package_ingest
from tests.conftest import MAJOR, person_make
from tests.dossiers.factories import make_case
from tests.preservation.builders import bag_clone, case_number_change, rebag
from tests.preservation.retention.disposition_setup import NOW
from tests.preservation.retention.helpers import sealed_row

PEOPLE = [
    ("keeper", "archivist"),
    ("witness", "archivist"),
    ("app1", "appraiser"),
    ("app2", "appraiser"),
    ("chief", "chief"),
]


def burn(packages, disc_set: str, out):
    """Burn the packages on one disc of a set; return the registered disc."""
    [plan] = disc_plan(packages, "cd")
    return disc_write(
        plan, out_dir=out, disc_set=disc_set, burned_by_name="刻录员", location="甲库"
    )


def _kept_package(tmp_path, seal):
    # The sample is already copied for `package`'s case; clone that copy.
    bag = bag_clone(tmp_path / "sips" / MAJOR, "kept")
    case_number_change(bag, "长应急罚〔2025〕88号")
    rebag(bag)
    report = package_ingest(source=bag)
    assert report.status == "accepted", report.errors
    return seal(report.case)


def _destroy(case, people, django_capture_on_commit_callbacks):
    other = make_case(case.agency, case_number="长应急罚〔1990〕9号")
    sealed_row(other, retention_end=dt.date(2020, 12, 31), code="LIVE-1")
    numbers = [case.case_number, other.case_number]
    batch = batch_create(by_date=NOW.date(), user=people.keeper, include=numbers)
    for number, decision, who in [
        (case.case_number, "destroy", people.app1),
        (other.case_number, "permanent", people.app2),
    ]:
        item_appraise(
            batch=batch, case_number=number, decision=decision, user=who,
            opinion="已无保存价值",
        )  # fmt: skip
    batch_approve(batch=batch, user=people.chief)
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "disposition_execute", str(batch.pk),
            "--witness", "keeper", "--witness", "witness",
        )  # fmt: skip
    batch.refresh_from_db()
    return batch


@pytest.fixture
def discs_scene(
    package, seal, tmp_path, time_machine,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    gone_case = package.dossier.case
    kept = _kept_package(tmp_path, seal)
    Dossier.objects.filter(case=gone_case).update(retention_end=dt.date(2020, 12, 31))
    time_machine.move_to(NOW, tick=False)
    s = SimpleNamespace(gone=package, kept=kept, out=tmp_path / "discs")
    for name, role in PEOPLE:
        setattr(s, name, person_make(name, gone_case.agency, role))
    s.a1 = burn([package, kept], "A", s.out)
    s.b1 = burn([package, kept], "B", s.out)
    s.a2 = burn([kept], "A", s.out)
    s.gone_code = package.dossier.archival_code
    s.batch = _destroy(gone_case, s, django_capture_on_commit_callbacks)
    return s
