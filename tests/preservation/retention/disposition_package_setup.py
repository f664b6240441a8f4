"""Two packaged cases of one agency, due, in one appraised batch, for the
tests of the batch's own package and of its rebuild: the sample case is
decided 销毁, a clone of it under another case number 延长 5 年. The clock is
frozen in June 2026 (Asia/Shanghai)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from dossiers.models import Dossier
from dossiers.services import dossier_assemble, dossier_seal, dossier_update
from preservation.models import Package
from preservation.retention.disposition import batch_create, item_appraise
from preservation.retention.disposition_approval import batch_approve
from preservation.retention.disposition_execute import batch_execute
from preservation.retention.holds import hold_place
from preservation.services.aips import package_write
from preservation.services.ingest import package_ingest
from tests.conftest import person_make
from tests.preservation.builders import bag_clone, case_number_change, rebag
from tests.preservation.retention.disposition_setup import NOW

KEPT_NUMBER = "珠应急罚〔2025〕99号"
HELD_NUMBER = "珠应急罚〔2025〕98号"


def _packaged(bag, user) -> Package:
    report = package_ingest(source=bag)
    assert report.status == "accepted", report.errors
    dossier = dossier_assemble(case=report.case, user=user)
    dossier = dossier_update(dossier=dossier, user=user, compiler="李立卷")
    dossier = dossier_seal(dossier=dossier, user=user, override_reason="测试封存")
    package = package_write(dossier=dossier)
    Dossier.objects.filter(pk=dossier.pk).update(
        retention="30y", retention_end=dt.date(2020, 12, 31)
    )
    return package


def _clone(bag, number: str):
    clone = bag_clone(bag, f"case-{number[-4:-1]}")
    case_number_change(clone, number)
    rebag(clone)
    return clone


def _scene(example_bag, sealer, time_machine, *, held: bool) -> SimpleNamespace:
    bag = example_bag()
    w = SimpleNamespace(gone=_packaged(bag, sealer))
    w.kept = _packaged(_clone(bag, KEPT_NUMBER), sealer)
    if held:
        w.held = _packaged(_clone(bag, HELD_NUMBER), sealer)
    time_machine.move_to(NOW, tick=False)
    agency = w.gone.dossier.case.agency
    for name, role in [
        ("keeper", "archivist"), ("witness", "archivist"), ("app1", "appraiser"),
        ("app2", "appraiser"), ("chief", "chief"),
    ]:  # fmt: skip
        setattr(w, name, person_make(name, agency, role))
    if held:  # after its package was written: only the batch records it
        w.hold = hold_place(
            case=w.held.dossier.case, kind="litigation", reason="当事人起诉",
            user=w.keeper, reference="（2026）湘0405行初7号",
        )  # fmt: skip
    w.batch = batch_create(by_date=NOW.date(), user=w.keeper)
    for package, decision, who in [
        (w.gone, "destroy", w.app1), (w.kept, "extend:5", w.app2),
    ]:  # fmt: skip
        item_appraise(
            batch=w.batch, case_number=package.dossier.case.case_number,
            decision=decision, user=who, opinion="已无保存价值",
        )  # fmt: skip
    w.approve = lambda: batch_approve(batch=w.batch, user=w.chief, opinion="同意")
    w.execute = lambda: batch_execute(batch=w.batch, witnesses=[w.keeper, w.witness])
    return w


@pytest.fixture
def disposed(example_bag, sealer, time_machine):
    """`gone` (销毁, by app1) and `kept` (延长 5 年, by app2) in one batch,
    appraised, with the agency's people; approve and execute with the
    namespace's functions."""
    return _scene(example_bag, sealer, time_machine, held=False)


@pytest.fixture
def disposed_held(example_bag, sealer, time_machine):
    """`disposed`, and a third due case, `held`, left out of the batch for a
    hold placed after its package was written."""
    return _scene(example_bag, sealer, time_machine, held=True)
