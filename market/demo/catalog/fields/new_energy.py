"""Demo templates: new energy equipment."""

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
    TechnicalField.NEW_ENERGY,
    vendor="vendor4",
    regions=words("320000 360000 130000 150000 620000"),
    institutions=(
        ("北京鉴衡认证中心有限公司", "CGC-{y}-T{s:04d}"),
        ("中国质量认证中心", "CQC{y}{s:06d}"),
        ("国家太阳能光伏产品质量检验检测中心", "PV{y}-{s:04d}"),
    ),
    patents=pairs(
        "一种半直驱风力发电机组的主轴承润滑系统 | A main-bearing lubrication system for "
        "medium-speed wind turbines; 一种储能电池簇液冷均温方法 | A liquid-cooling method "
        "that evens battery-rack temperatures; 一种碱性电解槽极板结构 | An electrode plate for "
        "alkaline electrolysers; 一种燃料电池低温冷启动控制方法 | A cold-start control method "
        "for fuel cells"
    ),
    customers=(
        "国家先进能源集团新能源有限公司",
        "西北绿氢科技有限公司",
        "华东储能电站运营有限公司",
    ),
    outcomes=pairs(
        "首年可利用率 98.6% | 98.6% availability in the first year; 储能电站综合效率 88.5% | "
        "Round-trip efficiency 88.5%; 绿氢项目连续运行 4000 小时 | 4,000 hours on a green-"
        "hydrogen project"
    ),
    kinds=(
        Kind(
            E,
            name=("{q}风力发电机组 {m}", "{q} wind turbine {m}"),
            qualifiers=pairs("海上半直驱 | offshore medium-speed; 陆上 | onshore"),
            model="WT-{n}MW",
            numbers=words("8.5 11 16 18"),
            specs=specs("""
                额定功率 | Rated power | {n} MW
                叶轮直径 | Rotor diameter | 230 m; 252 m; 260 m
                切入风速 | Cut-in wind speed | 3 m/s
                设计寿命 | Design life | 25 年 years
            """),
            uses=("海上与陆上大型风电场", "large offshore and onshore wind farms"),
            breakthrough=(
                "主轴承、变流器与叶片全部国产化",
                "main bearing, converter and blades all domestic",
            ),
            price_yuan=(50_000_000, 180_000_000),
            standards=(
                "GB/T 18451.1-2022 风能发电系统 风力发电机组 设计要求",
                "GB/T 19963.1-2021 风电场接入电力系统技术规定 第1部分：陆上风电",
            ),
            tags=pairs("风电 | wind power; 海上风电 | offshore wind"),
        ),
        Kind(
            E,
            name=("{q}液冷储能系统 {m}", "{q} liquid-cooled energy storage system {m}"),
            qualifiers=pairs("磷酸铁锂 | LFP; 构网型 | grid-forming"),
            model="ESS-{n}MWh",
            numbers=words("2.5 3.35 5.0"),
            specs=specs("""
                额定容量 | Rated energy | {n} MWh
                循环寿命 | Cycle life | ≥ 8000 次 cycles; ≥ 10000 次 cycles
                系统效率 | Round-trip efficiency | ≥ 88%; ≥ 90%
            """),
            uses=("新能源配储、电网侧调峰调频", "renewable-plant storage and grid balancing"),
            breakthrough=(
                "电芯温差控制在 3 °C 以内，构网型控制支撑弱电网",
                "cell temperature spread under 3 °C; grid-forming control for weak grids",
            ),
            price_yuan=(1_800_000, 5_000_000),
            standards=(
                "GB/T 36276-2023 电力储能用锂离子电池",
                "GB/T 34120-2023 电化学储能系统储能变流器技术要求",
            ),
            tags=pairs("储能 | energy storage; 锂电池 | lithium batteries"),
        ),
        Kind(
            E,
            name=("{q}碱性水电解制氢装置 {m}", "{q} alkaline water electrolyser {m}"),
            qualifiers=pairs("大标方 | large-capacity; 宽功率 | wide-range"),
            model="ALK-{n}",
            numbers=words("1000 1500 2000 3000"),
            specs=specs("""
                产氢量 | Hydrogen output | {n} Nm³/h
                直流电耗 | DC energy use | ≤ 4.3 kWh/Nm³; ≤ 4.4 kWh/Nm³
                负荷调节范围 | Load range | 20%–110%; 30%–110%
            """),
            uses=("风光制氢与化工用氢", "green hydrogen from wind and solar, chemical plants"),
            breakthrough=(
                "宽功率波动适应与高电流密度电极",
                "follows fluctuating power; high-current-density electrodes",
            ),
            price_yuan=(8_000_000, 30_000_000),
            standards=(
                "GB/T 37562-2019 压力型水电解制氢系统技术条件",
                "GB 32311-2015 水电解制氢系统能效限定值及能效等级",
            ),
            tags=pairs("氢能 | hydrogen; 电解槽 | electrolyser"),
        ),
        Kind(
            E,
            name=("{q}集中式光伏并网逆变器 {m}", "{q} central PV inverter {m}"),
            qualifiers=pairs("1500 V | 1500 V; 构网型 | grid-forming"),
            model="PV-{n}",
            numbers=words("3125 4400 6250 8800"),
            specs=specs("""
                额定功率 | Rated power | {n} kW
                最大效率 | Max. efficiency | 99.0%; 99.1%
                防护等级 | Protection | IP66
            """),
            uses=("大型地面光伏电站", "utility-scale PV plants"),
            breakthrough=(
                "构网型控制与高海拔设计",
                "grid-forming control; designed for high altitude",
            ),
            price_yuan=(600_000, 2_000_000),
            standards=(
                "GB/T 37408-2019 光伏发电并网逆变器技术要求",
                "NB/T 32004-2018 光伏并网逆变器技术规范",
            ),
            tags=pairs("光伏 | photovoltaics; 逆变器 | inverter"),
        ),
        Kind(
            E,
            name=("{q}氢燃料电池系统 {m}", "{q} hydrogen fuel cell system {m}"),
            qualifiers=pairs("重卡用 | heavy-truck; 固定式 | stationary"),
            model="FC-{n}",
            numbers=words("120 150 200 240"),
            specs=specs("""
                额定功率 | Rated power | {n} kW
                系统效率 | System efficiency | ≥ 55%; ≥ 60%
                低温启动 | Cold start | -30 °C; -40 °C
            """),
            uses=("氢能重卡与分布式发电", "hydrogen trucks and distributed power"),
            breakthrough=(
                "电堆、空压机与氢循环泵全部自主",
                "stack, air compressor and hydrogen recirculation pump all our own",
            ),
            price_yuan=(400_000, 1_200_000),
            standards=("GB/T 24554-2022 燃料电池发动机性能试验方法",),
            tags=pairs("燃料电池 | fuel cell; 氢能 | hydrogen"),
        ),
    ),
)
