"""Offences, coercive measures, inspections and licences the demo cases cite.

Offences cite real provisions in force for 2021–2025; amounts stay inside the
statutory ranges, and summary-procedure (简易程序) offences respect
《行政处罚法》第五十一条 (≤200 元 for a person, ≤3000 元 for an organisation,
or a warning).
"""

from __future__ import annotations

from dataclasses import dataclass

from demo.agencies import JUSTICE, LEGAL, MARKET, NATURAL, OTHER, SAFETY


@dataclass(frozen=True)
class Violation:
    act: str
    facts: str
    violated: str
    penalty_basis: str
    penalty_rule: str
    fines: tuple[int, ...]
    party_types: tuple[str, ...]
    scene: str = "site"
    sampling: bool = False


@dataclass(frozen=True)
class Seizure:
    suspicion: str
    measure: str
    basis: tuple[str, ...]
    items: tuple[str, ...]
    scene: str = "seal"


@dataclass(frozen=True)
class InspectionTopic:
    name: str
    basis: tuple[str, ...]
    hazards: tuple[str, ...]
    order_basis: str
    scene: str = "site"


@dataclass(frozen=True)
class Licence:
    name: str
    certificate: str
    basis: tuple[str, ...]
    checks: tuple[str, ...]
    scene: str = "shelf"


SAFETY_LAW = "《中华人民共和国安全生产法》"
HAZCHEM = "《危险化学品安全管理条例》"
FOOD_LAW = "《中华人民共和国食品安全法》"
AID_LAW = "《中华人民共和国法律援助法》"
COERCION_LAW = "《中华人民共和国行政强制法》"

