"""One agency with due, held and not-due dossiers, and its people, for the
disposition tests; the clock is frozen in June 2026 (Asia/Shanghai)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from preservation.retention.disposition import batch_create, item_appraise
from preservation.retention.holds import hold_place
from tests.conftest import person_make
from tests.dossiers.factories import make_agency, make_case
from tests.preservation.retention.helpers import sealed_row

NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = dt.date(2026, 6, 1)


def _dossier(agency, number: str, end: dt.date | None, code: str):
    case = make_case(agency, case_number=number, title=f"{number}案")
    return sealed_row(case, retention_end=end, code=code)


@pytest.fixture
def world(time_machine):
    time_machine.move_to(NOW, tick=False)
    agency = make_agency(name="长春市应急管理局")
    w = SimpleNamespace(agency=agency)
    w.due1 = _dossier(agency, "长应急罚〔1992〕1号", dt.date(2022, 12, 31), "D-1")
    w.due2 = _dossier(agency, "长应急罚〔1992〕2号", dt.date(2023, 12, 31), "D-2")
    w.due3 = _dossier(agency, "长应急罚〔1993〕3号", dt.date(2024, 12, 31), "D-3")
    w.held = _dossier(agency, "长应急罚〔1993〕4号", dt.date(2023, 12, 31), "H-4")
    w.later = _dossier(agency, "长应急罚〔2000〕5号", dt.date(2030, 12, 31), "L-5")
    w.forever = _dossier(agency, "长应急罚〔2000〕6号", None, "P-6")
    other = make_agency()
    w.foreign = _dossier(other, "外应急罚〔1990〕1号", dt.date(2020, 12, 31), "F-1")
    w.keeper = person_make("keeper", agency, "archivist")
    w.app1 = person_make("app1", agency, "appraiser")
    w.app2 = person_make("app2", agency, "appraiser")
    w.chief = person_make("chief", agency, "chief")
    w.officer = person_make("officer", agency, "officer")
    w.hold = hold_place(
        case=w.held.case, kind="litigation", reason="当事人起诉", user=w.keeper,
        reference="（2026）吉0102行初12号",
    )  # fmt: skip
    return w


def appraised_batch(w, decisions=None):
    """A batch of the three due dossiers, appraised by app1 and app2:
    D-1 销毁, D-2 延长 5 年, D-3 改为永久 unless `decisions` says otherwise."""
    batch = batch_create(by_date=TODAY, user=w.keeper)
    decisions = decisions or {
        w.due1: ("destroy", w.app1),
        w.due2: ("extend:5", w.app2),
        w.due3: ("permanent", w.app1),
    }
    for dossier, (decision, user) in decisions.items():
        item_appraise(
            batch=batch, case_number=dossier.case.case_number, decision=decision,
            user=user, opinion=f"{dossier.archival_code} 已无保存价值",
        )  # fmt: skip
    return batch
