"""Full-text search at scale: index time, size, latency and recall, per backend.

Run from the project root (see bench/README.md for the figures and how long
the default takes):

    .venv/bin/python bench/search.py [--cases 100000] [--seed 2025] [--repeat 20]
        [--warmup 2] [--page-repeat 3] [--budget 20] [--timeout 30]
        [--opensearch-url URL | --skip-opensearch] [--keep] [--dir PATH]

It prints the machine's limits first (hashlib SHA-256, disk write and read,
reusing ingest_throughput.py, plus the speed of the archive's own tokenizer).
Then, in a throwaway SQLite database, it writes --cases realistic Chinese
search records (parties, officers and their 执法证号, 案号 and 文号, 统一社会信用
代码 and 身份证号, legal bases, material titles, and a few OCR'd pages each)
straight into `dossiers.Case` and `search.CaseSearchRecord`, without ingest.
It indexes them with the real backend code, chunk by chunk as `update_index`
does: the database backend (SQLite FTS5) and, when an engine is given,
OpenSearch, in a fresh index of its own that is deleted at the end.

A fixed query set (2-, 4- and 6-character terms, 案号 fragments, names,
identifiers, two-term AND queries) is then checked for recall against a
`LIKE '%…%'` oracle, which must be 100 % (the script exits with status 1
otherwise), and timed: p50/p95 of the total count plus the first page of 20
hits, and of the whole search page (`search.selectors.case_search`: count,
hits with snippets, 精确匹配 and six facets). Not part of the test suite.
"""

import argparse
import contextlib
import datetime as dt
import functools
import hashlib
import math
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
# The project first: this file is itself called search.py, and the project's
# `search` package must win over it.
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(Path(__file__).resolve().parent))

