"""Cases for the search tests, built with the ORM, and a seeded corpus of them.

`search_case` builds one case with exactly the parties, officers, materials
(with their text pages) and dossier a test names, then writes its search
record. `corpus_build` builds a few hundred such cases from a seed: the same
seed always gives the same cases, so a failing query can be replayed. The
corpus carries what tends to break Chinese search: names and 案号 split by a
line break, a space or punctuation; full-width digits and letters; mixed-case
Latin names; 〔2025〕12号 beside 〔2025〕112号; repeated characters; values that
end and begin so that a phrase could run from one into the next; and pages
longer than 20,000 characters.
"""

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field

from dossiers.models import Agency, Case, Dossier, MaterialText, Officer, Party
from search import tokens
from search.models import CaseSearchRecord
from search.services import case_search_record_refresh
from tests.dossiers.factories import add_material, make_agency

_serial = itertools.count(1)

AGENCIES = [
    # name, 统一社会信用代码, 全宗号, 案号 prefix
    ("衡阳市珠晖区市场监督管理局", "11430405MB0310001A", "J021", "珠晖市监罚"),
    ("衡阳市珠晖区应急管理局", "11430405MB0310002B", "J032", "珠应急罚"),
    ("通化市生态环境局", "11220500MB0310003C", "J044", "通环罚"),
]
OFFICERS = [
    ("吴婷", "89788049615"),
    ("张伟", "15998696980"),
    ("李娜", "43040500112"),
    ("王强", "43040500121"),
    ("刘洋", "22050011200"),
    ("陈静", "22050012100"),
    ("杨磊", "43040599999"),
    ("黄勇", "43040511111"),
]
PLACES = ["衡阳", "珠晖", "长白山", "湘江", "东风", "雁峰", "石鼓", "通化", "南岳"]
TRADES = ["建材", "食品", "物流", "化工", "餐饮", "药房", "五金", "商贸", "燃气"]
FORMS = ["有限公司", "有限责任公司", "股份有限公司", "经营部", "商行"]
LATIN_NAMES = [
    "XYZ Trading Co., Ltd.",
    "ABC食品商行",
    "ＡＢＣ食品商行",
    "Hengyang ACME物流有限公司",
    "iPhone快修店",
    "McDonald餐饮管理有限公司",
    "Müller贸易有限公司",
    "Muller五金商行",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "婷", "建国", "秀英", "卫东"]
VIOLATIONS = [
    "未按规定开展安全培训",
    "销售过期食品",
    "未建立事故隐患排查治理制度",
    "无证经营",
    "超范围经营",
    "虚假宣传",
    "未取得排污许可证排放污染物",
    "使用未经检验的特种设备",
    "生产不符合标准的产品",
]
LAWS = [
    "《中华人民共和国行政处罚法》第五十一条",
    "《中华人民共和国安全生产法》第九十七条",
    "《中华人民共和国食品安全法》第一百二十四条",
    "《中华人民共和国环境保护法》第五十九条",
]
# (文书种类, the letters after the agency's prefix in its 文号, or "" for none)
DOC_TYPES = [
    ("立案审批表", "立"),
    ("现场检查笔录", ""),
    ("询问笔录", ""),
    ("行政处罚告知书", "告"),
    ("行政处罚决定书", "决"),
    ("送达回证", ""),
]
FILLER = [
    "检查情况：现场发现安全管理台账缺失。",
    "问：你单位是否对从业人员进行了安全培训？",
    "答：呜呜呜呜，我们不知道要培训。",
    "联系电话：13111111111。",
    "拟作出罚款人民币２０００元的行政处罚。",
    "检查时间：２０２５年３月１０日。",
    "当事人放弃陈述申辩。",
    "送达方式：留置送达，见证人在场。",
    "已缴纳罚款人民币二万元。",
    "产品批号ＡＢＣ－２０２５－０１。",
]
CATEGORIES = ["administrative_penalty"] * 6 + [
    "administrative_inspection",
    "administrative_coercion",
    "administrative_licensing",
]
# A 案号 number of 12 makes 1, 11, 112, 121 and 212 near misses of it.
NEAR_MISSES = [1, 2, 11, 12, 21, 112, 121, 212]
NUMBERS = NEAR_MISSES + [n for n in range(3, 60) if n not in NEAR_MISSES]


