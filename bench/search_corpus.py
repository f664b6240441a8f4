"""The search benchmark's records: the pages of each case, its rows, writing them.

Each case that search_cases.py invents gets 1–4 "OCR'd" pages of 300–1,500
characters built from its own sentences (询问笔录 questions and answers,
送达回证 lines, remedies, payment), about one in five with OCR noise. Then its
`Case` and `CaseSearchRecord` field values, as `search.services` would write
them, are inserted with `bulk_create`, with the folded identifiers
(`SearchKey` rows). Also the progress bars that every phase of the run shows.
"""

import datetime as dt
import hashlib
import random
import time
from dataclasses import dataclass

from ingest_machine import console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from search_cases import (
    CASE_KIND,
    THEMES,
    Ctx,
    Material,
    Numbers,
    new_ctx,
    offices,
    pick,
    plan_materials,
)

from demo.agencies import SAFETY

GENERATE_CHUNK = 2000


# --- the pages of a case -----------------------------------------------------------

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

INITIATIONS = (
    ("ex_officio", 0.45),
    ("complaint", 0.25),
    ("random_inspection", 0.2),
    ("application", 0.05),
    ("emergency", 0.05),
)
RETENTIONS = (("permanent", 0.1), ("30y", 0.6), ("10y", 0.3))
RETENTION_CODES = {"permanent": "Y", "30y": "D30", "10y": "D10"}


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
    fingerprint = hashlib.sha256(f"{seed}-{n}".encode()).hexdigest()
    case = _case_fields(ctx, case_number, title, summary, fingerprint)
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


def _case_fields(
    ctx: Ctx, case_number: str, title: str, summary: str, fingerprint: str
) -> dict:
    """The `Case` field values; draws the opening date, then the initiation."""
    opened = ctx.closed_on - dt.timedelta(days=ctx.rng.randint(5, 80))
    return {
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
        "package_fingerprint": fingerprint,
    }


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
