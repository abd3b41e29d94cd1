"""Demo templates: industrial robots."""

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
    TechnicalField.INDUSTRIAL_ROBOTS,
    vendor="vendor1",
    regions=words("320000 440000 310000 210000"),
    institutions=(
        ("国家机器人检测与评定中心", "CRTC-{y}-{s:05d}"),
        ("国家机器人质量检验检测中心（广东）", "GRQC{y}{s:05d}"),
    ),
    patents=pairs(
        "一种基于关节力矩传感的机器人碰撞检测方法 | A collision detection method using joint "
        "torque sensing; 一种工业机器人轨迹精度自标定方法 | A self-calibration method for robot "
        "path accuracy; 一种重载机器人平衡缸结构 | A balancing cylinder for heavy-payload "
        "robots; 一种焊接机器人焊缝跟踪装置 | A seam tracking device for welding robots"
    ),
    customers=("华中汽车车身制造有限公司", "东方工程机械股份有限公司", "南方家电智能制造有限公司"),
    outcomes=pairs(
        "焊装线节拍提升 18%，设备综合效率 92% | Welding line cycle 18% faster; OEE 92%; "
        "累计无故障运行 20000 小时 | 20,000 hours without failure; 替代进口机器人 36 台 | "
        "Replaced 36 imported robots"
    ),
    kinds=(
        Kind(
            E,
            name=("{q}六轴工业机器人 {m}", "{q} six-axis industrial robot {m}"),
            qualifiers=pairs(
                "重载 | heavy-payload; 高速 | high-speed; 弧焊 | arc-welding; 喷涂 | painting"
            ),
            model="JR{n}",
            numbers=words("20 50 165 210 500"),
            specs=specs("""
                额定负载 | Rated payload | {n} kg
                最大工作半径 | Reach | 1720 mm; 2650 mm; 3100 mm
                重复定位精度 | Repeatability | ±0.03 mm; ±0.05 mm; ±0.08 mm
                防护等级 | Protection | IP65; IP67
            """),
            uses=(
                "汽车白车身焊装、工程机械结构件焊接与搬运码垛",
                "car body welding, construction-machinery welding and palletising",
            ),
            breakthrough=(
                "国产 RV 减速器、伺服电机与控制器全自主配套，轨迹精度达到进口同类水平",
                "domestic RV reducers, servo motors and controller; path accuracy on par "
                "with imports",
            ),
            price_yuan=(250_000, 1_600_000),
            standards=(
                "GB/T 12642-2013 工业机器人 性能规范及其试验方法",
                "GB 11291.1-2011 工业环境用机器人 安全要求 第1部分：机器人",
            ),
            tags=pairs("六轴 | six-axis; 焊接 | welding; 码垛 | palletising"),
        ),
        Kind(
            E,
            name=("{q}协作机器人 {m}", "{q} collaborative robot {m}"),
            qualifiers=pairs("力控 | force-controlled; 轻型 | lightweight"),
            model="CR{n}",
            numbers=words("5 7 10 16 20"),
            specs=specs("""
                额定负载 | Rated payload | {n} kg
                工作半径 | Reach | 900 mm; 1300 mm; 1700 mm
                重复定位精度 | Repeatability | ±0.02 mm; ±0.03 mm
                碰撞检测阈值 | Collision threshold | 10 N; 25 N
            """),
            uses=(
                "精密装配、检测上下料与人机协同作业",
                "precision assembly, machine tending and work beside people",
            ),
            breakthrough=(
                "全关节力矩传感与拖动示教，无需安全围栏即可与人协同",
                "torque sensing in every joint and hand guiding; works beside people "
                "without fences",
            ),
            price_yuan=(120_000, 450_000),
            standards=(
                "GB/T 36008-2018 机器人与机器人装备 协作机器人",
                "GB 11291.1-2011 工业环境用机器人 安全要求 第1部分：机器人",
            ),
            tags=pairs("协作机器人 | cobot; 人机协作 | human-robot collaboration"),
        ),
        Kind(
            E,
            name=("{q}自主移动机器人 {m}", "{q} autonomous mobile robot {m}"),
            qualifiers=pairs("激光 SLAM 导航 | laser-SLAM; 重载潜伏式 | heavy-duty under-ride"),
            model="AMR-{n}",
            numbers=words("600 1000 1500 3000"),
            specs=specs("""
                额定载重 | Rated load | {n} kg
                导航定位精度 | Positioning accuracy | ±5 mm; ±10 mm
                最大速度 | Max. speed | 1.5 m/s; 2.0 m/s
                续航时间 | Runtime | 8 h; 10 h
            """),
            uses=(
                "离散制造车间物料配送与立体仓库出入库",
                "material flow in workshops and warehouses",
            ),
            breakthrough=(
                "多机调度与无反射板激光 SLAM，百台规模集群免改造部署",
                "fleet scheduling and reflector-free laser SLAM; fleets of a hundred "
                "without site changes",
            ),
            price_yuan=(180_000, 800_000),
            standards=(
                "GB/T 20721-2022 自动导引车 通用技术条件",
                "GB/T 30029-2013 自动导引车（AGV）设计通则",
            ),
            tags=pairs("AMR | AMR; 智能物流 | intralogistics"),
        ),
        Kind(
            E,
            name=("{q}防爆巡检机器人 {m}", "{q} explosion-proof inspection robot {m}"),
            qualifiers=pairs("轮式 | wheeled; 挂轨式 | rail-hung"),
            model="EX-{n}",
            numbers=words("100 200 300"),
            specs=specs("""
                防爆标志 | Ex marking | Ex db IIB T4 Gb; Ex db IIC T4 Gb
                检测项目 | Sensing | 气体、温度、可见光与红外 gas, heat, visible and IR
                续航时间 | Runtime | 6 h; 8 h
                爬坡能力 | Gradeability | 15°; 20°
            """),
            uses=(
                "石化装置、煤矿与 LNG 接收站的无人化巡检",
                "unmanned inspection at petrochemical plants, coal mines and LNG terminals",
            ),
            breakthrough=(
                "本安与隔爆复合防爆设计，在 IIC 类爆炸性环境中自主巡检",
                "combined flameproof and intrinsic-safety design patrols IIC hazardous "
                "areas on its own",
            ),
            price_yuan=(600_000, 1_800_000),
            standards=("GB/T 3836.1-2021 爆炸性环境 第1部分：设备 通用要求",),
            tags=pairs("防爆 | explosion-proof; 巡检 | inspection"),
        ),
        Kind(
            S,
            name=("{q}机器人离线编程与仿真软件 {m}", "{q} robot offline programming software {m}"),
            qualifiers=pairs("焊接 | welding; 喷涂 | painting"),
            model="RoboPro V{n}",
            numbers=words("2.0 2.5 3.1"),
            specs=specs("""
                支持机器人品牌 | Robot brands | 12; 20
                轨迹自动生成 | Automatic path generation | 焊缝、喷涂轨迹 weld and spray paths
                碰撞检测 | Collision checking | 实时 real time
            """),
            uses=(
                "焊接与喷涂产线的离线编程、节拍仿真与虚拟调试",
                "offline programming, cycle simulation and virtual commissioning",
            ),
            breakthrough=(
                "自主几何内核与多品牌后置处理，替代进口离线编程软件",
                "own geometry kernel and multi-brand post-processors replace imported "
                "offline programming tools",
            ),
            price_yuan=(80_000, 300_000),
            standards=(SQUARE,),
            tags=pairs("离线编程 | offline programming; 数字孪生 | digital twin"),
            deployments=(D.ON_PREMISES,),
        ),
    ),
)
