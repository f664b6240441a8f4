import datetime as dt

import pytest

from dossiers.ordering import order_materials
from tests.dossiers.factories import add_av, add_material, make_case

pytestmark = pytest.mark.django_db


def _penalty_case():
    case = make_case()
    d = dt.date
    add_material(case, "罚款缴纳凭证", stage="service_execution", date=d(2025, 4, 20))
    add_material(case, "结案审批表", stage="archiving", date=d(2025, 4, 30))
    add_material(case, "询问笔录", date=d(2025, 3, 12))
    add_material(
        case,
        "送达回证",
        stage="service_execution",
        date=d(2025, 4, 10),
        service={"method": "direct", "served_on": "2025-04-10"},
    )
    add_material(
        case,
        "行政处罚决定书",
        stage="decision",
        date=d(2025, 4, 8),
        doc_number="测罚决〔2025〕3号",
    )
    add_material(case, "法制审核意见书", stage="decision", date=d(2025, 4, 5))
    add_material(case, "现场检查笔录", date=d(2025, 3, 10))
    add_av(case, "on_site_inspection")
    add_material(case, "行政处罚告知书", date=d(2025, 3, 20))
    add_material(case, "案件处理呈批表", stage="decision", date=d(2025, 4, 3))
    add_material(case, "立案审批表", stage="initiation", date=d(2025, 3, 1))
    return case


def _titles(ordered):
    return [(m.doc_type, volume) for m, volume in ordered]


def test_chronological_template_orders_by_stage_then_date():
    case = _penalty_case()
    ordered = order_materials(list(case.materials.all()), "chronological")
    assert [m.doc_type for m, _ in ordered] == [
        "立案审批表",
        "现场检查笔录",
        "on_site_inspection录像",
        "询问笔录",
        "行政处罚告知书",
        "案件处理呈批表",
        "法制审核意见书",
        "行政处罚决定书",
        "送达回证",
        "罚款缴纳凭证",
        "结案审批表",
    ]
    assert {v for _, v in ordered} == {"main"}


def test_penalty_template_puts_deliberation_in_the_secondary_volume():
    case = _penalty_case()
    ordered = order_materials(list(case.materials.all()), "penalty")
    assert _titles(ordered) == [
        ("立案审批表", "main"),
        ("行政处罚决定书", "main"),
        ("送达回证", "main"),
        ("行政处罚告知书", "main"),
        ("现场检查笔录", "main"),
        ("询问笔录", "main"),
        ("on_site_inspection录像", "main"),
        ("罚款缴纳凭证", "main"),
        ("案件处理呈批表", "secondary"),
        ("法制审核意见书", "secondary"),
        ("结案审批表", "secondary"),
    ]
