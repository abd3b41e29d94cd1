"""Demo templates: power equipment."""

from __future__ import annotations

from market.catalog.taxonomy import Category, DeploymentModel, TechnicalField
from market.demo.catalog.templates import (
    FieldTemplates,
    Kind,
    pairs,
    specs,
    words,
)

E, M, S = Category.EQUIPMENT, Category.MATERIAL, Category.SOFTWARE
D = DeploymentModel

TEMPLATES = FieldTemplates(
    TechnicalField.POWER_EQUIPMENT,
    vendor="vendor4",
    regions=words("210000 510000 230000 610000"),
    institutions=(
        ("中国电力科学研究院有限公司", "CEPRI-{y}-{s:05d}"),
        ("国家变压器质量检验检测中心（沈阳）", "BYQ{y}{s:04d}"),
        ("西安高压电器研究院股份有限公司", "XIHARI-{y}-{s:04d}"),
    ),
    patents=pairs(
        "一种换流变压器阀侧出线装置 | A valve-side bushing lead-out for converter "
        "transformers; 一种环保气体绝缘开关设备的灭弧室 | An interrupter for eco-gas "
        "insulated switchgear; 一种水泵水轮机转轮 | A pump-turbine runner; 一种核级阀门"
        "驱动装置 | An actuator for nuclear-class valves"
    ),
    customers=(
        "国家先进能源集团华北电网有限公司",
        "西南清洁能源发电有限公司",
        "东北抽水蓄能有限公司",
    ),
    outcomes=pairs(
        "投运后连续安全运行 18 个月，各项指标满足设计要求 | 18 months in safe operation; "
        "every figure meets the design; 局部放电实测值优于合同值 40% | Partial discharge 40% "
        "below the contract value; 机组效率较改造前提升 2.1 个百分点 | Unit efficiency up 2.1 "
        "points after the retrofit"
    ),
    kinds=(
        Kind(
            E,
            name=("{q}换流变压器 {m}", "{q} converter transformer {m}"),
            qualifiers=pairs("特高压直流 | UHV DC; 柔性直流 | VSC-HVDC"),
            model="ZZDFPZ-{n}",
            numbers=("415000/800", "493000/800", "509000/1100", "250000/500"),
            specs=specs("""
                局部放电 | Partial discharge | ≤ 100 pC; ≤ 200 pC
                空载损耗 | No-load loss | ≤ 180 kW; ≤ 210 kW
                声压级 | Sound pressure level | ≤ 75 dB(A); ≤ 80 dB(A)
            """),
            uses=("特高压直流输电工程换流站", "converter stations of UHV DC links"),
            breakthrough=(
                "阀侧出线装置与绝缘结构全部国产化",
                "valve-side lead-out and insulation system fully domestic",
            ),
            price_yuan=(30_000_000, 90_000_000),
            standards=(
                "GB/T 18494.2-2022 变流变压器 第2部分：高压直流输电用换流变压器",
                "GB/T 1094.3-2017 电力变压器 第3部分：绝缘水平、绝缘试验和外绝缘空气间隙",
            ),
            tags=pairs("特高压 | UHV; 换流变 | converter transformer"),
        ),
        Kind(
            E,
            name=("{q}气体绝缘金属封闭开关设备 {m}", "{q} gas-insulated switchgear {m}"),
            qualifiers=pairs("环保型 | SF6-free; 紧凑型 | compact"),
            model="ZF-{n}",
            numbers=words("126 252 550"),
            specs=specs("""
                额定电压 | Rated voltage | {n} kV
                额定电流 | Rated current | 4000 A; 5000 A; 6300 A
                额定短路开断电流 | Short-circuit breaking current | 50 kA; 63 kA
                绝缘气体 | Insulating gas | C4F7N/CO2 混合气体 mixture; 干燥空气 dry air
            """),
            uses=("变电站与新能源汇集站", "substations and renewable collector stations"),
            breakthrough=(
                "以环保气体替代 SF6，温室效应降低 99% 以上",
                "eco-gas instead of SF6; global warming potential cut by more than 99%",
            ),
            price_yuan=(2_000_000, 15_000_000),
            standards=(
                "GB/T 7674-2020 额定电压 72.5 kV 及以上气体绝缘金属封闭开关设备",
                "GB/T 11022-2020 高压交流开关设备和控制设备标准的共用技术要求",
            ),
            tags=pairs("GIS | GIS; 环保气体 | eco-gas"),
        ),
        Kind(
            E,
            name=("{q}可逆式水泵水轮机组 {m}", "{q} reversible pump-turbine unit {m}"),
            qualifiers=pairs("高水头 | high-head; 变速 | variable-speed"),
            model="PT-{n}",
            numbers=words("300 350 400 425"),
            specs=specs("""
                单机容量 | Unit capacity | {n} MW
                额定水头 | Rated head | 540 m; 620 m; 710 m
                额定转速 | Rated speed | 428.6 r/min; 500 r/min
                加权平均效率 | Weighted efficiency | ≥ 92.5%; ≥ 93%
            """),
            uses=("抽水蓄能电站", "pumped-storage power stations"),
            breakthrough=(
                "高水头转轮水力设计与变速励磁系统自主研制",
                "own high-head runner hydraulics and variable-speed excitation",
            ),
            price_yuan=(90_000_000, 250_000_000),
            standards=(
                "GB/T 22581-2008 混流式水泵水轮机基本技术条件",
                "GB/T 7894-2009 水轮发电机基本技术条件",
            ),
            tags=pairs("抽水蓄能 | pumped storage; 水电 | hydropower"),
        ),
        Kind(
            E,
            name=("{q}燃气轮机 {m}", "{q} gas turbine {m}"),
            qualifiers=pairs("重型 | heavy-duty; 中型 | medium-duty"),
            model="GT-{n}",
            numbers=words("50 110 300"),
            specs=specs("""
                ISO 工况功率 | ISO output | {n} MW
                简单循环效率 | Simple-cycle efficiency | 38.5%; 40.2%
                透平进口温度 | Turbine inlet temperature | 1300 °C; 1400 °C
                NOx 排放 | NOx emissions | ≤ 25 mg/m³; ≤ 15 mg/m³
            """),
            uses=("燃气发电与热电联产", "gas-fired power and combined heat and power"),
            breakthrough=(
                "压气机、燃烧室与透平热端部件全部自主设计",
                "compressor, combustor and hot section all of our own design",
            ),
            price_yuan=(80_000_000, 400_000_000),
            standards=("GB/T 14100-2016 燃气轮机 验收试验",),
            tags=pairs("燃气轮机 | gas turbine; 两机专项 | aero-engine and gas-turbine programme"),
        ),
        Kind(
            E,
            name=("{q}核级主蒸汽隔离阀 {m}", "{q} nuclear main steam isolation valve {m}"),
            qualifiers=pairs("三代核电 | Gen III"),
            model="MSIV-{n}",
            numbers=words("DN700 DN750 DN800"),
            specs=specs("""
                公称压力 | Nominal pressure | PN 100; Class 900
                关闭时间 | Closing time | ≤ 5 s
                阀座泄漏率 | Seat leakage | ISO 5208 A 级 rate A
            """),
            uses=("压水堆核电站主蒸汽系统", "main steam systems of PWR plants"),
            breakthrough=(
                "气液联动驱动装置国产化，替代进口产品",
                "domestic gas-hydraulic actuator replaces imports",
            ),
            price_yuan=(8_000_000, 20_000_000),
            standards=(
                "GB/T 13927-2022 工业阀门 压力试验",
                "NB/T 20010.10-2010 压水堆核电厂阀门 第10部分：应力分析和抗震分析",
            ),
            tags=pairs("核电 | nuclear; 阀门 | valves"),
        ),
        Kind(
            E,
            name=("{q}锅炉给水泵 {m}", "{q} boiler feed pump {m}"),
            qualifiers=pairs("超超临界 | ultra-supercritical"),
            model="BFP-{n}",
            numbers=words("600 660 1000"),
            specs=specs("""
                配套机组 | For units of | {n} MW
                流量 | Flow | 1850 m³/h; 2400 m³/h
                扬程 | Head | 3800 m; 4200 m
                效率 | Efficiency | ≥ 84%; ≥ 85%
            """),
            uses=("超超临界燃煤机组给水系统", "feed-water systems of ultra-supercritical units"),
            breakthrough=(
                "多级泵水力模型与平衡装置自主设计",
                "own hydraulics and balancing device for the multistage pump",
            ),
            price_yuan=(9_000_000, 25_000_000),
            standards=(
                "GB/T 3216-2016 回转动力泵 水力性能验收试验 1级、2级和3级",
                "GB/T 5656-2008 离心泵 技术条件（Ⅱ类）",
            ),
            tags=pairs("泵 | pumps; 火电 | thermal power"),
        ),
    ),
)