VIOLATIONS: dict[str, tuple[Violation, ...]] = {
    SAFETY: (
        Violation(
            "未建立事故隐患排查治理制度",
            "未建立事故隐患排查治理制度，现场无法提供隐患排查治理台账，生产车间配电箱"
            "未上锁、消防通道堆放杂物等隐患未及时排查整改",
            f"{SAFETY_LAW}第四十一条第二款",
            f"{SAFETY_LAW}第一百零一条第（五）项",
            "责令限期改正，处十万元以下的罚款",
            (20000, 30000, 50000, 80000),
            (LEGAL,),
        ),
        Violation(
            "未按照规定对从业人员进行安全生产教育和培训",
            "未按照规定对新入职的从业人员进行岗前安全生产教育和培训，无法提供培训记录"
            "和考核档案，抽查的从业人员不掌握本岗位操作规程",
            f"{SAFETY_LAW}第二十八条第一款",
            f"{SAFETY_LAW}第九十七条第（三）项",
            "责令限期改正，处十万元以下的罚款",
            (10000, 20000, 30000, 50000),
            (LEGAL, OTHER),
        ),
        Violation(
            "特种作业人员未取得相应资格上岗作业",
            "安排未取得特种作业操作证的人员从事电焊、气割作业",
            f"{SAFETY_LAW}第三十条第一款",
            f"{SAFETY_LAW}第九十七条第（七）项",
            "责令限期改正，处十万元以下的罚款",
            (10000, 20000, 30000),
            (LEGAL, OTHER),
        ),
        Violation(
            "未对安全设备进行经常性维护、保养和定期检测",
            "未对可燃气体报警装置进行经常性维护、保养和定期检测，报警装置已失效",
            f"{SAFETY_LAW}第三十六条第二款",
            f"{SAFETY_LAW}第九十九条第（三）项",
            "责令限期改正，处五万元以下的罚款",
            (10000, 20000, 30000, 40000),
            (LEGAL,),
        ),
        Violation(
            "未将危险化学品储存在专用仓库内",
            "将乙醇、油漆稀释剂等危险化学品存放于普通仓库，未储存在专用仓库内",
            f"{HAZCHEM}第二十四条第一款",
            f"{HAZCHEM}第八十条第一款第（五）项",
            "责令改正，处5万元以上10万元以下的罚款",
            (50000, 60000, 80000, 100000),
            (LEGAL,),
        ),
        Violation(
            "未经许可经营烟花爆竹制品",
            "未取得烟花爆竹经营（零售）许可证，在经营场所内销售烟花爆竹制品",
            "《烟花爆竹安全管理条例》第三条第一款",
            "《烟花爆竹安全管理条例》第三十六条第一款",
            "责令停止非法经营活动，处2万元以上10万元以下的罚款，并没收非法经营的物品及违法所得",
            (20000, 30000, 50000),
            (NATURAL, LEGAL),
            scene="shelf",
        ),
    ),
    MARKET: (
        Violation(
            "经营超过保质期的食品",
            "在经营场所货架上摆放销售已超过保质期的预包装食品共计二十三袋",
            f"{FOOD_LAW}第三十四条第（十）项",
            f"{FOOD_LAW}第一百二十四条第一款第（五）项",
            "没收违法所得和违法经营的食品，货值金额不足一万元的，并处五万元以上十万元以下罚款",
            (50000, 60000, 80000),
            (NATURAL, LEGAL, OTHER),
            scene="shelf",
        ),
        Violation(
            "未取得食品经营许可从事食品经营活动",
            "未取得食品经营许可证，在经营场所从事预包装食品及散装食品销售活动",
            f"{FOOD_LAW}第三十五条第一款",
            f"{FOOD_LAW}第一百二十二条第一款",
            "没收违法所得和违法经营的食品，货值金额不足一万元的，并处五万元以上十万元以下罚款",
            (50000, 60000),
            (NATURAL, LEGAL),
            scene="shelf",
        ),
        Violation(
            "发布虚假广告",
            "在经营场所及微信公众号宣传其销售的普通食品具有“降血糖、治疗糖尿病”功效",
            "《中华人民共和国广告法》第二十八条第一款",
            "《中华人民共和国广告法》第五十五条第一款",
            "责令停止发布广告，广告费用无法计算的，处二十万元以上一百万元以下的罚款",
            (200000, 300000),
            (LEGAL,),
            scene="shelf",
        ),
        Violation(
            "销售不符合保障人身、财产安全的国家标准的产品",
            "销售的电热水壶经抽样检验，泄漏电流和电介质强度项目不符合GB 4706.1—2005"
            "和GB 4706.19—2008的要求",
            "《中华人民共和国产品质量法》第十三条第二款",
            "《中华人民共和国产品质量法》第四十九条",
            "责令停止销售，没收违法销售的产品，并处违法销售产品货值金额等值以上三倍以下的罚款",
            (12000, 25000, 36000),
            (LEGAL, OTHER),
            scene="shelf",
            sampling=True,
        ),
        Violation(
            "未按规定建立并遵守进货查验记录制度",
            "未按规定查验供货者的许可证和食品出厂检验合格证，未建立进货查验记录",
            f"{FOOD_LAW}第五十三条第二款",
            f"{FOOD_LAW}第一百二十六条第一款第（三）项",
            "责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款",
            (5000, 10000),
            (LEGAL, OTHER),
            scene="shelf",
        ),
    ),
    JUSTICE: (
        Violation(
            "无正当理由拒绝接受法律援助机构指派",
            "无正当理由拒绝接受和田县法律援助中心指派的两件法律援助事项",
            f"{AID_LAW}第六十一条第（一）项",
            f"{AID_LAW}第六十一条",
            "由司法行政部门依法给予处罚",
            (0,),
            (OTHER,),
            scene="interview",
        ),
        Violation(
            "办理法律援助事项收取受援人财物",
            "在办理指派的法律援助事项过程中，向受援人收取“代理费”人民币一千五百元",
            f"{AID_LAW}第六十二条第（三）项",
            f"{AID_LAW}第六十二条",
            "由司法行政部门依法给予处罚",
            (0,),
            (NATURAL,),
            scene="interview",
        ),
    ),
}

SUMMARY_VIOLATIONS: dict[str, tuple[Violation, ...]] = {
    SAFETY: (
        Violation(
            "违反操作规程作业",
            "作业人员在动火作业现场未办理动火审批手续即进行焊接作业",
            f"{SAFETY_LAW}第五十七条",
            "《安全生产违法行为行政处罚办法》第四十五条第（一）项",
            "给予警告",
            (0,),
            (LEGAL, OTHER),
        ),
        Violation(
            "零售经营者超越许可证载明限量储存烟花爆竹",
            "零售点店内储存烟花爆竹超过许可证载明的限量",
            "《烟花爆竹经营许可实施办法》第二十一条",
            "《烟花爆竹经营许可实施办法》第三十四条第（一）项",
            "责令限期改正，处1000元以上5000元以下的罚款",
            (1000, 2000, 3000),
            (LEGAL, OTHER),
            scene="shelf",
        ),
    ),
    MARKET: (
        Violation(
            "经营者不明码标价",
            "销售的散装食品未标示价格",
            "《中华人民共和国价格法》第十三条第一款",
            "《价格违法行为行政处罚规定》第十三条第一款",
            "责令改正，没收违法所得，可以并处5000元以下的罚款",
            (100, 200, 1000, 2000),
            (NATURAL, LEGAL),
            scene="shelf",
        ),
        Violation(
            "安排未取得健康证明的人员从事接触直接入口食品的工作",
            "安排两名未取得健康证明的人员从事接触直接入口食品的工作",
            f"{FOOD_LAW}第四十五条第一款",
            f"{FOOD_LAW}第一百二十六条第一款第（六）项",
            "责令改正，给予警告",
            (0,),
            (NATURAL, LEGAL),
            scene="shelf",
        ),
    ),
    JUSTICE: (
        Violation(
            "怠于履行法律援助义务",
            "接受指派后未在规定期限内会见受援人，怠于履行法律援助义务",
            f"{AID_LAW}第六十二条第（一）项",
            f"{AID_LAW}第六十二条",
            "由司法行政部门依法给予处罚",
            (0,),
            (NATURAL,),
            scene="interview",
        ),
    ),
}

