"""The four demo agencies, their officers, leaders, courts and places.

They are the agencies whose regulations seed the project (``domain-rules.md``).
Codes carry valid check characters; names of people are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from demo.identifiers import credit_code, with_org_check

NATURAL, LEGAL, OTHER = "natural_person", "legal_person", "other_organization"
SAFETY, MARKET, JUSTICE = "safety", "market", "justice"


@dataclass(frozen=True)
class Officer:
    name: str
    certificate: str
    device: str


@dataclass(frozen=True)
class Agency:
    name: str
    short: str
    division: str
    code: str
    fonds: str
    domain: str
    place: str
    places: tuple[str, ...]
    address: str
    phone: str
    city: str
    government: str
    court: str
    court_code: str
    bank: str
    head: str
    leaders: tuple[str, ...]
    legal_reviewer: str
    officers: tuple[Officer, ...]


def _officers(prefix: str, rows: str) -> tuple[Officer, ...]:
    pairs = [row.split(":") for row in rows.split()]
    return tuple(
        Officer(name, cert, f"ZFJLY-{prefix}{n + 1:03d}")
        for n, (name, cert) in enumerate(pairs)
    )


def _agency_code(division: str, org: str) -> str:
    # Government organs register under "11" (机构编制部门, 机关).
    return credit_code("11", division, with_org_check(org))


AGENCIES: tuple[Agency, ...] = (
    Agency(
        "衡阳市珠晖区应急管理局",
        "珠应急",
        "430405",
        _agency_code("430405", "MB1C4027"),
        "J031",
        SAFETY,
        "湖南省衡阳市珠晖区",
        (
            "东风路",
            "广东路",
            "衡花路",
            "狮山路",
            "东阳渡街道湘江工业园",
            "茶山坳镇堰头村",
        ),
        "湖南省衡阳市珠晖区东风路158号",
        "0734-8123316",
        "衡阳",
        "衡阳市珠晖区人民政府",
        "衡阳市珠晖区人民法院",
        "湘0405",
        "中国农业银行衡阳珠晖支行",
        "谭建军",
        ("刘志刚", "陈湘云", "彭立新"),
        "曾丽娟",
        _officers(
            "ZH",
            "张伟:43041900123 吴婷:43041900187 罗永红:43042000216 "
            "贺建平:43041800095 邓思远:43042100302",
        ),
    ),
    Agency(
        "通化市应急管理局",
        "通应急",
        "220500",
        _agency_code("220500", "MB0P8163"),
        "J045",
        SAFETY,
        "吉林省通化市",
        (
            "东昌区新华大街",
            "东昌区滨江西路",
            "二道江区东通化街",
            "东昌区建设大街",
            "通化县快大茂镇",
            "二道江区铁厂镇",
        ),
        "吉林省通化市东昌区新华大街1099号",
        "0435-3216110",
        "通化",
        "通化市人民政府",
        "通化市东昌区人民法院",
        "吉0502",
        "中国工商银行通化分行",
        "孙宏伟",
        ("王立国", "赵春梅", "李长海"),
        "高雪",
        _officers(
            "TH",
            "金成浩:22051700418 王海涛:22051800533 李娜:22051900611 "
            "崔明哲:22052000720 于洋:22052100802",
        ),
    ),
    Agency(
        "和田县司法局",
        "和司",
        "653221",
        _agency_code("653221", "MB1K0935"),
        "J112",
        JUSTICE,
        "新疆维吾尔自治区和田地区和田县",
        ("巴格其镇", "罕艾日克镇", "拉依喀乡", "英阿瓦提乡", "塔瓦库勒乡", "吐沙拉乡"),
        "新疆维吾尔自治区和田地区和田县迎宾路16号",
        "0903-2516072",
        "和田",
        "和田县人民政府",
        "和田县人民法院",
        "新3221",
        "中国农业银行和田县支行",
        "阿不都热合曼·买买提",
        ("马俊", "古丽娜尔·吐尔逊"),
        "王晓燕",
        _officers(
            "HT",
            "艾力·托合提:65322100071 周杰:65322100088 王芳:65322100103 "
            "阿依古丽·买买提:65322100115",
        ),
    ),
    Agency(
        "济宁市市场监督管理局",
        "济市监",
        "370800",
        _agency_code("370800", "MB2851X6"),
        "J207",
        MARKET,
        "山东省济宁市",
        (
            "任城区太白楼中路",
            "任城区建设北路",
            "高新区崇文大道",
            "任城区共青团路",
            "兖州区建设东路",
            "任城区古槐路",
        ),
        "山东省济宁市任城区太白楼中路56号",
        "0537-2345121",
        "济宁",
        "济宁市人民政府",
        "济宁市任城区人民法院",
        "鲁0811",
        "中国建设银行济宁分行",
        "孔祥林",
        ("颜廷华", "孟凡东", "曲红霞"),
        "闫振",
        _officers(
            "JN",
            "孔德明:37081800925 颜丽:37081901037 孟庆伟:37082001142 "
            "曲志强:37082101256 刘冬梅:37081801368",
        ),
    ),
)
