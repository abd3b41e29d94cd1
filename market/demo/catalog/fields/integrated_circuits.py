"""Demo templates: integrated circuits (equipment, materials, EDA)."""

from __future__ import annotations

from market.catalog.taxonomy import Category, DeploymentModel, TechnicalField
from market.demo.catalog.templates import (
    SQUARE,
    FieldTemplates,
    Kind,
    pairs,
    specs,
    words,
)

E, M, S = Category.EQUIPMENT, Category.MATERIAL, Category.SOFTWARE
D = DeploymentModel

TEMPLATES = FieldTemplates(
    TechnicalField.INTEGRATED_CIRCUITS,
    vendor="vendor5",
    regions=words("610000 310000 320000 110000"),
    institutions=(
        ("工业和信息化部电子第五研究所（中国赛宝实验室）", "CEPREI-{y}-{s:05d}"),
        ("中国电子技术标准化研究院", "CESI{y}{s:05d}"),
    ),
    patents=pairs(
        "一种电感耦合等离子体刻蚀腔室 | An ICP etch chamber; 一种集成电路测试机定时校准方法 | "
        "A timing calibration method for IC testers; 一种化学放大型光刻胶组合物 | A chemically "
        "amplified photoresist composition; 一种版图设计规则检查加速方法 | A faster design "
        "rule check"
    ),
    customers=("西部集成电路制造有限公司", "长三角存储芯片有限公司", "北方封装测试股份有限公司"),
    outcomes=pairs(
        "量产线验证 5 万片，良率与进口设备持平 | 50,000 wafers in production; yield equal to "
        "imported tools; 通过客户 28 nm 工艺认证 | Qualified on the customer's 28 nm process; "
        "设备综合效率 90% | OEE 90%"
    ),
    kinds=(
        Kind(
            E,
            name=("{q}等离子体刻蚀机 {m}", "{q} plasma etcher {m}"),
            qualifiers=pairs("12 英寸 ICP | 300 mm ICP; 12 英寸 CCP | 300 mm CCP"),
            model="XE-{n}",
            numbers=words("2000 3000 5000"),
            specs=specs("""
                晶圆尺寸 | Wafer size | 300 mm
                刻蚀均匀性 | Etch uniformity | < 3% (3σ); < 2% (3σ)
                工艺节点 | Process node | 28 nm; 14 nm
            """),
            uses=("逻辑与存储芯片前道刻蚀", "front-end etch for logic and memory"),
            breakthrough=("腔室与射频电源自主研制", "own chamber and RF generators"),
            price_yuan=(30_000_000, 80_000_000),
            standards=(
                "SEMI S2-0821 半导体制造设备环境、健康与安全指南",
                "SEMI E10 设备可靠性、可用性和可维护性",
            ),
            tags=pairs("刻蚀 | etch; 半导体设备 | semiconductor equipment"),
        ),
        Kind(
            E,
            name=("{q}集成电路测试机 {m}", "{q} IC test system {m}"),
            qualifiers=pairs("SoC | SoC; 存储器 | memory"),
            model="XT-{n}",
            numbers=words("3000 5000 8000"),
            specs=specs("""
                测试通道 | Channels | 1024; 2048
                测试速率 | Data rate | 1.6 Gbps; 3.2 Gbps
                定时精度 | Edge placement accuracy | ±50 ps; ±30 ps
            """),
            uses=("晶圆测试与成品测试", "wafer sort and final test"),
            breakthrough=(
                "高速引脚电子与定时系统自主研制",
                "own high-speed pin electronics and timing",
            ),
            price_yuan=(5_000_000, 25_000_000),
            standards=("SEMI S2-0821 半导体制造设备环境、健康与安全指南",),
            tags=pairs("ATE | ATE; 芯片测试 | IC test"),
        ),
        Kind(
            M,
            name=("{q}光刻胶 {m}", "{q} photoresist {m}"),
            qualifiers=pairs("正性化学放大 | positive chemically amplified"),
            model="XR-{n}",
            numbers=words("A193i A193 K248 I365"),
            model_specs=specs("""
                曝光光源 | Light source | ArF 浸没 immersion; ArF 干法 dry; KrF; i 线 i-line
                分辨率 | Resolution | ≤ 38 nm; ≤ 65 nm; ≤ 130 nm; ≤ 350 nm
            """),
            specs=specs("""
                金属杂质 | Metal impurities | ≤ 10 ppb; ≤ 5 ppb
                保质期 | Shelf life | 6 个月 months; 12 个月 months
            """),
            uses=("逻辑与存储芯片光刻工艺", "lithography for logic and memory chips"),
            breakthrough=(
                "树脂、光酸与配方全部自主",
                "resin, photoacid generator and formulation all our own",
            ),
            price_yuan=(3_000, 30_000),
            standards=("GB/T 39486-2020 化学试剂 电感耦合等离子体质谱分析方法通则",),
            tags=pairs("光刻胶 | photoresist; 半导体材料 | semiconductor materials"),
            unit=("升", "litre"),
            variety="{m} 光刻胶，4 L 瓶装 / photoresist in 4 L bottles",
            batches=("20 瓶 bottles", "50 瓶 bottles"),
        ),
        Kind(
            M,
            name=("{q}电子特气 {m}", "{q} electronic specialty gas {m}"),
            qualifiers=pairs("高纯 | high-purity"),
            model="{n}",
            numbers=("NF3 6N", "WF6 6N", "C4F6 5N", "SiH4 6N"),
            model_specs=specs("""
                纯度 | Purity | ≥ 99.9999%; ≥ 99.9999%; ≥ 99.999%; ≥ 99.9999%
            """),
            specs=specs("""
                水分 | Moisture | ≤ 0.5 ppm; ≤ 1 ppm
                包装 | Packing | 47 L 钢瓶 cylinders; Y 型钢瓶 Y-cylinders
            """),
            uses=("刻蚀、清洗与薄膜沉积工艺", "etch, chamber clean and deposition"),
            breakthrough=(
                "精馏与吸附纯化工艺自主开发",
                "own distillation and adsorption purification",
            ),
            price_yuan=(300_000, 3_000_000),
            standards=("GB/T 14604-2009 电子工业用气体 氧",),
            tags=pairs("电子特气 | specialty gases; 半导体材料 | semiconductor materials"),
            unit=("吨", "tonne"),
            variety="{m} 电子级气体，钢瓶或集装格 / electronic grade, cylinders or bundles",
            batches=("500 kg", "1 t"),
        ),
        Kind(
            S,
            name=(
                "{q}集成电路版图物理验证软件 {m}",
                "{q} IC layout physical verification software {m}",
            ),
            qualifiers=pairs("先进工艺 | advanced-node; 全流程 | full-flow"),
            model="XV V{n}",
            numbers=words("2.0 3.1 4.0"),
            specs=specs("""
                支持工艺节点 | Process nodes | 28 nm; 14 nm
                设计规则检查 | Design rule check | 分布式并行 distributed parallel
                支持格式 | Formats | GDSII, OASIS
            """),
            uses=("芯片设计版图 DRC/LVS 验证", "DRC/LVS sign-off of chip layouts"),
            breakthrough=(
                "分布式并行引擎，全芯片验证时间缩短 40%",
                "distributed engine; full-chip runs 40% faster",
            ),
            price_yuan=(1_000_000, 8_000_000),
            standards=(SQUARE,),
            tags=pairs("EDA | EDA; 版图验证 | physical verification"),
            deployments=(D.ON_PREMISES, D.PRIVATE_CLOUD),
        ),
    ),
)