def search_case(
    agency: Agency | None = None,
    *,
    parties: list[dict] | None = None,
    officers: list[tuple[str, str]] = (),
    materials: list[dict] = (),
    dossier: dict | None = None,
    **fields,
) -> CaseSearchRecord:
    """One case with what the caller names, and its search record.

    Args:
        agency: its agency (a new one by default).
        parties: `Party` fields per party (one 某公司 by default).
        officers: (name, 执法证号) per officer.
        materials: `Material` fields per material; a `text` key gives the
            pages of its text layer, empty strings being pages without text.
        dossier: `Dossier` fields, or None for a case not yet assembled.
        **fields: `Case` fields.
    """
    agency = agency or make_agency()
    n = next(_serial)
    closed_on = fields.get("closed_on", dt.date(2025, 4, 30))
    defaults = {
        "case_number": f"测应急罚〔2025〕{n}号",
        "title": "某公司未按规定开展安全培训案",
        "category": "administrative_penalty",
        "procedure": "ordinary",
        "initiation": "ex_officio",
        "opened_on": closed_on - dt.timedelta(days=30),
        "closed_on": closed_on,
        "package_fingerprint": "0" * 64,
    }
    case = Case.objects.create(agency=agency, **(defaults | fields))
    for party in [{"name": "某公司"}] if parties is None else parties:
        Party.objects.create(case=case, **({"party_type": "legal_person"} | party))
    for name, certificate in officers:
        Officer.objects.create(case=case, name=name, certificate=certificate)
    for spec in materials:
        _material(case, **spec)
    if dossier is not None:
        _dossier(case, **dossier)
    return case_search_record_refresh(case=case)


def _material(case: Case, text: list[str] | None = None, **fields) -> None:
    doc_type = fields.pop("doc_type", "询问笔录")
    material = add_material(case, doc_type, **({"pages": len(text or [1])} | fields))
    if text is None:
        return
    empty = [i for i, page in enumerate(text, 1) if not page.strip()]
    status = "no_text_layer" if len(empty) == len(text) else "extracted"
    MaterialText.objects.create(
        material=material,
        status="partial" if empty and len(empty) < len(text) else status,
        pages=text,
        empty_pages=empty,
        extractor="tests",
    )


def _dossier(case: Case, **fields) -> Dossier:
    year = case.closed_on.year
    defaults = {
        "archival_code": f"{case.agency.fonds}-{year}-D30-{case.pk:04d}",
        "archive_number": f"{year}{case.pk:04d}",
        "title": case.title,
        "period_start": case.opened_on,
        "period_end": case.closed_on,
        "template": "chronological",
    }
    return Dossier.objects.create(case=case, **(defaults | fields))


# --- the seeded corpus -------------------------------------------------------


@dataclass
class Corpus:
    agencies: list[Agency]
    records: list[CaseSearchRecord]
    # Queries that end one value and begin the next (a phrase must not match).
    boundary_queries: list[str] = field(default_factory=list)
    long_page_records: list[CaseSearchRecord] = field(default_factory=list)


def corpus_build(*, seed: int, size: int) -> Corpus:
    """`size` cases over three agencies, the same ones for the same seed."""
    rng = random.Random(seed)
    agencies = [
        Agency.objects.create(name=name, code=code, fonds=fonds)
        for name, code, fonds, _ in AGENCIES
    ]
    numbers = [
        (agency_index, year, number)
        for agency_index in range(len(AGENCIES))
        for year in (2025, 2024, 2023)
        for number in NUMBERS
    ]
    # The near misses of 〔2025〕12号 first, then the rest in random order.
    first, rest = numbers[: len(NEAR_MISSES)], numbers[len(NEAR_MISSES) :]
    rng.shuffle(rest)
    corpus = Corpus(agencies, [])
    for index, (agency_index, year, number) in enumerate([*first, *rest][:size]):
        long_page = index % 97 == 5
        record = _random_case(
            rng, agencies[agency_index], AGENCIES[agency_index][3], year, number
        )
        if long_page:
            record = _with_long_page(record, index)
            corpus.long_page_records.append(record)
        corpus.records.append(record)
    corpus.boundary_queries = _boundary_queries(rng, corpus.records)
    return corpus


