"""Demo templates: agricultural machinery."""

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
    TechnicalField.AGRICULTURAL_MACHINERY,
    vendor="vendor4",
    regions=words("410000 370000 230000 340000"),
    institutions=(
        ("农业农村部农业机械试验鉴定总站", "NJJD{y}-{s:04d}"),
        ("国家农机具质量检验检测中心", "（{y}）农机检字第{s:04d}号"),
    ),
    patents=pairs(
        "一种拖拉机动力换挡无级变速传动装置 | A power-shift CVT for tractors; 一种联合收割机"
        "喂入量自适应控制方法 | An adaptive feed-rate control for combines; 一种气吸式排种器 | "
        "A vacuum seed meter"
    ),
    customers=(
        "北大荒现代农业服务有限公司",
        "黄淮农机专业合作社联合社",
        "新疆兵团棉业机械服务中心",
    ),
    outcomes=pairs(
        "三个作业季累计作业 1.2 万亩，故障率低于 1% | 12,000 mu over three seasons; failure "
        "rate under 1%; 收获总损失率 0.9% | Total harvest loss 0.9%; 作业效率较传统机型提升 "
        "25% | 25% more work per day than older machines"
    ),
    kinds=(
        Kind(
            E,
            name=("{q}无级变速拖拉机 {m}", "{q} CVT tractor {m}"),
            qualifiers=pairs("大马力 | high-horsepower; 智能 | smart"),
            model="TC-{n}",
            numbers=words("220 240 260 300"),
            specs=specs("""
                标定功率 | Rated power | {n} 马力 hp
                变速形式 | Transmission | 动力换挡无级变速 power-split CVT
                自动导航精度 | Auto-steer accuracy | ±2.5 cm
                提升力 | Lift capacity | 8000 kg; 10000 kg
            """),
            uses=("大田耕整地、播种与重载牵引作业", "tillage, seeding and heavy draught work"),
            breakthrough=(
                "国产液压机械无级变速箱，替代进口大马力拖拉机",
                "domestic hydro-mechanical CVT replaces imported high-horsepower tractors",
            ),
            price_yuan=(800_000, 1_600_000),
            standards=(
                "GB/T 15370.1-2012 农业拖拉机 通用技术条件 第1部分：50 kW 以上轮式拖拉机",
                "GB/T 3871.1-2006 农业拖拉机 试验规程 第1部分：通用要求",
            ),
            tags=pairs("拖拉机 | tractor; 无级变速 | CVT"),
        ),
        Kind(
            E,
            name=("{q}谷物联合收割机 {m}", "{q} grain combine harvester {m}"),
            qualifiers=pairs("纵轴流 | axial-flow; 智能 | smart"),
            model="CH-{n}",
            numbers=words("8 10 12 15"),
            specs=specs("""
                喂入量 | Feed rate | {n} kg/s
                割幅 | Cutting width | 5.5 m; 6.8 m; 9.1 m
                总损失率 | Total loss | ≤ 1.2%; ≤ 1.5%
                破碎率 | Broken grain | ≤ 1.0%
            """),
            uses=(
                "小麦、水稻与大豆的大规模机械化收获",
                "large-scale harvesting of wheat, rice and soybeans",
            ),
            breakthrough=(
                "喂入量与损失率在线监测，自动调节车速与脱粒参数",
                "online feed-rate and loss sensing adjust speed and threshing automatically",
            ),
            price_yuan=(600_000, 1_500_000),
            standards=(
                "GB/T 8097-2008 收获机械 联合收割机 试验方法",
                "GB 16151.12-2008 农业机械运行安全技术条件 第12部分：谷物联合收割机",
            ),
            tags=pairs("联合收割机 | combine; 智能农机 | smart farming"),
        ),
        Kind(
            E,
            name=("{q}采棉机 {m}", "{q} cotton picker {m}"),
            qualifiers=pairs("打包式 | on-board module building; 箱式 | basket"),
            model="CP-{n}",
            numbers=words("3 4 6"),
            specs=specs("""
                采摘行数 | Rows | {n}
                采净率 | Picking efficiency | ≥ 93%; ≥ 95%
                含杂率 | Trash content | ≤ 11%
            """),
            uses=("新疆等主产区棉花机械化采收", "mechanised cotton harvest in the main regions"),
            breakthrough=(
                "国产采摘头与打包机构，替代进口采棉机",
                "domestic picking units and module builder replace imported pickers",
            ),
            price_yuan=(3_000_000, 6_000_000),
            standards=("GB/T 21397-2008 棉花收获机",),
            tags=pairs("采棉机 | cotton picker"),
        ),
        Kind(
            E,
            name=("{q}气吸式精量播种机 {m}", "{q} vacuum precision planter {m}"),
            qualifiers=pairs("高速 | high-speed; 免耕 | no-till"),
            model="PP-{n}",
            numbers=words("6 8 12 16"),
            specs=specs("""
                播种行数 | Rows | {n}
                作业速度 | Working speed | 12–16 km/h; 10–14 km/h
                粒距合格指数 | Spacing quality | ≥ 95%; ≥ 97%
            """),
            uses=("玉米、大豆的高速精量播种", "high-speed precision seeding of maize and soybeans"),
            breakthrough=(
                "电驱排种与漏播实时补偿",
                "electric seed metering with real-time miss compensation",
            ),
            price_yuan=(150_000, 600_000),
            standards=("GB/T 6973-2005 单粒（精密）播种机试验方法",),
            tags=pairs("播种机 | planter; 精量播种 | precision seeding"),
        ),
    ),
)
