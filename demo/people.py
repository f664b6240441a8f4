"""Invented people and parties (当事人) living where the agency works.

Names follow the local population (Uyghur names are common in 和田县),
identity numbers and credit codes carry valid check characters, addresses lie
in the agency's own area. Nothing here is a real person or company.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from demo import identifiers
from demo.agencies import JUSTICE, LEGAL, MARKET, NATURAL, SAFETY, Agency
from demo.story import Party, Person

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶"
    "黎贺顾毛郝龚邵万严覃武戴孔向汤"
)
GIVEN_NAMES = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志国庆海燕晓东春梅宏"
    "亮文博子涵浩然欣怡雨桐俊杰佳琪永福德胜"
)
UYGHUR_GIVEN = (
    "艾力",
    "麦麦提",
    "阿不都",
    "买买提明",
    "吐尔逊",
    "艾合买提",
    "阿依古丽",
    "古丽娜尔",
    "热依拉",
    "努尔艾力",
    "祖丽皮娅",
    "帕提古丽",
)
BRANDS = (
    "恒通",
    "鑫源",
    "华晟",
    "永盛",
    "宏达",
    "金润",
    "天成",
    "瑞丰",
    "众诚",
    "德隆",
    "佳禾",
    "荣泰",
    "嘉信",
    "远航",
    "兴业",
    "聚福",
)
INDUSTRIES: dict[str, tuple[str, ...]] = {
    SAFETY: (
        "化工",
        "建材",
        "机械制造",
        "五金制品",
        "物流",
        "塑料制品",
        "木业",
        "烟花爆竹经营",
    ),
    MARKET: ("商贸", "超市", "食品", "餐饮管理", "电器销售", "农产品"),
    JUSTICE: ("法律服务所",),
}
POSITIONS = ("安全管理员", "生产主管", "仓库管理员", "门店店长", "副总经理")
UYGHUR_FEMALE = {"阿依古丽", "古丽娜尔", "热依拉", "祖丽皮娅", "帕提古丽"}
RESIDENT_DIVISIONS = {
    "220500": ("220502", "220503", "220521"),
    "370800": ("370811", "370812", "370881"),
}
BRANCHES = {
    "430405": ("珠晖", "东阳渡"),
    "220500": ("东昌", "二道江"),
    "370800": ("任城", "兖州", "高新区"),
}


def _han_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN_NAMES)
    if rng.random() < 0.7:
        given += rng.choice(GIVEN_NAMES)
    return rng.choice(SURNAMES) + given


def _name(rng: random.Random, agency: Agency) -> tuple[str, bool]:
    if agency.division == "653221" and rng.random() < 0.6:
        given = rng.choice(UYGHUR_GIVEN)
        father = rng.choice([n for n in UYGHUR_GIVEN if n not in UYGHUR_FEMALE])
        return f"{given}·{father}", given not in UYGHUR_FEMALE
    return _han_name(rng), rng.random() < 0.6


def address(rng: random.Random, agency: Agency) -> str:
    return f"{agency.place}{rng.choice(agency.places)}{rng.randint(1, 288)}号"


def person(rng: random.Random, agency: Agency, *, position: str = "") -> Person:
    """Return an adult living in the agency's area."""
    name, male = _name(rng, agency)
    birth = date(1962, 1, 1) + timedelta(days=rng.randint(0, 365 * 38))
    division = rng.choice(RESIDENT_DIVISIONS.get(agency.division, (agency.division,)))
    return Person(
        name=name,
        male=male,
        birth=birth,
        id_number=identifiers.id_number(rng, division, birth, male=male),
        phone=identifiers.phone_number(rng),
        address=address(rng, agency),
        position=position,
    )


def _company_name(rng: random.Random, agency: Agency, industry: str | None) -> str:
    industry = industry or rng.choice(INDUSTRIES[agency.domain])
    suffix = rng.choice(("有限公司", "有限公司", "有限责任公司"))
    return f"{agency.city}{rng.choice(BRANDS)}{industry}{suffix}"


def _organization(
    rng: random.Random, agency: Agency, industry: str | None
) -> tuple[str, str]:
    if agency.domain == JUSTICE:
        town = rng.choice(agency.places[:4])
        return f"和田县{town}法律服务所", "33"
    district = rng.choice(BRANCHES.get(agency.division, ("城区",)))
    return f"{_company_name(rng, agency, industry)}{district}分公司", "91"


def party(
    rng: random.Random, agency: Agency, party_type: str, industry: str | None = None
) -> Party:
    """Return a 当事人 of ``party_type`` with a contact person."""
    if party_type == NATURAL:
        who = person(rng, agency)
        return Party(NATURAL, who.name, who.id_number, who.address, who)
    if party_type == LEGAL:
        name, registration = _company_name(rng, agency, industry), "91"
    else:
        name, registration = _organization(rng, agency, industry)
    org_code = identifiers.organization_code(rng, enterprise=registration == "91")
    code = identifiers.credit_code(registration, agency.division, org_code)
    contact = person(
        rng, agency, position="法定代表人" if party_type == LEGAL else "负责人"
    )
    return Party(party_type, name, code, address(rng, agency), contact)


def employee(rng: random.Random, agency: Agency) -> Person:
    """An employee who can be interviewed on the party's behalf."""
    return person(rng, agency, position=rng.choice(POSITIONS))