def _random_case(rng, agency, prefix, year, number) -> CaseSearchRecord:
    party = _party(rng)
    violation = rng.choice(VIOLATIONS)
    officers = rng.sample(OFFICERS, rng.choice([1, 2, 2]))
    closed_on = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    materials = [
        _random_material(rng, prefix, year, party["name"], violation, officers, i)
        for i in range(rng.randint(1, 3))
    ]
    dossier = None
    if rng.random() < 0.6:
        dossier = {
            "state": rng.choice(["draft", "sealed", "sealed"]),
            "retention": rng.choice(["30y", "30y", "permanent", "10y"]),
        }
    return search_case(
        agency,
        case_number=f"{prefix}〔{year}〕{number}号",
        title=f"{_broken(rng, party['name'], 0.15)}{violation}案",
        summary=f"经查，{party['name']}{violation}。",
        legal_basis=rng.sample(LAWS, rng.randint(1, 2)),
        category=rng.choice(CATEGORIES),
        procedure=rng.choice(["ordinary", "ordinary", "summary"]),
        closed_on=closed_on,
        parties=[party],
        officers=officers,
        materials=materials,
        dossier=dossier,
    )


def _party(rng) -> dict:
    roll = rng.random()
    if roll < 0.15:
        name = rng.choice(LATIN_NAMES)
    elif roll < 0.45:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    else:
        name = rng.choice(PLACES) + rng.choice(TRADES) + rng.choice(FORMS)
    if roll < 0.45:
        id_number = (
            f"430405{rng.randint(1960, 2000)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}"
        )
        id_number += f"{rng.randint(0, 999):03d}{rng.choice('0123456789X')}"
    else:
        id_number = f"91430405MA{rng.randint(0, 9_999_999):07d}{rng.choice('0123X')}"
    road = rng.choice(["东风路", "湘江北路", "衡州大道", "解放路"])
    return {
        "name": name,
        "id_number": id_number,
        "address": f"湖南省衡阳市珠晖区{road}{rng.randint(1, 200)}号",
    }


def _random_material(rng, prefix, year, party, violation, officers, index) -> dict:
    doc_type, letter = rng.choice(DOC_TYPES)
    doc_number = f"{prefix}{letter}〔{year}〕{rng.choice(NUMBERS)}号" if letter else ""
    pages = rng.choice([1, 1, 2, 3])
    text = [
        _page(rng, doc_type, party, violation, officers, page, pages)
        for page in range(1, pages + 1)
    ]
    if rng.random() < 0.1:
        text[-1] = ""  # a scanned page without a text layer
    return {
        "doc_type": doc_type,
        "title": doc_type,
        "doc_number": doc_number,
        "author": rng.choice(["", party]),
        "witness": rng.choice(["", "", rng.choice(SURNAMES) + rng.choice(GIVEN)]),
        "path": f"data/materials/{index + 1:02d}-{doc_type}.pdf",
        "text": text,
    }


def _page(rng, doc_type, party, violation, officers, page, pages) -> str:
    lines = [
        doc_type,
        f"当事人：{_broken(rng, party, 0.4)}",
        f"案由：{violation}",
        "执法人员：" + "、".join(name for name, _ in officers),
        *rng.sample(FILLER, rng.randint(1, 4)),
        f"第 {page} 页 共 {pages} 页",
    ]
    return "\n".join(lines)


def _broken(rng, text: str, chance: float) -> str:
    """`text`, sometimes split by a line break, a space or punctuation."""
    if len(text) < 2 or rng.random() >= chance:
        return text
    at = rng.randint(1, len(text) - 1)
    return text[:at] + rng.choice(["\n", " ", "·", "-", "\u3000"]) + text[at:]


def _with_long_page(record: CaseSearchRecord, index: int) -> CaseSearchRecord:
    """Add a page of more than 20,000 characters, with a marker at its end."""
    joined = "".join(FILLER)
    filler = joined * (21_000 // len(tokens.chars(joined)) + 1)
    case = record.case
    _material(
        case,
        doc_type="现场检查笔录",
        path=f"data/materials/99-long-{index}.pdf",
        text=[f"{filler}长卷尾记{index:03d}号"],
    )
    return case_search_record_refresh(case=case)


def _boundary_queries(rng, records: list[CaseSearchRecord]) -> list[str]:
    """The end of one value joined to the start of the next, in a few records."""
    queries = []
    for record in rng.sample(records, 12):
        for name in ("title", "identifiers", "people", "body", "texts"):
            values = [tokens.chars(v) for v in getattr(record, name).split("\n")]
            values = [v for v in values if len(v) >= 2]
            if len(values) >= 2:
                queries.append(values[0][-2:] + values[1][:2])
        # Across fields: the last identifier, then the first person.
        identifiers = tokens.chars(record.identifiers.split("\n")[-1])
        people = tokens.chars(record.people.split("\n")[0])
        queries.append(identifiers[-2:] + people[:2])
    return sorted(set(queries))
