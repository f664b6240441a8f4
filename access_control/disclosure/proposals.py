"""What a release of a material should not show (Art. 37 区分处理, Art. 15).

`redaction_proposals` lists 18-digit 居民身份证号码 (valid check digit),
mobile numbers and bank account numbers found in a material's text, and the
names, addresses and identity numbers of natural persons other than the
applicant that the case's records name — parties (`case.json` parties of
type natural_person), witnesses and the recipients of served documents —
where the text contains them. The officer confirms, adds and removes in the
redaction page; nothing is redacted on a proposal alone. Matching ignores
whitespace, as the redaction and its verification do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from stdnum.cn import ric

from dossiers.codes import PartyType
from dossiers.models import MaterialText
from preservation.services.storage import object_path


class Kind:
    """What a redacted string is (shown to the officer and in the release's data)."""

    ID = "身份证号"
    PHONE = "手机号"
    BANK = "银行账号"
    ADDRESS = "地址"
    NAME = "姓名"
    MANUAL = "人工添加"


ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
PHONE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")
BANK_PATTERN = re.compile(r"(?<![\dA-Za-z])\d(?:[ ]?\d){15,18}(?![\dA-Za-z])")
# A recipient or witness whose name says it is an organisation is not a person.
ORGANISATION_WORDS = (
    "公司",
    "局",
    "委员会",
    "中心",
    "厂",
    "店",
    "部",
    "所",
    "院",
    "社",
)


@dataclass(frozen=True)
class Redaction:
    """One string to remove from a release, and what it is."""

    kind: str
    text: str


# --- proposals -----------------------------------------------------------------


def squeezed(text: str) -> str:
    """`text` without any whitespace (how strings are matched and verified)."""
    return "".join(text.split())


def redaction_proposals(material, application) -> list[Redaction]:
    """The strings a release of `material` to `application`'s applicant should hide.

    Args:
        material: a `dossiers.Material` whose text layer (`MaterialText`, or
            the original's own when none was extracted) is searched.
        application: the `DisclosureApplication`; the applicant's own name,
            identity number, phone and address are never proposed.

    Returns:
        Proposals in the order found, each string once.
    """
    text = material_text(material)
    own = {squeezed(v) for v in _applicant_values(application)}
    found: dict[str, Redaction] = {}
    for proposal in [*_pattern_proposals(text), *_case_proposals(material.case)]:
        key = squeezed(proposal.text)
        if key and key not in own and key not in found and key in squeezed(text):
            found[key] = proposal
    return list(found.values())


def _applicant_values(application) -> list[str]:
    values = [application.name, application.id_number, application.phone]
    return [v for v in [*values, application.address] if v]


def _pattern_proposals(text: str) -> Iterable[Redaction]:
    ids = set()
    for match in ID_PATTERN.finditer(text):
        if ric.is_valid(match.group().upper()):
            ids.add(match.group())
            yield Redaction(Kind.ID, match.group())
    for match in PHONE_PATTERN.finditer(text):
        yield Redaction(Kind.PHONE, match.group())
    for match in BANK_PATTERN.finditer(text):
        number = match.group()
        if number not in ids and not PHONE_PATTERN.fullmatch(number):
            yield Redaction(Kind.BANK, number)


def _case_proposals(case) -> Iterable[Redaction]:
    organisations = set()
    for party in case.parties.all():
        if party.party_type != PartyType.NATURAL_PERSON:
            organisations.add(party.name)
            continue
        yield Redaction(Kind.NAME, party.name)
        if party.address:
            yield Redaction(Kind.ADDRESS, party.address)
        if party.id_number:
            yield Redaction(Kind.ID, party.id_number)
    for name in _people_of_materials(case):
        if name not in organisations and not any(
            word in name for word in ORGANISATION_WORDS
        ):
            yield Redaction(Kind.NAME, name)


def _people_of_materials(case) -> Iterable[str]:
    """Witnesses and recipients named in the case's materials (profile §2)."""
    for material in case.materials.all():
        service = material.service or {}
        for name in (
            material.witness,
            service.get("witness"),
            service.get("recipient"),
        ):
            if isinstance(name, str) and name.strip():
                yield name.strip()


def material_text(material) -> str:
    """The material's text layer: the stored one, else read with PDFium."""
    stored = MaterialText.objects.filter(material=material).first()
    if stored is not None and stored.pages:
        return "\n".join(stored.pages)
    if material.media_type != "application/pdf":
        return ""
    import pypdfium2 as pdfium  # 7 MB: loaded where a PDF is read, not at start-up

    try:
        doc = pdfium.PdfDocument(str(object_path(material.digest)))
    except pdfium.PdfiumError:
        return ""
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()
