"""Demo templates: rail transit equipment."""

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
    TechnicalField.RAIL_TRANSIT,
    vendor="vendor1",
    regions=words("430000 220000 370000 320000"),
    institutions=(
        ("国家铁路产品质量监督检验中心", "TJ{y}-{s:04d}"),
        ("中国铁道科学研究院集团有限公司", "CARS-{y}-JC{s:04d}"),
    ),
    patents=pairs(
        "一种永磁同步牵引电机的无位置传感器控制方法 | A sensorless control method for "
        "permanent-magnet traction motors; 一种基于车车通信的列车追踪间隔控制方法 | A headway "
        "control method using train-to-train communication; 一种高速动车组齿轮箱密封结构 | "
        "A gearbox seal for high-speed EMUs"
    ),
    customers=("东江城市轨道交通有限公司", "湘中城际铁路有限责任公司", "北方铁路局集团有限公司"),
    outcomes=pairs(
        "载客运营 30 万公里无责任故障 | 300,000 km in service without an attributable failure; "
        "牵引能耗下降 12% | Traction energy down 12%; 正线平均追踪间隔缩短至 100 秒 | Headway cut "
        "to 100 s"
    ),
    kinds=(
        Kind(
            E,
            name=("{q}永磁同步牵引系统 {m}", "{q} permanent-magnet traction system {m}"),
            qualifiers=pairs("地铁 | metro; 市域快轨 | suburban rail; 高速动车组 | high-speed EMU"),
            model="PMT-{n}",
            numbers=words("190 240 360 690"),
            specs=specs("""
                电机额定功率 | Rated motor power | {n} kW
                系统效率 | System efficiency | ≥ 96.5%; ≥ 97%
                网压 | Line voltage | DC 750 V; DC 1500 V; AC 25 kV
                较异步牵引节能 | Saving vs. induction drive | ≥ 10%; ≥ 15%
            """),
            uses=(
                "地铁、市域快轨与动车组的牵引传动",
                "traction for metro, suburban and EMU trains",
            ),
            breakthrough=(
                "永磁电机与变流器、控制软件全自主研发，牵引能耗显著降低",
                "motor, converter and control software all our own; markedly lower traction energy",
            ),
            price_yuan=(3_000_000, 9_000_000),
            standards=(
                "GB/T 21413.1-2018 轨道交通 机车车辆电气设备 第1部分：一般使用条件和通用规则",
                "GB/T 25123.4-2015 电力牵引 轨道机车车辆和公路车辆用旋转电机 第4部分",
            ),
            tags=pairs("永磁牵引 | PM traction; 节能 | energy saving"),
        ),
        Kind(
            E,
            name=("{q}列车自主运行系统 {m}", "{q} train autonomous circulation system {m}"),
            qualifiers=pairs("基于车车通信 | train-to-train; 全自动 | GoA4"),
            model="TACS-{n}",
            numbers=words("1.0 2.0 3.0"),
            specs=specs("""
                自动化等级 | Grade of automation | GoA4
                最小追踪间隔 | Min. headway | 90 s; 100 s
                安全完整性等级 | Safety integrity level | SIL 4
                轨旁设备减少 | Wayside equipment saved | 30%; 40%
            """),
            uses=(
                "城市轨道交通新建线路与既有线改造的列车运行控制",
                "train control on new and upgraded urban rail lines",
            ),
            breakthrough=(
                "列车间直接通信、自主计算移动授权，轨旁设备大幅精简",
                "trains talk to each other and compute their own movement authority; far "
                "less wayside equipment",
            ),
            price_yuan=(30_000_000, 90_000_000),
            standards=(
                "GB/T 21562-2008 轨道交通 可靠性、可用性、可维修性和安全性规范及示例",
                "GB/T 28808-2012 轨道交通 通信、信号和处理系统 控制和防护系统软件",
            ),
            tags=pairs("信号系统 | signalling; 全自动运行 | driverless"),
        ),
        Kind(
            E,
            name=("{q}钢轨打磨车 {m}", "{q} rail grinding train {m}"),
            qualifiers=pairs("大型 | heavy; 城轨 | urban-rail"),
            model="GMT-{n}",
            numbers=words("24 48 96"),
            specs=specs("""
                打磨头数量 | Grinding heads | {n}
                作业速度 | Working speed | 3–16 km/h; 5–20 km/h
                廓形精度 | Profile accuracy | ±0.1 mm; ±0.2 mm
            """),
            uses=(
                "高速铁路与城市轨道交通钢轨的预防性打磨",
                "preventive grinding of high-speed and urban rail",
            ),
            breakthrough=(
                "钢轨廓形在线检测与打磨功率闭环控制",
                "online profile measurement with closed-loop grinding power",
            ),
            price_yuan=(40_000_000, 120_000_000),
            standards=("TB/T 1335-1996 铁道车辆强度设计及试验鉴定规范",),
            tags=pairs("养路机械 | track maintenance; 钢轨打磨 | rail grinding"),
        ),
        Kind(
            E,
            name=("{q}动车组齿轮箱 {m}", "{q} EMU gearbox {m}"),
            qualifiers=pairs("时速 350 公里 | 350 km/h; 时速 400 公里 | 400 km/h"),
            model="GX-{n}",
            numbers=words("2379 2480 2612"),
            specs=specs("""
                传动比 | Gear ratio | 2.379; 2.480; 2.612
                油温 | Oil temperature | ≤ 90 °C
                设计寿命 | Design life | 1200 万公里 12 million km
            """),
            uses=("高速动车组转向架驱动装置", "bogie drives of high-speed EMUs"),
            breakthrough=(
                "齿轮修形与迷宫密封自主设计，完成 120 万公里台架与线路考核",
                "own gear modification and labyrinth seal; 1.2 million km of bench and line tests",
            ),
            price_yuan=(450_000, 900_000),
            standards=("GB/T 3480.1-2019 直齿轮和斜齿轮承载能力计算 第1部分",),
            tags=pairs("齿轮箱 | gearbox; 动车组 | EMU"),
        ),
        Kind(
            S,
            name=("{q}列车智能运维平台 {m}", "{q} train predictive maintenance platform {m}"),
            qualifiers=pairs("车地一体 | train-to-ground; 全寿命周期 | whole-life"),
            model="PHM V{n}",
            numbers=words("2.0 2.5 3.0"),
            specs=specs("""
                接入列车数 | Trains connected | ≥ 300; ≥ 500
                故障预警准确率 | Early-warning accuracy | ≥ 90%; ≥ 92%
                数据延迟 | Data latency | ≤ 5 s
            """),
            uses=(
                "城轨与动车组的状态修、故障预测与健康管理",
                "condition-based maintenance and prognostics for trains",
            ),
            breakthrough=(
                "走行部、牵引、制动多系统融合诊断模型",
                "fused diagnostic models for running gear, traction and brakes",
            ),
            price_yuan=(1_200_000, 4_000_000),
            standards=(SQUARE,),
            tags=pairs("PHM | PHM; 智能运维 | predictive maintenance"),
            deployments=(D.PRIVATE_CLOUD, D.HYBRID),
        ),
    ),
)