SEIZURES: dict[str, tuple[Seizure, ...]] = {
    SAFETY: (
        Seizure(
            "涉嫌违法储存危险化学品",
            "查封、扣押",
            (f"{HAZCHEM}第七条第一款第（四）项", f"{COERCION_LAW}第二十四条"),
            (
                "乙醇（95%，200升/桶）12桶",
                "油漆稀释剂（18升/桶）26桶",
                "储存仓库一间（约120平方米）",
            ),
        ),
        Seizure(
            "涉嫌使用不符合国家标准的特种设备从事生产",
            "查封",
            (f"{SAFETY_LAW}第六十五条第一款第（四）项", f"{COERCION_LAW}第二十四条"),
            ("电动葫芦2台", "未经检验的储气罐1个"),
        ),
    ),
    MARKET: (
        Seizure(
            "涉嫌经营来源不明的冷冻肉品",
            "扣押",
            (f"{FOOD_LAW}第一百一十条第（四）项", f"{COERCION_LAW}第二十四条"),
            ("冷冻鸡爪（10千克/箱）35箱", "冷冻牛肉（20千克/箱）12箱"),
        ),
    ),
}

INSPECTIONS: dict[str, InspectionTopic] = {
    SAFETY: InspectionTopic(
        "安全生产监督检查",
        (f"{SAFETY_LAW}第六十五条",),
        (
            "配电箱未上锁，线路私拉乱接",
            "消防通道堆放杂物",
            "有限空间作业场所未设置安全警示标志",
            "部分灭火器压力不足",
            "安全生产责任制未上墙公示",
        ),
        f"{SAFETY_LAW}第六十五条第一款第（三）项",
    ),
    MARKET: InspectionTopic(
        "食品安全监督检查",
        (f"{FOOD_LAW}第一百一十条", "《食品生产经营监督检查管理办法》"),
        (
            "冷藏柜温度记录不全",
            "进货查验记录不完整",
            "两名从业人员健康证明过期",
            "散装食品未标明生产日期和保质期",
        ),
        f"{FOOD_LAW}第一百一十条",
        scene="shelf",
    ),
    JUSTICE: InspectionTopic(
        "执业情况监督检查",
        (
            "《基层法律服务所管理办法》（司法部令第137号）",
            "《基层法律服务工作者管理办法》（司法部令第138号）",
        ),
        (
            "收案登记不规范",
            "业务档案归档不及时",
            "收费未全部出具票据",
            "执业公示栏信息未及时更新",
        ),
        "《基层法律服务所管理办法》（司法部令第137号）",
        scene="interview",
    ),
}

LICENCES: dict[str, Licence] = {
    SAFETY: Licence(
        "危险化学品经营许可",
        "危险化学品经营许可证",
        (
            f"{HAZCHEM}第三十三条",
            f"{HAZCHEM}第三十五条",
            "《危险化学品经营许可证管理办法》",
        ),
        (
            "经营场所产权证明及平面布置",
            "主要负责人和安全管理人员安全生产知识考核",
            "安全管理制度和岗位操作规程",
            "事故应急救援预案",
        ),
    ),
    MARKET: Licence(
        "食品经营许可",
        "食品经营许可证",
        (f"{FOOD_LAW}第三十五条", "《食品经营许可和备案管理办法》"),
        (
            "经营场所与经营项目相适应",
            "冷藏冷冻设施",
            "食品安全管理制度",
            "食品安全管理人员",
        ),
    ),
}