import ingest_throughput as base  # noqa: E402
from rich.progress import (  # noqa: E402
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table  # noqa: E402

from archive_site.demo import identifiers, people  # noqa: E402
from archive_site.demo.agencies import AGENCIES, JUSTICE, MARKET, SAFETY  # noqa: E402
from archive_site.demo.offences import (  # noqa: E402
    INSPECTIONS,
    LICENCES,
    SEIZURES,
    SUMMARY_VIOLATIONS,
    VIOLATIONS,
)
from archive_site.demo.wording import money  # noqa: E402
from search import tokens  # noqa: E402

console = base.console
MiB = base.MiB
GENERATE_CHUNK = 2000
INDEX_CHUNK = 1000  # modelsearch's rebuild_modelsearch_index default
PAGE = 20
OPENSEARCH_TIMEOUT = 120  # seconds per request: a bulk of 1000 records is ~8 MB


# --- the query set -----------------------------------------------------------------

# (kind, query): fixed, so that runs can be compared. Every term is matched as
# LIKE '%term%' by the oracle; white space separates terms that must all match.
QUERIES: tuple[tuple[str, str], ...] = (
    ("2 chars", "送达"),
    ("2 chars", "罚款"),
    ("2 chars", "隐患"),
    ("2 chars", "听证"),
    ("4 chars", "留置送达"),
    ("4 chars", "安全生产"),
    ("4 chars", "询问笔录"),
    ("4 chars", "公告送达"),
    ("6 chars", "行政处罚决定"),
    ("6 chars", "现场检查笔录"),
    ("6 chars", "特种作业人员"),
    ("6 chars", "食品经营许可"),
    ("案号", "〔2025〕12"),
    ("案号", "罚〔2024〕"),
    ("案号", "应急罚"),
    ("案号", "市监简罚〔2023〕"),
    ("案号", "珠应急罚〔2025〕123号"),
    ("person", "张伟"),
    ("person", "王芳"),
    ("person", "陶𫖮"),  # a name character outside the BMP (CJK Ext. D)
    ("company", "恒通化工"),
    ("company", "济宁鑫源商贸有限公司"),
    ("执法证号", "43041900123"),
    ("信用代码", "91430405ma"),  # lower case: the codes are written MA…
    ("AND", "留置送达 安全生产"),
    ("AND", "张伟 罚款"),
    ("no match", "量子纠缠"),
)


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
    found = [
        Office(
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
        for a in AGENCIES
    ]
    for name, short, fonds, domain, org, sibling in EXTRA_AGENCIES:
        s = demo[sibling]
        rng = random.Random(short)  # the same officers on every run
        names = [han_name(rng) for _ in range(5)]
        if short == "和应急":
            names[2] = RARE_NAMES[0]
        officers = tuple(
            (n, f"{s.division[:4]}{rng.randint(17, 22)}{rng.randint(1, 99999):05d}")
            for n in names
        )
        code = identifiers.credit_code(
            "11", s.division, identifiers.with_org_check(org)
        )
        found.append(
            Office(
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
        )
    return found


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
INITIATIONS = (
    ("ex_officio", 0.45),
    ("complaint", 0.25),
    ("random_inspection", 0.2),
    ("application", 0.05),
    ("emergency", 0.05),
)
SERVICES = (
    ("直接送达", 0.55),
    ("留置送达", 0.15),
    ("邮寄送达", 0.2),
    ("公告送达", 0.05),
    ("电子送达", 0.05),
)
YEARS = tuple(range(2019, 2026))
RETENTIONS = (("permanent", 0.1), ("30y", 0.6), ("10y", 0.3))
RETENTION_CODES = {"permanent": "Y", "30y": "D30", "10y": "D10"}
PAGES = ((1, 0.2), (2, 0.35), (3, 0.3), (4, 0.15))
REMEDIES = (
    "如不服本决定，可以在收到本决定书之日起六十日内向{government}申请行政复议，"
    "或者在六个月内依法向{court}提起行政诉讼。"
)
CREDENTIALS = (
    "执法人员{names}向{who}出示了行政执法证件，告知了检查的依据、内容以及依法享有的"
    "陈述、申辩和申请回避等权利，{who}表示不申请回避。"
)
EVIDENCE = (
    "现场检查笔录",
    "询问笔录",
    "现场照片",
    "执法记录仪录像",
    "营业执照复印件",
    "法定代表人身份证明",
    "授权委托书",
)


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


# --- the pages of a case -----------------------------------------------------------


def _qa(ctx: Ctx) -> list[str]:
    p, (first, cert) = ctx.party, ctx.officers[0]
    return [
        f"问：我们是{ctx.office.name}的执法人员{ctx.officer_names}，这是我们的执法证件"
        f"（证号{cert}），请你过目。答：看清楚了。",
        "问：根据法律规定，你有陈述、申辩和申请回避的权利，你是否申请回避？答：不申请。",
        f"问：请介绍一下你的基本情况。答：我叫{p.contact}，身份证号码{p.contact_id}，"
        f"住{p.address}{'，现任' + p.name + p.position if p.position else ''}。",
        f"问：{p.name}是否存在{ctx.act}的情况？答：是的，{ctx.facts}，我们愿意整改。",
        "问：你对执法人员现场检查的情况有无异议？答：没有异议。",
        f"问：以上笔录你看一下，是否属实？答：属实。（询问人：{first}）",
    ]


def _pool(ctx: Ctx) -> list[str]:
    """Sentences any page of this case may say (beyond its own heading)."""
    o, p = ctx.office, ctx.party
    who = f"现场负责人{p.contact}"
    return [
        f"经查，{p.name}{ctx.facts}。",
        f"以上事实有{'、'.join(ctx.rng.sample(EVIDENCE, 4))}等证据为证。",
        CREDENTIALS.format(names=ctx.officer_names, who=who),
        f"本机关认为，当事人的上述行为违反了{ctx.basis[0]}的规定。",
        f"依据{'、'.join(ctx.basis[1:]) or ctx.basis[0]}的规定，"
        f"决定给予{ctx.outcome}。",
        REMEDIES.format(government=o.government, court=o.court),
        f"当事人应当自收到本决定书之日起十五日内，持本决定书到{o.bank}缴纳罚款。"
        "到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款。",
        f"检查地点：{p.address}",
        f"执法人员：{ctx.officer_lines}",
        f"当事人：{p.name}，统一社会信用代码（身份证号码）：{p.id_number}，住所：{p.address}",
        "当事人在规定期限内未提出陈述、申辩意见，亦未要求举行听证。",
        "以上记录已交现场负责人核对，确认无误。",
        *_qa(ctx),
    ]


def _service_lines(ctx: Ctx, doc: Material) -> list[str]:
    target = next(
        (m for m in ctx.materials if m.number and m.doc_type.endswith("决定书")), doc
    )
    lines = [
        f"送达文书名称及文号：{target.doc_type}（{target.number or '无文号'}）",
        f"受送达人：{ctx.party.name}",
        f"送达地点：{ctx.party.address}",
        f"送达方式：{ctx.service}",
    ]
    if ctx.service == "留置送达":
        lines.append(
            f"留置情况：受送达人{ctx.party.contact}拒绝签收，送达人邀请见证人{ctx.witness}"
            f"（所在社区工作人员）到场，将文书留置于受送达人住所，并采用录像方式记录送达过程。"
        )
    elif ctx.service == "公告送达":
        lines.append(
            "公告送达理由：受送达人下落不明，经直接送达无人签收、邮寄送达被退回，"
            "其他方式无法送达，自公告发布之日起经过三十日即视为送达。"
        )
    lines.append(f"送达人：{ctx.officer_names}")
    return lines


def _noisy(rng: random.Random, text: str) -> str:
    """What OCR and PDF text extraction do to a page now and then."""
    roll = rng.random()
    if roll < 0.12:  # a word split by a line break or a space
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(1, len(text))
            text = text[:at] + " " + text[at:]
    elif roll < 0.16:  # digits and letters read in full width
        text = text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    elif roll < 0.21:  # the 〔〕 of a 文号 read as other brackets
        left, right = rng.choice((("[", "]"), ("（", "）"), ("(", ")")))
        text = text.replace("〔", left).replace("〕", right)
    return text


def page_text(ctx: Ctx, doc: Material, case_number: str, pool: list[str]) -> str:
    """One page of `doc`, of 300–1500 characters."""
    rng = ctx.rng
    target = rng.randint(300, 1500)
    lines = [ctx.office.name, doc.doc_type]
    lines.append(doc.number or f"（案号：{case_number}）")
    if doc.doc_type == "送达回证":
        lines += _service_lines(ctx, doc)
    size = sum(map(len, lines))
    while size < target:
        line = rng.choice(pool)
        lines.append(line)
        size += len(line) + 1
    return _noisy(rng, " ".join(lines)[:target].strip())


def pages(ctx: Ctx, case_number: str) -> tuple[list[str], list[list[int]]]:
    pool = _pool(ctx)
    with_text = [
        (i, m)
        for i, m in enumerate(ctx.materials, 1)
        if not m.doc_type.endswith(("照片", "录像", "凭证"))
    ]
    texts, sources = [], []
    for _ in range(pick(ctx.rng, PAGES)):
        sequence, doc = ctx.rng.choice(with_text)
        texts.append(" ".join(page_text(ctx, doc, case_number, pool).split()))
        sources.append([sequence, 1 + sum(s[0] == sequence for s in sources)])
    return texts, sources


# --- the rows ----------------------------------------------------------------------


def _unique(values) -> list[str]:
    # The same clean-up as the real search records get.
    from search.services import unique_values

    return unique_values(values)


def _dossier(ctx: Ctx, numbers: dict) -> tuple[str, str, list[str]]:
    """Retention, state and identifiers of the case's dossier, if assembled."""
    roll = ctx.rng.random()
    if roll < 0.2:
        return "none", "none", []
    retention = pick(ctx.rng, RETENTIONS)
    state = "draft" if roll < 0.3 else "sealed"
    key = (ctx.office.short, ctx.year)
    item = numbers[key, retention] = numbers.get((key, retention), 0) + 1
    count = numbers[key] = numbers.get(key, 0) + 1
    code = f"{ctx.office.fonds}-{ctx.year}-{RETENTION_CODES[retention]}-{item:04d}"
    return retention, state, [code, f"{ctx.year:04d}{count:04d}"]


def case_rows(ctx: Ctx, numbers: Numbers, dossiers: dict, seed: int, n: int):
    """The `Case` and `CaseSearchRecord` field values of one generated case."""
    title = THEMES[ctx.category](ctx)
    case_number = numbers.next(
        ctx.office, CASE_KIND[ctx.category, ctx.procedure], ctx.year
    )
    plan_materials(ctx, numbers)
    texts, sources = pages(ctx, case_number)
    retention, state, dossier_ids = _dossier(ctx, dossiers)
    summary = f"经查，{ctx.party.name}{ctx.facts}。依法作出{ctx.outcome}的处理。"
    opened = ctx.closed_on - dt.timedelta(days=ctx.rng.randint(5, 80))
    case = {
        "case_number": case_number,
        "title": title,
        "category": ctx.category,
        "procedure": ctx.procedure,
        "initiation": pick(ctx.rng, INITIATIONS),
        "opened_on": opened,
        "closed_on": ctx.closed_on,
        "summary": summary,
        "legal_basis": ctx.basis,
        "major_case": ctx.major,
        "package_fingerprint": hashlib.sha256(f"{seed}-{n}".encode()).hexdigest(),
    }
    ids = _unique(
        [case_number, *dossier_ids]
        + [m.number for m in ctx.materials]
        + [ctx.party.id_number]
        + [cert for _, cert in ctx.officers]
    )
    record = {
        "year": ctx.year,
        "closed_on": ctx.closed_on,
        "category": ctx.category,
        "procedure": ctx.procedure,
        "retention": retention,
        "dossier_state": state,
        "title": title,
        "identifiers": "\n".join(ids),
        "people": "\n".join(_people(ctx)),
        "body": "\n".join(_body(ctx, summary)),
        "texts": "\n".join(texts),
        "text_sources": sources,
    }
    return case, record


def _people(ctx: Ctx) -> list[str]:
    return _unique(
        [ctx.party.name]
        + [name for name, _ in ctx.officers]
        + [m.author for m in ctx.materials]
        + [m.witness for m in ctx.materials]
    )


def _body(ctx: Ctx, summary: str) -> list[str]:
    from dossiers.codes import Category, Procedure, label

    return _unique(
        [summary, *ctx.basis]
        + [m.title for m in ctx.materials]
        + [m.doc_type for m in ctx.materials]
        + [ctx.party.address, ctx.office.name]
        + [label(Category, ctx.category), label(Procedure, ctx.procedure)]
    )


# --- writing the rows --------------------------------------------------------------


def bar(description: str, total: int | None, unit: str = "records") -> Progress:
    progress = Progress(
        TextColumn("{task.description:<26}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(f"{{task.fields[rate]}} {unit}/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )
    progress.add_task(description, total=total, rate="–")
    return progress


def advance(progress: Progress, done: int, started: float) -> None:
    task = progress.tasks[0]
    seconds = max(time.perf_counter() - started, 1e-9)
    rate = f"{(task.completed + done) / seconds:,.0f}"
    progress.update(task.id, advance=done, rate=rate)


@dataclass
class Corpus:
    cases: int
    seconds: float
    chars: int  # characters of the five searchable columns
    utf8: int  # their UTF-8 bytes
    pages: int


def generate(count: int, seed: int) -> Corpus:
    from django.db import transaction

    from dossiers.models import Agency, Case
    from search.models import CaseSearchRecord, SearchKey
    from search.services import search_keys

    rng, numbers, dossiers = random.Random(seed), Numbers(), {}
    found = offices()
    agencies = Agency.objects.bulk_create(
        Agency(name=o.name, code=o.code, fonds=o.fonds) for o in found
    )
    weights = [3 if o.domain == SAFETY else 2 for o in found]
    chars = utf8 = page_count = 0
    started = time.perf_counter()
    with bar("generate + insert", count) as progress:
        for first in range(0, count, GENERATE_CHUNK):
            cases, records = [], []
            for n in range(first, min(first + GENERATE_CHUNK, count)):
                which = rng.choices(range(len(found)), weights)[0]
                ctx = new_ctx(rng, found[which])
                case, record = case_rows(ctx, numbers, dossiers, seed, n)
                cases.append(Case(agency=agencies[which], **case))
                records.append(record)
            with transaction.atomic():
                Case.objects.bulk_create(cases)
                made = CaseSearchRecord.objects.bulk_create(
                    CaseSearchRecord(case=c, agency=c.agency, **r)
                    for c, r in zip(cases, records, strict=True)
                )
                SearchKey.objects.bulk_create(
                    key for m in made for key in search_keys(m.pk, m.identifiers)
                )
            for r in records:
                text = "".join(r[f] for f in SEARCHED)
                chars += len(text)
                utf8 += len(text.encode())
                page_count += len(r["text_sources"])
            advance(progress, len(cases), started)
    return Corpus(count, time.perf_counter() - started, chars, utf8, page_count)


SEARCHED = ("title", "identifiers", "people", "body", "texts")


# --- indexing ------------------------------------------------------------------


@dataclass
class Indexed:
    backend: str
    seconds: float
    fetch: float  # reading the records from the database
    prepare: float  # Python: tokenizing (database) or building documents (engine)
    write: float  # the rest of add_items: SQL + FTS5, or the bulk requests
    size: dict[str, int] = field(default_factory=dict)
    name: str = ""


def record_chunks(size: int) -> Iterator[list]:
    """The records in pk order, `size` at a time (keyset, not OFFSET)."""
    from search.models import CaseSearchRecord

    last = 0
    while True:
        chunk = list(
            CaseSearchRecord.get_indexed_objects()
            .filter(pk__gt=last)
            .order_by("pk")[:size]
        )
        if not chunk:
            return
        last = chunk[-1].pk
        yield chunk


def _timed(fn: Callable, totals: dict[str, float], phase: str) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[phase] += time.perf_counter() - start

    return wrapper


def rebuild(name: str, backend, count: int, patches) -> Indexed:
    """Index every record as `update_index` does: rebuilder, add_model, chunks.

    Inside `patches(totals)`, the backend's Python preparation is timed.
    """
    from search.models import CaseSearchRecord

    totals = {"fetch": 0.0, "prepare": 0.0, "add": 0.0}
    started = time.perf_counter()
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(CaseSearchRecord))
    index = rebuilder.start()
    index.add_model(CaseSearchRecord)
    with bar(f"index: {name}", count) as progress, patches(totals):
        chunks = record_chunks(INDEX_CHUNK)
        while True:
            t = time.perf_counter()
            chunk = next(chunks, None)
            totals["fetch"] += time.perf_counter() - t
            if chunk is None:
                break
            t = time.perf_counter()
            index.add_items(CaseSearchRecord, chunk)
            totals["add"] += time.perf_counter() - t
            advance(progress, len(chunk), started)
    rebuilder.finish()  # the engine: refresh, then point the alias at the index
    seconds = time.perf_counter() - started
    write = totals["add"] - totals["prepare"]
    indexed = Indexed(name, seconds, totals["fetch"], totals["prepare"], write)
    indexed.name = getattr(index, "name", "")
    return indexed


@contextlib.contextmanager
def sqlite_patches(totals: dict[str, float]) -> Iterator[None]:
    from search.backends.sqlite import CharIndexer

    wrapped = _timed(CharIndexer._indexed, totals, "prepare")
    with mock.patch.object(CharIndexer, "_indexed", wrapped):
        yield


def engine_patches(backend):
    @contextlib.contextmanager
    def patches(totals: dict[str, float]) -> Iterator[None]:
        mapping = backend.mapping_class
        wrapped = _timed(mapping.get_document, totals, "prepare")
        with mock.patch.object(mapping, "get_document", wrapped):
            yield

    return patches


def sqlite_sizes() -> dict[str, int]:
    """Bytes on disk per part, from SQLite's dbstat (after a WAL checkpoint)."""
    from django.db import connection

    from dossiers.models import Case
    from search.backends.sqlite import IndexEntry, SQLiteFTSIndexEntry
    from search.models import CaseSearchRecord

    fts = SQLiteFTSIndexEntry._meta.db_table
    parts = {  # part -> the tables whose pages (and indices' pages) it counts
        "FTS5 index (_data, _idx)": {f"{fts}_data", f"{fts}_idx"},
        "FTS5 copy of the text (_content, _docsize, _config)": {
            f"{fts}_content",
            f"{fts}_docsize",
            f"{fts}_config",
        },
        "index entries (spaced text)": {IndexEntry._meta.db_table},
        "search records (the text)": {CaseSearchRecord._meta.db_table},
        "cases": {Case._meta.db_table},
    }
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("SELECT name, tbl_name FROM sqlite_master")
        owner = dict(cursor.fetchall())
        cursor.execute("SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE")
        rows = cursor.fetchall()
    sizes = dict.fromkeys([*parts, "everything else"], 0)
    for name, size in rows:
        table = name if name.startswith(fts) else owner.get(name, name)
        part = next((p for p, tables in parts.items() if table in tables), None)
        sizes[part or "everything else"] += size
    return sizes


def engine_sizes(backend, index_name: str) -> dict[str, int]:
    stats = backend.es.indices.stats(index=index_name, metric="store,docs,segments")
    primaries = stats["_all"]["primaries"]
    return {
        "store, primaries": primaries["store"]["size_in_bytes"],
        "docs": primaries["docs"]["count"],
        "segments": primaries["segments"]["count"],
    }


# --- the oracles and the checks ---------------------------------------------------


@dataclass
class Check:
    """One query's hits on one backend."""

    found: set[int]
    seconds: float  # fetching every hit's id through the backend

    def recall(self, oracle: set[int]) -> float | None:
        return len(self.found & oracle) / len(oracle) if oracle else None


@dataclass
class Query:
    kind: str
    text: str
    terms: list[str]  # as the LIKE oracle splits them (raw, white space apart)
    oracle: set[int] = field(default_factory=set)
    oracle_seconds: float = 0.0
    folded: set[int] = field(default_factory=set)  # what search.tokens promises
    checks: dict[str, Check] = field(default_factory=dict)
    latency: dict[str, "Samples"] = field(default_factory=dict)
    page: dict[str, "Samples"] = field(default_factory=dict)
    fts_alone: "Samples | None" = None


def like_oracle(query: Query) -> None:
    """Record ids where every term is in one of the columns, as LIKE '%term%'."""
    from django.db.models import Q

    from search.models import CaseSearchRecord

    records = CaseSearchRecord.objects.all()
    start = time.perf_counter()
    for term in query.terms:
        anywhere = Q()
        for column in SEARCHED:
            anywhere |= Q(**{f"{column}__contains": term})
        records = records.filter(anywhere)
    query.oracle = set(records.values_list("id", flat=True))
    query.oracle_seconds = time.perf_counter() - start


def folded_oracle(queries: list[Query], count: int) -> float:
    """The ids each query should find by `search.tokens`: every term's characters
    inside one value (line) of the folded text. One pass over all records."""
    wanted = [(q, tokens.query_terms(q.text)) for q in queries]
    started = time.perf_counter()
    with bar("folded oracle", count) as progress:
        for chunk in record_chunks(GENERATE_CHUNK):
            for record in chunk:
                values = [
                    tokens.chars(line)
                    for column in SEARCHED
                    for line in getattr(record, column).split("\n")
                ]
                for query, terms in wanted:
                    if terms and all(any(t in v for v in values) for t in terms):
                        query.folded.add(record.pk)
            advance(progress, len(chunk), started)
    return time.perf_counter() - started


def all_hits(backend_name: str, text: str) -> Check:
    """Every hit's id, through the backend's own results (no page limit).

    Ranked, as the search page asks: on SQLite the unranked path
    (`matched_queryset`) runs the same MATCH, but through the slow per-row plan
    that `count()` has (see bench/README.md).
    """
    from modelsearch.backends import get_search_backend
    from modelsearch.query import PlainText

    from search.models import CaseSearchRecord

    backend = get_search_backend(backend_name)
    start = time.perf_counter()
    results = backend.search(
        PlainText(text, operator="and"),
        CaseSearchRecord.objects.only("id"),
        order_by_relevance=True,
    )
    found = {record.pk for record in results}
    return Check(found, time.perf_counter() - start)


# --- latency -------------------------------------------------------------------


def first_page(backend, text: str) -> float:
    """Seconds for the total and the first page of hits, ranked by relevance."""
    from modelsearch.query import PlainText

    from search.models import CaseSearchRecord

    start = time.perf_counter()
    results = backend.search(
        PlainText(text, operator="and"),
        CaseSearchRecord.objects.select_related("case", "agency"),
        order_by_relevance=True,
    )
    results.count()
    list(results[:PAGE])
    return time.perf_counter() - start


def search_page(backend_name: str, text: str) -> float:
    """Seconds for the whole search page: count, hits, snippets, facets."""
    from access_control.selectors import CaseScope
    from dossiers.models import Agency, Case
    from search.selectors import case_search

    scope = CaseScope(True, Case.objects.values("pk"), Agency.objects.values("pk"))
    start = time.perf_counter()
    case_search(user=None, query=text, scope=scope, backend=backend_name, per_page=PAGE)
    return time.perf_counter() - start


def fts_match(backend, text: str) -> str | None:
    """The MATCH string the database backend sends for `text`, taken from its
    own SQL (None where the backend is not the FTS5 one)."""
    from modelsearch.query import PlainText

    from search.models import CaseSearchRecord

    query = PlainText(text, operator="and")
    compiler = backend.search(query, CaseSearchRecord.objects.all()).query_compiler
    if not hasattr(compiler, "match_string"):
        return None
    return compiler.match_string(compiler.get_config(backend))


def fts_count(match: str) -> float:
    """Seconds for FTS5 alone to count `match` on its table, without any join:
    the yardstick of the database backend's count."""
    from django.db import connection

    from search.backends.sqlite import SQLiteFTSIndexEntry

    table = SQLiteFTSIndexEntry._meta.db_table
    sql = f"SELECT COUNT(*) FROM {table} WHERE {table} MATCH %s"  # noqa: S608
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [match])
        cursor.fetchone()
    return time.perf_counter() - start


@contextlib.contextmanager
def sqlite_deadline(seconds: float) -> Iterator[None]:
    """Interrupt any SQLite statement still running `seconds` from now."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    deadline = time.perf_counter() + seconds
    raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    stopped: bool = False  # the last run was interrupted at the timeout

    def cell(self, p: float) -> str:
        if self.stopped:
            return f"> {self.seconds[-1] * 1000:,.0f}"
        return _ms(self.seconds, p)

    def p(self, p: float) -> float:
        return percentile(self.seconds, p)


def timed_run(fn: Callable[[], float], timeout: float | None) -> float | None:
    """One run's seconds, or None when the timeout interrupted it (SQLite)."""
    from django.db import OperationalError

    if timeout is None:
        return fn()
    try:
        with sqlite_deadline(timeout):
            return fn()
    except OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        return None


def timings(
    fn: Callable[[], float],
    warmups: int,
    repeat: int,
    budget: float,
    timeout: float | None = None,
) -> Samples:
    """`warmups` untimed runs, then up to `repeat` timed ones, within `budget`
    seconds. When the next run would overrun it, the run just made counts and
    the rest are skipped, so a query slower than the budget is run only once;
    one that `timeout` interrupts is recorded as stopped."""
    samples, spent = Samples(), 0.0
    for i in range(warmups + repeat):
        seconds = timed_run(fn, timeout)
        if seconds is None:
            samples.seconds.append(timeout)
            samples.stopped = True
            break
        spent += seconds
        out_of_time = spent + seconds > budget
        if i >= warmups or out_of_time:
            samples.seconds.append(seconds)
        if out_of_time:
            break
    return samples


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- the engine ------------------------------------------------------------------


def engine_config(url: str, prefix: str) -> dict:
    from search.config import backend_settings

    config = backend_settings(
        {
            "SEARCH_BACKEND": "opensearch3",
            "SEARCH_URL": url,
            "SEARCH_INDEX_PREFIX": prefix,
            "SEARCH_TIMEOUT": str(OPENSEARCH_TIMEOUT),
        }
    )
    return {**config, "AUTO_UPDATE": False}


def engine_describe(backend) -> str:
    info = backend.es.info()
    nodes = backend.es.nodes.stats(metric="jvm")["nodes"].values()
    heap = sum(n["jvm"]["mem"]["heap_max_in_bytes"] for n in nodes)
    processors = [
        n["os"].get("available_processors")
        for n in backend.es.nodes.info(metric="os")["nodes"].values()
    ]
    return (
        f"OpenSearch {info['version']['number']} (Lucene "
        f"{info['version']['lucene_version']}), {len(processors)} node, heap "
        f"{heap / MiB:.0f} MiB, processors {processors}, on this machine"
    )


def engine_cleanup(backend, prefix: str) -> list[str]:
    """Delete every index this run made (they all start with its prefix)."""
    names = list(backend.es.indices.get(index=f"{prefix}*").keys())
    for name in names:
        backend.es.indices.delete(index=name)
    return names


# --- the run -----------------------------------------------------------------------


def tokenizer_rate(corpus_text: str) -> float:
    """Millions of characters per second through `search.tokens.index_text`."""
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        tokens.index_text(corpus_text.split("\n"))
        runs.append(len(corpus_text) / (time.perf_counter() - start) / 1e6)
    return max(runs)


def sample_text() -> str:
    from search.models import CaseSearchRecord

    rows = CaseSearchRecord.objects.order_by("pk").values_list(*SEARCHED)[:200]
    return "\n".join("\n".join(row) for row in rows)


def print_software(engine: str | None) -> None:
    from importlib.metadata import version

    table = Table(title="Search software", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("SQLite", f"{sqlite3.sqlite_version} (FTS5, dbstat)")
    table.add_row(
        "modelsearch / opensearch-py",
        f"{version('modelsearch')} / {version('opensearch-py')}",
    )
    table.add_row("engine", engine or "not run (--skip-opensearch or no URL)")
    console.print(table)


def print_queries() -> None:
    table = Table(title="The query set", title_justify="left")
    table.add_column("kind")
    table.add_column("query")
    table.add_column("terms as searched (search.tokens.query_terms)")
    for kind, text in QUERIES:
        table.add_row(kind, text, " + ".join(tokens.query_terms(text)))
    console.print(table)


@dataclass
class Run:
    args: argparse.Namespace
    work: Path
    engine_url: str | None
    prefix: str
    backends: dict[str, str] = field(default_factory=dict)  # label -> name
    indexed: list[Indexed] = field(default_factory=list)
    queries: list[Query] = field(default_factory=list)


def index_all(run: Run, corpus: Corpus) -> None:
    from modelsearch.backends import get_search_backend

    console.rule("[bold]3. Indexing")
    database = get_search_backend("default")
    indexed = rebuild("SQLite FTS5", database, corpus.cases, sqlite_patches)
    indexed.size = sqlite_sizes()  # the index tables were empty before
    indexed.size["database file (all of it)"] = run_db_size(run)
    run.indexed.append(indexed)
    run.backends["SQLite"] = "default"
    if run.engine_url:
        engine = get_search_backend("bench_opensearch")
        done = rebuild("OpenSearch", engine, corpus.cases, engine_patches(engine))
        done.size = engine_sizes(engine, done.name)
        run.indexed.append(done)
        run.backends["OpenSearch"] = "bench_opensearch"
    console.print(index_table(run, corpus))
    console.print(size_table(run, corpus))


def run_db_size(run: Run) -> int:
    var = run.work / "var"
    return sum(p.stat().st_size for p in var.glob("bench.sqlite3*"))


def check_recall(run: Run, corpus: Corpus) -> None:
    console.rule("[bold]4. Recall against LIKE '%…%'")
    run.queries = [Query(kind, text, text.split()) for kind, text in QUERIES]
    with bar("LIKE oracle", len(run.queries), "queries") as progress:
        started = time.perf_counter()
        for query in run.queries:
            like_oracle(query)
            advance(progress, 1, started)
    seconds = folded_oracle(run.queries, corpus.cases)
    like = sum(q.oracle_seconds for q in run.queries)
    console.print(
        f"LIKE oracle: {like:.1f} s for {len(run.queries)} queries; folded oracle "
        f"(search.tokens over every value, one pass): {seconds:.1f} s"
    )
    for label, name in run.backends.items():
        with bar(f"all hits: {label}", len(run.queries), "queries") as progress:
            started = time.perf_counter()
            for query in run.queries:
                query.checks[label] = all_hits(name, query.text)
                advance(progress, 1, started)
    console.print(recall_table(run))


def measure_latency(run: Run) -> None:
    from modelsearch.backends import get_search_backend

    console.rule("[bold]5. Latency")
    for label, name in run.backends.items():
        backend = get_search_backend(name)
        # Only SQLite statements can be interrupted; the engine has its timeout.
        timeout = run.args.timeout if label == "SQLite" else None
        with bar(f"count + page: {label}", len(run.queries), "queries") as progress:
            started = time.perf_counter()
            for query in run.queries:
                _count_and_page(run, query, label, backend, timeout)
                advance(progress, 1, started)
        with bar(f"search page: {label}", len(run.queries), "queries") as progress:
            started = time.perf_counter()
            for query in run.queries:
                _search_page(run, query, label, name, timeout)
                advance(progress, 1, started)
    console.print(latency_table(run))
    table, notes = summary_table(run)
    console.print(table)
    for note in notes:
        console.print(note)


def _count_and_page(run: Run, query: Query, label: str, backend, timeout) -> None:
    args = run.args
    fn = functools.partial(first_page, backend, query.text)
    query.latency[label] = timings(fn, args.warmup, args.repeat, args.budget, timeout)
    if label == "SQLite" and (match := fts_match(backend, query.text)):
        fn = functools.partial(fts_count, match)
        query.fts_alone = timings(fn, 1, 5, args.budget, timeout)


def _search_page(run: Run, query: Query, label: str, name: str, timeout) -> None:
    """The whole page, unless it cannot fit the budget: it runs the count and
    six facets, about eight times what the count + page costs."""
    samples = query.latency[label]
    if samples.stopped or samples.p(50) * 8 > run.args.budget:
        return
    fn = functools.partial(search_page, name, query.text)
    query.page[label] = timings(fn, 1, run.args.page_repeat, run.args.budget, timeout)


# --- the report --------------------------------------------------------------------


def corpus_table(corpus: Corpus) -> Table:
    table = Table(title="The records", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("cases = search records", f"{corpus.cases:,}")
    table.add_row("searchable characters", f"{corpus.chars:,}")
    table.add_row("… per record", f"{corpus.chars / corpus.cases:,.0f}")
    table.add_row("… UTF-8", f"{corpus.utf8 / MiB:,.1f} MiB")
    table.add_row("pages of text (texts lines)", f"{corpus.pages:,}")
    table.add_row("generated + inserted in", f"{corpus.seconds:.1f} s")
    return table


def index_table(run: Run, corpus: Corpus) -> Table:
    table = Table(title="Indexing (as update_index does)", title_justify="left")
    for name in ("backend", "total s", "records/s", "M chars/s", "fetch s"):
        table.add_column(name, justify="left" if name == "backend" else "right")
    table.add_column("Python prepare s", justify="right")
    table.add_column("write s", justify="right")
    table.add_column("what write is")
    for ix in run.indexed:
        what = "SQL insert + FTS5" if ix.backend.startswith("SQLite") else "bulk HTTP"
        table.add_row(
            ix.backend,
            f"{ix.seconds:.1f}",
            f"{corpus.cases / ix.seconds:,.0f}",
            f"{corpus.chars / ix.seconds / 1e6:.2f}",
            f"{ix.fetch:.1f}",
            f"{ix.prepare:.1f}",
            f"{ix.write:.1f}",
            what,
        )
    return table


def size_table(run: Run, corpus: Corpus) -> Table:
    table = Table(title="Index size", title_justify="left")
    table.add_column("backend")
    table.add_column("part")
    table.add_column("MiB", justify="right")
    table.add_column("× text", justify="right")
    text = corpus.utf8
    for ix in run.indexed:
        for part, value in ix.size.items():
            if part in ("docs", "segments"):
                table.add_row(ix.backend, part, f"{value:,}", "")
            elif value:
                cells = [f"{value / MiB:,.1f}", f"{value / text:.2f}"]
                table.add_row(ix.backend, part, *cells)
    table.add_row("", "the searchable text, UTF-8", f"{text / MiB:,.1f}", "1.00")
    return table


def _check_cells(query: Query, label: str) -> list[str]:
    check = query.checks[label]
    recall = check.recall(query.oracle)
    extra = check.found - query.oracle
    wrong = check.found - query.folded
    missed = query.folded - check.found
    recall_cell = "–" if recall is None else f"{recall:.2%}"
    if recall is not None and recall < 1:
        recall_cell = f"[red]{recall_cell}[/]"
    extra_cell = f"{len(extra & query.folded):,}"
    if wrong or missed:
        extra_cell += f" [red]wrong {len(wrong):,} missed {len(missed):,}[/]"
    seconds = f"{check.seconds:.2f}"
    return [f"{len(check.found):,}", recall_cell, extra_cell, seconds]


def recall_table(run: Run) -> Table:
    table = Table(title="Recall", title_justify="left")
    table.add_column("query")
    table.add_column("LIKE", justify="right")
    table.add_column("folded", justify="right")
    for label in run.backends:
        table.add_column(f"{label} hits", justify="right")
        table.add_column("recall", justify="right")
        table.add_column("extra", justify="right")
        table.add_column("fetch s", justify="right")
    if len(run.backends) > 1:
        table.add_column("same")
    for query in run.queries:
        cells = [query.text, f"{len(query.oracle):,}", f"{len(query.folded):,}"]
        for label in run.backends:
            cells += _check_cells(query, label)
        if len(run.backends) > 1:
            sets = [c.found for c in query.checks.values()]
            cells.append("yes" if all(s == sets[0] for s in sets) else "[red]no[/]")
        table.add_row(*cells)
    return table


def _ms(samples: list[float], p: float) -> str:
    return f"{percentile(samples, p) * 1000:,.0f}" if samples else "–"


def latency_table(run: Run) -> Table:
    table = Table(title="Latency, ms", title_justify="left")
    table.add_column("query")
    table.add_column("hits", justify="right")
    for label in run.backends:
        table.add_column(f"{label} p50", justify="right")
        table.add_column("p95", justify="right")
        table.add_column("n", justify="right")
        if label == "SQLite":
            table.add_column("FTS5 alone", justify="right")
        table.add_column("page", justify="right")
    for query in run.queries:
        hits = len(next(iter(query.checks.values())).found)
        cells = [query.text, f"{hits:,}"]
        for label in run.backends:
            samples = query.latency[label]
            cells += [samples.cell(50), samples.cell(95), str(len(samples.seconds))]
            if label == "SQLite":
                cells.append(query.fts_alone.cell(50) if query.fts_alone else "–")
            page = query.page.get(label)
            cells.append(page.cell(50) if page else "–")
        table.add_row(*cells)
    return table


def summary_table(run: Run) -> tuple[Table, list[str]]:
    table, notes = Table(title="Over the whole query set, ms", title_justify="left"), []
    for name in ("backend", "median p50", "max p50", "max p95", "median page"):
        table.add_column(name, justify="left" if name == "backend" else "right")
    table.add_column("pages timed", justify="right")
    for label in run.backends:
        latency = [q.latency[label] for q in run.queries]
        p50s = [samples.p(50) for samples in latency]
        p95s = [samples.p(95) for samples in latency]
        timed = [q.page[label] for q in run.queries if label in q.page]
        pages = [page.p(50) for page in timed if not page.stopped]
        stopped = sum(samples.stopped for samples in latency)
        more = "> " if stopped else ""  # a stopped run counts as its timeout
        table.add_row(
            label,
            f"{more}{percentile(p50s, 50) * 1000:,.0f}",
            f"{more}{max(p50s) * 1000:,.0f}",
            f"{more}{max(p95s) * 1000:,.0f}",
            f"{percentile(pages, 50) * 1000:,.0f}" if pages else "–",
            f"{len(pages)} of {len(run.queries)}",
        )
        if stopped:
            notes.append(
                f"{label}: {stopped} of {len(run.queries)} queries were stopped at "
                f"--timeout {run.args.timeout:g} s; the figures marked > count them "
                "at the timeout."
            )
    return table, notes


def failures(run: Run) -> list[str]:
    found = []
    for query in run.queries:
        if not query.oracle <= query.folded:
            found.append(
                f"{query.text}: LIKE hits outside the folded oracle (bench bug)"
            )
        for label, check in query.checks.items():
            recall = check.recall(query.oracle)
            if recall is not None and recall < 1:
                missing = sorted(query.oracle - check.found)[:10]
                found.append(
                    f"{label} {query.text!r}: recall {recall:.4%}, e.g. {missing}"
                )
            wrong = check.found - query.folded
            missed = query.folded - check.found
            if wrong or missed:
                found.append(
                    f"{label} {query.text!r}: {len(wrong)} hits without the term "
                    f"(e.g. {sorted(wrong)[:10]}), {len(missed)} folded matches "
                    f"missed (e.g. {sorted(missed)[:10]})"
                )
    return found


NOTES = """\
LIKE: records where every term occurs as typed in one of title, identifiers,
people, body or texts (Django __contains, i.e. LIKE '%term%'; case-insensitive
for ASCII on SQLite). folded: records where every term's letters and digits
occur inside one value (line) after search.tokens folding, which is what the
backends promise. recall = |hits ∩ LIKE| / |LIKE|. extra = hits outside LIKE
that the folded oracle explains: the record has the term with other
punctuation, white space, width or case (〔2025〕 read as [2025], full-width
digits, a name split by a space, or a run of digits such as the 归档号
20251234). "wrong" would be hits without the term and "missed" folded matches
the backend did not return. fetch s: one fetch of every hit's id through the
backend, ranked (on OpenSearch a scroll of 100 per request).

Latency: p50/p95 over n runs (--repeat after --warmup, cut short by --budget)
of the total count plus the first 20 hits ranked by relevance
(backend.search(...).count() and [:20], with the record's case and agency).
FTS5 alone: the same MATCH counted on the FTS5 table by itself, without the
join to the index entries. page: median of --page-repeat runs of
search.selectors.case_search (count, 20 hits with snippets, 精确匹配 and six
facets); "–" where eight times the p50 (the page runs about eight such
queries) would not fit the budget. "> N": the SQLite statement was interrupted
after --timeout seconds (a progress handler), so the query took longer."""


def report(run: Run, corpus: Corpus, limits, tokenizer: float) -> int:
    console.rule("[bold]6. Summary")
    cold = f"{limits.read_cold:.0f}" if limits.read_cold else "n/a"
    console.print(
        f"Machine: {os.cpu_count()} CPUs, hashlib SHA-256 {limits.sha256:.0f} MB/s, "
        f"disk read cold {cold} / cached {limits.read_cached:.0f} MB/s, write+fsync "
        f"{limits.write:.0f} MB/s; search.tokens.index_text {tokenizer:.2f} M chars/s "
        "(one core)."
    )
    console.print(corpus_table(corpus))
    console.print(NOTES)
    problems = failures(run)
    for problem in problems:
        console.print(f"[red]✗ {problem}[/]")
    if not problems:
        console.print(
            "[green]Recall 100 % on every query and backend; no wrong hits.[/]"
        )
    return 1 if problems else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="default 100000")
    parser.add_argument("--seed", type=int, default=2025, help="default 2025")
    parser.add_argument(
        "--repeat", type=int, default=20, help="timed runs per query (default 20)"
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="untimed runs first (default 2)"
    )
    parser.add_argument(
        "--page-repeat",
        type=int,
        default=3,
        help="timed runs of the whole search page per query (default 3)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help="seconds per query and measure; slower queries run once (default 20)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds after which a SQLite query is interrupted (default 30)",
    )
    engine = parser.add_mutually_exclusive_group()
    engine.add_argument(
        "--opensearch-url", help="OpenSearch to index into (default: $SEARCH_URL)"
    )
    engine.add_argument("--skip-opensearch", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temp folder and the index"
    )
    parser.add_argument("--dir", type=Path, help="where to make the temp folder")
    args = parser.parse_args()
    if min(args.cases, args.repeat, args.page_repeat) < 1 or args.warmup < 0:
        parser.error("--cases, --repeat and --page-repeat ≥ 1, --warmup ≥ 0")
    return args


def setup(run: Run) -> None:
    """Django on a throwaway SQLite database; the engine as a second backend."""
    import logging

    # The settings' own backend must be the database, whatever the shell says,
    # or migrate would write Wagtail's pages into a real engine's indices.
    os.environ["SEARCH_BACKEND"] = "database"
    os.environ.pop("SEARCH_URL", None)
    base.django_setup(run.work)
    from django.test import override_settings

    backends = {"default": {"BACKEND": "search.backends.database"}}
    if run.engine_url:
        backends["bench_opensearch"] = engine_config(run.engine_url, run.prefix)
    override_settings(WAGTAILSEARCH_BACKENDS=backends).enable()
    # The atomic rebuilder deletes an alias that does not exist yet: a 404.
    logging.getLogger("opensearch").setLevel(logging.ERROR)


def engine_url(args: argparse.Namespace) -> str | None:
    if args.skip_opensearch:
        return None
    return args.opensearch_url or os.environ.get("SEARCH_URL") or None


def main() -> int:
    args = parse_args()
    url = engine_url(args)
    work = Path(tempfile.mkdtemp(prefix="search-bench-", dir=args.dir))
    run = Run(args, work, url, f"bench_{os.getpid()}_")
    started, engine = time.perf_counter(), None
    try:
        base.print_machine(work)
        console.rule("[bold]1. The machine's limits")
        buffer = os.urandom(256 * MiB)
        limits = base.measure_limits(work, buffer, 512 * MiB, first=True)
        del buffer
        setup(run)
        if url:
            from modelsearch.backends import get_search_backend

            engine = get_search_backend("bench_opensearch")
        print_software(engine_describe(engine) if engine else None)
        print_queries()
        console.rule("[bold]2. The records")
        corpus = generate(args.cases, args.seed)
        tokenizer = tokenizer_rate(sample_text())
        console.print(
            f"{corpus.cases:,} records, {corpus.chars / 1e6:,.1f} M characters "
            f"({corpus.utf8 / MiB:,.0f} MiB UTF-8) in {corpus.seconds:.1f} s; "
            f"search.tokens.index_text runs at {tokenizer:.2f} M chars/s here."
        )
        index_all(run, corpus)
        check_recall(run, corpus)
        measure_latency(run)
        status = report(run, corpus, limits, tokenizer)
        console.print(
            f"Total {time.perf_counter() - started:.0f} s; load average at the end "
            f"{base.load_average()}."
        )
        return status
    finally:
        if engine is not None and not args.keep:
            deleted = engine_cleanup(engine, run.prefix)
            console.print(f"Deleted OpenSearch indices: {', '.join(deleted) or 'none'}")
        elif engine is not None:
            console.print(
                f"Kept the OpenSearch index; delete it with curl -X DELETE "
                f"'{url}/{run.prefix}archive_search_casesearchrecord_*'"
            )
        if args.keep:
            console.print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
