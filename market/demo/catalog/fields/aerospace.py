"""Demo templates: aerospace equipment."""

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
    TechnicalField.AEROSPACE,
    vendor="vendor5",
    regions=words("610000 510000 210000 110000"),
    institutions=(
        ("中国航空综合技术研究所", "HZS-{y}-{s:04d}"),
        ("航空工业北京长城计量测试技术研究所", "CJ{y}{s:05d}"),
    ),
    patents=pairs(
        "一种长航时无人机的复合材料机翼结构 | A composite wing for long-endurance UAVs; "
        "一种辅助动力装置的燃油控制方法 | A fuel control method for auxiliary power units; "
        "一种自动铺丝头的丝束剪切机构 | A tow cutter for automated fibre placement heads; "
        "一种卫星平台热控系统 | A thermal control system for satellite buses"
    ),
    customers=("西部通用航空物流有限公司", "华北航天器总装有限公司", "东方航空复合材料有限公司"),
    outcomes=pairs(
        "累计飞行 1500 小时 | 1,500 flight hours; 在轨运行 2 年，各项指标正常 | Two years in "
        "orbit with every figure nominal; 铺放效率较手工提升 6 倍 | Six times faster than hand "
        "lay-up"
    ),
    kinds=(
        Kind(
            E,
            name=("{q}大型固定翼无人机 {m}", "{q} large fixed-wing UAV {m}"),
            qualifiers=pairs("长航时 | long-endurance; 支线物流 | cargo"),
            model="ZH-{n}",
            numbers=words("300 800 1500"),
            specs=specs("""
                最大起飞重量 | Max. take-off weight | {n} kg
                续航时间 | Endurance | 20 h; 32 h
                实用升限 | Service ceiling | 7000 m; 9000 m
            """),
            uses=(
                "应急通信、气象观测与支线物流",
                "emergency communications, weather observation and feeder cargo",
            ),
            breakthrough=(
                "全复合材料机体与自主飞控",
                "all-composite airframe and our own flight control",
            ),
            price_yuan=(8_000_000, 35_000_000),
            standards=(
                "RTCA DO-160G 机载设备环境条件和试验程序",
                "GB/T 38924.1-2020 民用轻小型无人机系统环境试验方法 第1部分：总则",
            ),
            tags=pairs("无人机 | UAV; 低空经济 | low-altitude economy"),
        ),
        Kind(
            E,
            name=("{q}机载辅助动力装置 {m}", "{q} airborne auxiliary power unit {m}"),
            qualifiers=pairs("涡轴 | turboshaft"),
            model="APU-{n}",
            numbers=words("90 130 180"),
            specs=specs("""
                输出功率 | Output power | {n} kW
                最大起动高度 | Max. start altitude | 6000 m; 9000 m
                引气流量 | Bleed air | 0.8 kg/s; 1.2 kg/s
            """),
            uses=(
                "支线客机与直升机机载电源和气源",
                "power and air for regional aircraft and helicopters",
            ),
            breakthrough=("燃油控制与全权限数字电子控制自主研制", "own fuel control and FADEC"),
            price_yuan=(4_000_000, 12_000_000),
            standards=(
                "HB 6167-2014 民用飞机机载设备环境条件和试验方法",
                "RTCA DO-160G 机载设备环境条件和试验程序",
            ),
            tags=pairs("APU | APU; 航空动力 | aero propulsion"),
        ),
        Kind(
            E,
            name=("{q}低轨卫星平台 {m}", "{q} LEO satellite bus {m}"),
            qualifiers=pairs("批量化 | mass-produced; 通导遥一体 | multi-mission"),
            model="LS-{n}",
            numbers=words("200 500 1000"),
            specs=specs("""
                整星质量 | Satellite mass | {n} kg
                设计寿命 | Design life | 5 年 years; 8 年 years
                供电功率 | Power | 2 kW; 5 kW
            """),
            uses=("低轨通信与遥感星座", "LEO communication and imaging constellations"),
            breakthrough=(
                "模块化平台与脉动式总装，单星研制周期缩短至 6 个月",
                "modular bus and pulsed assembly; six months per satellite",
            ),
            price_yuan=(30_000_000, 120_000_000),
            standards=("ECSS-E-ST-10-03C 航天工程 试验",),
            tags=pairs("卫星 | satellite; 星座 | constellation"),
        ),
        Kind(
            E,
            name=("{q}复合材料自动铺丝机 {m}", "{q} automated fibre placement machine {m}"),
            qualifiers=pairs("龙门式 | gantry; 机器人式 | robotic"),
            model="AFP-{n}",
            numbers=words("8 16 24 32"),
            specs=specs("""
                丝束数量 | Tows | {n}
                铺放速度 | Lay-up speed | 1 m/s; 1.5 m/s
                定位精度 | Positioning accuracy | ±0.5 mm; ±0.3 mm
            """),
            uses=("飞机机身壁板、机翼蒙皮与发动机短舱", "fuselage panels, wing skins and nacelles"),
            breakthrough=(
                "铺丝头与工艺软件全部自主，打破国外封锁",
                "fibre placement head and process software of our own",
            ),
            price_yuan=(20_000_000, 50_000_000),
            standards=(
                "GB/T 17421.2-2016 机床检验通则 第2部分：数控轴线的定位精度和重复定位精度的确定",
            ),
            tags=pairs("复合材料 | composites; 自动铺丝 | AFP"),
        ),
    ),
)
