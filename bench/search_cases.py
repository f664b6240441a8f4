"""The cases the search benchmark invents, before they become rows.

The agencies (the demo's four and four more in the same areas, with their
officers and 执法证号), the parties with check-digit-correct 统一社会信用代码
and 身份证号, what each case is about (an offence, an inspection, a coercive
measure or a licence) and which materials it holds, with their 文号. The
vocabulary comes from `demo`. search_corpus.py turns a case into
its pages and rows.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from demo import identifiers, people
from demo.agencies import AGENCIES, JUSTICE, MARKET, SAFETY
from demo.offences import (
    INSPECTIONS,
    LICENCES,
    SEIZURES,
    SUMMARY_VIOLATIONS,
    VIOLATIONS,
)
from demo.wording import money

# --- the agencies ------------------------------------------------------------------


@dataclass(frozen=True)
class Office:
    """An enforcement agency, as much of it as the records mention."""

    name: str
    short: str  # the 机关代字 of its 案号, e.g. 珠应急
    division: str
    code: str
    fonds: str
    domain: str
    place: str
    places: tuple[str, ...]
    city: str
    government: str
    court: str
    bank: str
    officers: tuple[tuple[str, str], ...]  # (name, 执法证号)


# Four more agencies next to the demo's four, each sharing the area of one of
# them: (name, 机关代字, 全宗号, domain, organisation code body, sibling).
EXTRA_AGENCIES = (
    ("衡阳市珠晖区市场监督管理局", "珠市监", "J032", MARKET, "MB1C4051", "珠应急"),
    ("济宁市应急管理局", "济应急", "J208", SAFETY, "MB2853Q1", "济市监"),
    ("通化市市场监督管理局", "通市监", "J046", MARKET, "MB0P8201", "通应急"),
    ("和田县应急管理局", "和应急", "J113", SAFETY, "MB1K0977", "和司"),
)
# Names written with characters outside the BMP or rarely typed: a few parties,
# witnesses and one officer carry them.
RARE_NAMES = ("陶𫖮", "李𬭚", "王喆", "张堃", "刘垚", "赵淼")


def han_name(rng: random.Random) -> str:
    given = rng.choice(people.GIVEN_NAMES)
    if rng.random() < 0.7:
        given += rng.choice(people.GIVEN_NAMES)
    return rng.choice(people.SURNAMES) + given


def offices() -> list[Office]:
    demo = {a.short: a for a in AGENCIES}
    found = [_demo_office(a) for a in AGENCIES]
    found += [_extra_office(row, demo[row[-1]]) for row in EXTRA_AGENCIES]
    return found


def _demo_office(a) -> Office:
    return Office(
        a.name,
        a.short,
        a.division,
        a.code,
        a.fonds,
        a.domain,
        a.place,
        a.places,
        a.city,
        a.government,
        a.court,
        a.bank,
        tuple((o.name, o.certificate) for o in a.officers),
    )


def _extra_office(row: tuple, s) -> Office:
    """An agency of EXTRA_AGENCIES, placed like its demo sibling `s`."""
    name, short, fonds, domain, org, _sibling = row
    rng = random.Random(short)  # the same officers on every run
    names = [han_name(rng) for _ in range(5)]
    if short == "和应急":
        names[2] = RARE_NAMES[0]
    officers = tuple(
        (n, f"{s.division[:4]}{rng.randint(17, 22)}{rng.randint(1, 99999):05d}")
        for n in names
    )
    code = identifiers.credit_code("11", s.division, identifiers.with_org_check(org))
    return Office(
        name,
        short,
        s.division,
        code,
        fonds,
        domain,
        s.place,
        s.places,
        s.city,
        s.government,
        s.court,
        s.bank,
        officers,
    )


# --- one case ----------------------------------------------------------------------


@dataclass
class Who:
    name: str
    id_number: str
    address: str
    contact: str  # who speaks for the party (itself for a person)
    contact_id: str
    position: str
    natural: bool


@dataclass
class Material:
    doc_type: str
    title: str
    number: str
    author: str
    witness: str = ""


@dataclass
class Ctx:
    """What one generated case says, before it becomes its rows."""

    rng: random.Random
    office: Office
    category: str
    procedure: str
    year: int
    closed_on: dt.date
    party: Who
    officers: list[tuple[str, str]]
    act: str = ""
    facts: str = ""
    basis: list[str] = field(default_factory=list)
    outcome: str = ""
    service: str = "直接送达"
    witness: str = ""
    major: bool = False
    materials: list[Material] = field(default_factory=list)

    @property
    def officer_names(self) -> str:
        return "、".join(name for name, _ in self.officers)

    @property
    def officer_lines(self) -> str:
        return "、".join(f"{n}（执法证号：{c}）" for n, c in self.officers)


class Numbers:
    """The next serial per (agency, kind of 文号, year): numbers never repeat."""

    def __init__(self) -> None:
        self.serials: dict[tuple[str, str, int], int] = {}

    def next(self, office: Office, kind: str, year: int) -> str:
        key = (office.short, kind, year)
        self.serials[key] = self.serials.get(key, 0) + 1
        return f"{office.short}{kind}〔{year}〕{self.serials[key]}号"


CATEGORIES = (
    ("administrative_penalty", 0.72),
    ("administrative_inspection", 0.12),
    ("administrative_coercion", 0.08),
    ("administrative_licensing", 0.08),
)
SERVICES = (
    ("直接送达", 0.55),
    ("留置送达", 0.15),
    ("邮寄送达", 0.2),
    ("公告送达", 0.05),
    ("电子送达", 0.05),
)
YEARS = tuple(range(2019, 2026))


def pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]):
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def make_party(rng: random.Random, office: Office) -> Who:
    address = f"{office.place}{rng.choice(office.places)}{rng.randint(1, 288)}号"
    birth = dt.date(1962, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 38))
    male = rng.random() < 0.6
    person = han_name(rng) if rng.random() > 0.004 else rng.choice(RARE_NAMES)
    person_id = identifiers.id_number(rng, office.division, birth, male=male)
    if office.domain == JUSTICE or rng.random() < 0.35:
        if office.domain == JUSTICE and rng.random() < 0.6:
            name = f"和田县{rng.choice(office.places[:4])}法律服务所"
            code = identifiers.credit_code(
                "33", office.division, identifiers.organization_code(rng)
            )
            return Who(name, code, address, person, person_id, "负责人", False)
        return Who(person, person_id, address, person, person_id, "", True)
    industry = rng.choice(people.INDUSTRIES[office.domain])
    suffix = rng.choice(("有限公司", "有限公司", "有限责任公司"))
    name = f"{office.city}{rng.choice(people.BRANDS)}{industry}{suffix}"
    code = identifiers.credit_code(
        "91", office.division, identifiers.organization_code(rng)
    )
    return Who(name, code, address, person, person_id, "法定代表人", False)


def new_ctx(rng: random.Random, office: Office) -> Ctx:
    category = pick(rng, CATEGORIES)
    year = rng.choice(YEARS)
    closed_on = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    procedure = "ordinary"
    if category == "administrative_penalty" and rng.random() < 0.25:
        procedure = "summary"
    officers = rng.sample(office.officers, 2)
    ctx = Ctx(
        rng,
        office,
        category,
        procedure,
        year,
        closed_on,
        make_party(rng, office),
        officers,
    )
    ctx.service = pick(rng, SERVICES)
    ctx.witness = han_name(rng) if rng.random() > 0.004 else rng.choice(RARE_NAMES)
    return ctx


def _penalty(ctx: Ctx) -> str:
    rng, domain = ctx.rng, ctx.office.domain
    pool = SUMMARY_VIOLATIONS if ctx.procedure == "summary" else VIOLATIONS
    v = rng.choice(pool[domain])
    fine = rng.choice(v.fines)
    ctx.act, ctx.facts = v.act, v.facts
    ctx.basis = [v.violated, v.penalty_basis]
    if ctx.procedure == "summary":
        ctx.basis.append("《中华人民共和国行政处罚法》第五十一条")
    ctx.outcome = "警告" if not fine else f"罚款{money(fine)}"
    ctx.major = fine >= 50000 and rng.random() < 0.5
    return f"{ctx.party.name}{v.act}案"


def _coercion(ctx: Ctx) -> str:
    domain = ctx.office.domain if ctx.office.domain in SEIZURES else SAFETY
    s = ctx.rng.choice(SEIZURES[domain])
    ctx.act, ctx.facts = s.suspicion, f"{s.suspicion}，现场发现{'、'.join(s.items)}"
    ctx.basis = list(s.basis)
    ctx.outcome = f"{s.measure}{'、'.join(s.items)}，期限三十日"
    return f"{ctx.party.name}{s.suspicion}案"


def _inspection(ctx: Ctx) -> str:
    topic = INSPECTIONS[ctx.office.domain]
    hazards = ctx.rng.sample(topic.hazards, min(3, len(topic.hazards)))
    ctx.act = topic.name
    ctx.facts = "存在下列问题：" + "；".join(
        f"{n}. {h}" for n, h in enumerate(hazards, 1)
    )
    ctx.basis = [*topic.basis, topic.order_basis]
    ctx.outcome = "责令限期整改"
    return f"{ctx.party.name}{topic.name}案"


def _licensing(ctx: Ctx) -> str:
    licence = LICENCES.get(ctx.office.domain, LICENCES[MARKET])
    ctx.act = f"申请{licence.name}"
    ctx.facts = f"经书面审查和现场核查，{'、'.join(licence.checks)}均符合规定条件"
    ctx.basis = list(licence.basis)
    ctx.outcome = f"准予{licence.name}，核发{licence.certificate}"
    return f"{ctx.party.name}申请{licence.name}案"


THEMES = {
    "administrative_penalty": _penalty,
    "administrative_coercion": _coercion,
    "administrative_inspection": _inspection,
    "administrative_licensing": _licensing,
}
# Per category and procedure: (doc_type, 文号 kind or "", title pattern).
PLANS = {
    ("administrative_penalty", "ordinary"): (
        ("立案审批表", "", "{party}立案审批表"),
        ("现场检查笔录", "", "现场检查笔录"),
        ("现场照片", "", "现场照片（{photos}张）"),
        ("执法记录仪录像", "", "现场检查执法记录仪录像（第1段）"),
        ("询问笔录", "", "询问笔录（{contact}）"),
        ("案件处理呈批表", "", "{party}案件处理呈批表"),
        ("行政处罚告知书", "罚告", "行政处罚告知书"),
        ("行政处罚决定书", "罚决", "行政处罚决定书"),
        ("送达回证", "", "送达回证（行政处罚决定书）"),
        ("罚没款缴纳凭证", "", "罚没款缴纳凭证"),
        ("结案审批表", "", "{party}结案审批表"),
    ),
    ("administrative_penalty", "summary"): (
        ("当场行政处罚决定书", "简罚", "当场行政处罚决定书"),
        ("现场照片", "", "现场照片（{photos}张）"),
        ("送达回证", "", "送达回证（当场行政处罚决定书）"),
    ),
    ("administrative_coercion", "ordinary"): (
        ("现场笔录", "", "现场笔录"),
        ("查封（扣押）决定书", "强制", "查封（扣押）决定书"),
        ("查封（扣押）清单", "", "查封（扣押）场所、设施、财物清单"),
        ("送达回证", "", "送达回证（查封（扣押）决定书）"),
        ("解除查封（扣押）决定书", "解强", "解除查封（扣押）决定书"),
    ),
    ("administrative_inspection", "ordinary"): (
        ("现场检查笔录", "", "现场检查笔录"),
        ("现场照片", "", "现场照片（{photos}张）"),
        ("责令限期整改指令书", "责改", "责令限期整改指令书"),
        ("送达回证", "", "送达回证（责令限期整改指令书）"),
        ("整改复查意见书", "复查", "整改复查意见书"),
    ),
    ("administrative_licensing", "ordinary"): (
        ("行政许可申请书", "", "{party}行政许可申请书"),
        ("受理通知书", "许受", "行政许可受理通知书"),
        ("行政许可审查意见表", "", "行政许可审查意见表"),
        ("准予行政许可决定书", "许准", "准予行政许可决定书"),
        ("送达回证", "", "送达回证（准予行政许可决定书）"),
    ),
}
CASE_KIND = {
    ("administrative_penalty", "ordinary"): "罚",
    ("administrative_penalty", "summary"): "简罚",
    ("administrative_coercion", "ordinary"): "强",
    ("administrative_inspection", "ordinary"): "检",
    ("administrative_licensing", "ordinary"): "许",
}


def plan_materials(ctx: Ctx, numbers: Numbers) -> None:
    plan = list(PLANS[ctx.category, ctx.procedure])
    if ctx.major:
        plan.insert(-4, ("听证告知书", "听告", "行政处罚听证告知书"))
    if ctx.service == "留置送达":
        plan.append(("留置送达录像", "", "留置送达执法记录仪录像"))
    if ctx.service == "公告送达":
        plan.append(("公告", "", "公告送达公告"))
    values = {
        "party": ctx.party.name,
        "contact": ctx.party.contact,
        "photos": ctx.rng.randint(2, 12),
    }
    for doc_type, kind, title in plan:
        number = numbers.next(ctx.office, kind, ctx.year) if kind else ""
        author = ctx.office.name
        if doc_type.endswith(("笔录", "照片", "录像")):
            author = ctx.officers[0][0]
        witness = ctx.witness if doc_type in ("留置送达录像", "现场笔录") else ""
        ctx.materials.append(
            Material(doc_type, title.format(**values), number, author, witness)
        )
