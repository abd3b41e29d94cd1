"""Demo organisations and people. Names are invented; credit codes are valid (GB 32100-2015)."""

from __future__ import annotations

from dataclasses import dataclass, field

from market.accounts.credit_code import with_check_character
from market.accounts.models import OrgKind, Role


@dataclass(frozen=True)
class DemoOrg:
    key: str
    kind: OrgKind
    name_zh: str
    name_en: str
    code17: str
    people: tuple[tuple[str, str, tuple[Role, ...]], ...]
    parent: str | None = None
    domain: str = field(default="")

    @property
    def credit_code(self) -> str:
        return with_check_character(self.code17)

    @property
    def email_domain(self) -> str:
        return self.domain or f"{self.key}.demo"


def _buyer_people(names: list[str]) -> tuple[tuple[str, str, tuple[Role, ...]], ...]:
    logins = ["admin", "requester", "officer", "approver1", "approver2", "approver3", "auditor"]
    roles = [
        (Role.ADMIN,),
        (Role.REQUESTER,),
        (Role.OFFICER,),
        (Role.APPROVER,),
        (Role.APPROVER,),
        (Role.APPROVER,),
        (Role.AUDITOR,),
    ]
    return tuple(zip(logins, names, roles, strict=True))


def _vendor_people(admin: str, staff: str) -> tuple[tuple[str, str, tuple[Role, ...]], ...]:
    return (("admin", admin, (Role.ADMIN, Role.STAFF)), ("staff", staff, (Role.STAFF,)))


DEMO_ORGS: tuple[DemoOrg, ...] = (
    DemoOrg(
        "operator",
        OrgKind.OPERATOR,
        "先锋创新产品采购平台运营有限公司",
        "Pioneer Market Operations Co., Ltd.",
        "91110108MA01PNR3X",
        (
            ("admin", "周立新 Zhou Lixin", (Role.ADMIN,)),
            ("reviewer", "何静 He Jing", (Role.REVIEWER,)),
        ),
    ),
    DemoOrg(
        "buyer1",
        OrgKind.BUYER,
        "国家先进能源集团有限公司",
        "China Advanced Energy Group Co., Ltd.",
        "91110000710935XK2",
        _buyer_people(
            [
                "李振华 Li Zhenhua",
                "张明远 Zhang Mingyuan",
                "王建国 Wang Jianguo",
                "陈思敏 Chen Simin",
                "刘德海 Liu Dehai",
                "赵雅琴 Zhao Yaqin",
                "孙立平 Sun Liping",
            ]
        ),
    ),
    DemoOrg(
        "buyer1-jiangsu",
        OrgKind.BUYER,
        "国能先进（江苏）发电有限公司",
        "Advanced Energy (Jiangsu) Power Generation Co., Ltd.",
        "91320000MA1MJ8QA5",
        (
            ("admin", "吴海峰 Wu Haifeng", (Role.ADMIN, Role.OFFICER)),
            ("requester", "钱志伟 Qian Zhiwei", (Role.REQUESTER,)),
            ("approver1", "冯建军 Feng Jianjun", (Role.APPROVER,)),
            ("approver2", "蒋丽萍 Jiang Liping", (Role.APPROVER,)),
            ("approver3", "韩东升 Han Dongsheng", (Role.APPROVER,)),
        ),
        parent="buyer1",
        domain="js.buyer1.demo",
    ),
    DemoOrg(
        "buyer2",
        OrgKind.BUYER,
        "中国远洋重工集团有限公司",
        "China Ocean Heavy Industry Group Co., Ltd.",
        "91310000132200A7L",
        _buyer_people(
            [
                "黄国栋 Huang Guodong",
                "徐晓燕 Xu Xiaoyan",
                "马志强 Ma Zhiqiang",
                "朱丽华 Zhu Lihua",
                "胡永康 Hu Yongkang",
                "郭美玲 Guo Meiling",
                "林文博 Lin Wenbo",
            ]
        ),
    ),
    DemoOrg(
        "vendor1",
        OrgKind.VENDOR,
        "苏州精工数控机床股份有限公司",
        "Suzhou Precision CNC Machine Tool Co., Ltd.",
        "91320500MA1N4CNC8",
        _vendor_people("高卫东 Gao Weidong", "罗晓峰 Luo Xiaofeng"),
    ),
    DemoOrg(
        "vendor2",
        OrgKind.VENDOR,
        "宁波新材高温合金有限公司",
        "Ningbo Xincai Superalloy Co., Ltd.",
        "91330200MA2H7ALY3",
        _vendor_people("梁红 Liang Hong", "宋佳怡 Song Jiayi"),
    ),
    DemoOrg(
        "vendor3",
        OrgKind.VENDOR,
        "深圳智元工业软件有限公司",
        "Shenzhen Zhiyuan Industrial Software Co., Ltd.",
        "91440300MA5G2RT0B",
        _vendor_people("谢宇航 Xie Yuhang", "韩冰 Han Bing"),
    ),
    DemoOrg(
        "vendor4",
        OrgKind.VENDOR,
        "沈阳重型泵阀制造有限公司",
        "Shenyang Heavy Pump & Valve Manufacturing Co., Ltd.",
        "91210100MA0XPW7F4",
        _vendor_people("唐振宇 Tang Zhenyu", "冯丽娜 Feng Lina"),
    ),
    DemoOrg(
        "vendor5",
        OrgKind.VENDOR,
        "西安芯测集成电路装备有限公司",
        "Xi'an Xince IC Equipment Co., Ltd.",
        "91610131MA6U9HCE2",
        _vendor_people("董海涛 Dong Haitao", "曹雪 Cao Xue"),
    ),
)
