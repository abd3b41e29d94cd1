"""Demo templates: advanced steel (首批次新材料)."""

from __future__ import annotations

from market.catalog.taxonomy import Category, DeploymentModel, TechnicalField
from market.demo.catalog.templates import (
    TONNE,
    FieldTemplates,
    Kind,
    pairs,
    specs,
    words,
)

E, M, S = Category.EQUIPMENT, Category.MATERIAL, Category.SOFTWARE
D = DeploymentModel

TEMPLATES = FieldTemplates(
    TechnicalField.ADVANCED_STEEL,
    vendor="vendor2",
    regions=words("330000 130000 210000 420000"),
    institutions=(
        ("国家钢铁产品质量检验检测中心", "GT{y}-{s:05d}"),
        ("钢研纳克检测技术股份有限公司", "NCS{y}{s:06d}"),
    ),
    patents=pairs(
        "一种高洁净度轴承钢的冶炼方法 | A steelmaking route for high-cleanliness bearing "
        "steel; 一种大线能量焊接用海工钢板及其制造方法 | An offshore plate for high heat-input "
        "welding and its manufacture; 一种低铁损取向硅钢的激光刻痕方法 | A laser scribing "
        "method for low-loss grain-oriented steel; 一种耐热钢管的热处理工艺 | A heat treatment "
        "for heat-resistant tubes"
    ),
    customers=(
        "华东精密轴承股份有限公司",
        "中国远洋重工集团渤海造船有限公司",
        "北方变压器有限公司",
    ),
    outcomes=pairs(
        "批量供货 1200 吨，质量异议为零 | 1,200 t delivered without a quality claim; 轴承"
        "寿命 L10 提升 2.3 倍 | Bearing L10 life up 2.3 times; 变压器空载损耗下降 8% | "
        "Transformer no-load loss down 8%"
    ),
    kinds=(
        Kind(
            M,
            name=("{m} {q}轴承钢棒材", "{m} {q} bearing steel bar"),
            qualifiers=pairs("高洁净 | high-cleanliness; 长寿命 | long-life"),
            model="{n}",
            numbers=words("GCr15 GCr15SiMn G20Cr2Ni4A G13Cr4Mo4Ni4V"),
            specs=specs("""
                氧含量 | Oxygen | ≤ 5 ppm; ≤ 6 ppm
                钛含量 | Titanium | ≤ 15 ppm
                非金属夹杂物 | Non-metallic inclusions | A ≤ 1.0, B ≤ 0.5, D ≤ 0.5 级 class
                规格 | Size | Φ20–Φ250 mm
            """),
            uses=(
                "高铁、风电与航空发动机轴承",
                "bearings for high-speed trains, wind turbines and aero-engines",
            ),
            breakthrough=(
                "真空脱气与连铸全流程控氧，洁净度达到进口水平",
                "oxygen control from vacuum degassing to casting; cleanliness equal to imports",
            ),
            price_yuan=(12_000, 60_000),
            standards=(
                "GB/T 18254-2016 高碳铬轴承钢",
                "GB/T 10561-2023 钢中非金属夹杂物含量的测定 标准评级图显微检验法",
            ),
            tags=pairs("轴承钢 | bearing steel; 特钢 | special steel"),
            unit=TONNE,
            variety="{m} 热轧/锻制棒材 Φ20–250 mm / hot-rolled or forged bar",
            batches=("5 t", "10 t", "20 t"),
        ),
        Kind(
            M,
            name=("{m} {q}海洋工程用钢板", "{m} {q} offshore structural steel plate"),
            qualifiers=pairs("大线能量焊接 | high heat-input weldable; 低温韧性 | low-temperature"),
            model="{n}",
            numbers=words("EH40 EH47 FH550 F690"),
            model_specs=specs("""
                屈服强度 | Yield strength | ≥ 390 MPa; ≥ 460 MPa; ≥ 550 MPa; ≥ 690 MPa
            """),
            specs=specs("""
                冲击功 | Charpy impact energy | -40 °C ≥ 69 J; -60 °C ≥ 69 J
                厚度 | Thickness | 8–100 mm; 10–150 mm
            """),
            uses=(
                "海洋平台、LNG 船与海上风电基础",
                "offshore platforms, LNG carriers and offshore wind foundations",
            ),
            breakthrough=(
                "TMCP 工艺与氧化物冶金，焊接热影响区韧性优良",
                "TMCP and oxide metallurgy give a tough heat-affected zone",
            ),
            price_yuan=(6_000, 15_000),
            standards=(
                "GB/T 712-2022 船舶及海洋工程用结构钢",
                "GB/T 229-2020 金属材料 夏比摆锤冲击试验方法",
            ),
            tags=pairs("海工钢 | offshore steel; 船板 | ship plate"),
            unit=TONNE,
            variety="{m} 钢板，厚度 8–150 mm，宽度 ≤ 4800 mm / plate 8–150 mm thick",
            batches=("50 t", "100 t"),
        ),
        Kind(
            M,
            name=("{m} {q}取向电工钢带", "{m} {q} grain-oriented electrical steel"),
            qualifiers=pairs("高磁感 | high-permeability; 激光刻痕 | laser-scribed"),
            model="{n}",
            numbers=words("18QG065 20QG070 23QG080 27QG090"),
            model_specs=specs("""
                厚度 | Thickness | 0.18 mm; 0.20 mm; 0.23 mm; 0.27 mm
                铁损 | Core loss P1.7/50 | ≤ 0.65 W/kg; ≤ 0.70 W/kg; ≤ 0.80 W/kg; ≤ 0.90 W/kg
            """),
            specs=specs("""
                磁感 B800 | Induction B800 | ≥ 1.90 T; ≥ 1.92 T
            """),
            uses=("特高压与节能变压器铁芯", "cores of UHV and high-efficiency transformers"),
            breakthrough=(
                "低温板坯加热与激光刻痕，铁损达到国际先进水平",
                "low-temperature slab reheating and laser scribing; core loss at the world's best",
            ),
            price_yuan=(20_000, 45_000),
            standards=(
                "GB/T 2521.2-2016 全工艺冷轧电工钢 第2部分：晶粒取向钢带（片）",
                "GB/T 3655-2022 用爱泼斯坦方圈测量电工钢带（片）磁性能的方法",
            ),
            tags=pairs("硅钢 | silicon steel; 变压器 | transformers"),
            unit=TONNE,
            variety="{m} 钢带，宽度 750–1050 mm / strip 750–1050 mm wide",
            batches=("20 t", "50 t"),
        ),
        Kind(
            M,
            name=("{m} {q}无缝钢管", "{m} {q} seamless tube"),
            qualifiers=pairs("超超临界锅炉用 | USC boiler; 耐热 | heat-resistant"),
            model="{n}",
            numbers=words("10Cr9Mo1VNbN 07Cr25Ni21NbN 10Cr18Ni9NbCu3BN"),
            specs=specs("""
                650 °C 持久强度 | Creep strength at 650 °C, 10⁵ h | ≥ 80 MPa; ≥ 90 MPa
                外径 | Outside diameter | Φ38–Φ610 mm
            """),
            uses=("超超临界火电机组过热器与再热器", "superheaters and reheaters of USC units"),
            breakthrough=(
                "高温持久性能与抗蒸汽氧化能力达到进口水平",
                "creep and steam-oxidation resistance equal to imports",
            ),
            price_yuan=(30_000, 120_000),
            standards=(
                "GB/T 5310-2023 高压锅炉用无缝钢管",
                "GB/T 2039-2012 金属材料 单轴拉伸蠕变试验方法",
            ),
            tags=pairs("锅炉管 | boiler tubes; 耐热钢 | heat-resistant steel"),
            unit=TONNE,
            variety="{m} 无缝钢管 Φ38–610 mm / seamless tube",
            batches=("10 t", "30 t"),
        ),
        Kind(
            M,
            name=("{m} {q}桥梁用结构钢板", "{m} {q} bridge structural steel plate"),
            qualifiers=pairs("耐候 | weathering; 高性能 | high-performance"),
            model="{n}",
            numbers=words("Q370qE Q420qE Q500qE Q690qE"),
            model_specs=specs("""
                屈服强度 | Yield strength | ≥ 370 MPa; ≥ 420 MPa; ≥ 500 MPa; ≥ 690 MPa
            """),
            specs=specs("""
                -40 °C 冲击功 | Charpy at -40 °C | ≥ 120 J; ≥ 150 J
                Z 向性能 | Through-thickness | Z35
            """),
            uses=("大跨度公路与铁路桥梁", "long-span road and rail bridges"),
            breakthrough=(
                "免涂装耐候与高强韧匹配",
                "paint-free weathering with high strength and toughness",
            ),
            price_yuan=(5_500, 9_000),
            standards=("GB/T 714-2015 桥梁用结构钢",),
            tags=pairs("桥梁钢 | bridge steel; 耐候钢 | weathering steel"),
            unit=TONNE,
            variety="{m} 钢板，厚度 10–100 mm / plate 10–100 mm thick",
            batches=("100 t", "200 t"),
        ),
    ),
)
