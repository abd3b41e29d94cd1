"""Demo templates: industrial software (首版次软件)."""

from __future__ import annotations

from market.catalog.taxonomy import Category, DeploymentModel, TechnicalField
from market.demo.catalog.templates import (
    LEVEL_PROTECTION,
    LICENCE,
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
    TechnicalField.INDUSTRIAL_SOFTWARE,
    vendor="vendor3",
    regions=words("440000 110000 310000 330000"),
    institutions=(
        ("中国软件评测中心（工业和信息化部软件与集成电路促进中心）", "CSTC-{y}-{s:05d}"),
        ("国家工业信息安全发展研究中心", "CICS{y}{s:05d}"),
    ),
    patents=pairs(
        "一种大规模有限元模型的并行求解方法 | A parallel solver for large finite-element "
        "models; 一种基于自主几何内核的参数化建模方法 | Parametric modelling on an in-house "
        "geometry kernel; 一种离散制造车间的动态排产方法 | Dynamic scheduling for discrete "
        "workshops; 一种分布式控制系统的无扰冗余切换方法 | Bumpless redundancy switchover for "
        "distributed control systems"
    ),
    customers=(
        "国家先进能源集团数字科技有限公司",
        "中国远洋重工集团设计研究院",
        "华中汽车车身制造有限公司",
    ),
    outcomes=pairs(
        "替代进口软件，年节省许可费 600 万元 | Replaced imported software; CNY 6 million a "
        "year saved in licences; 生产计划达成率提升至 97% | Plan attainment up to 97%; 仿真结果"
        "与试验偏差小于 5% | Simulation within 5% of test results"
    ),
    kinds=(
        Kind(
            S,
            name=(
                "{q}结构有限元分析软件 {m}",
                "{q} structural finite-element analysis software {m}",
            ),
            qualifiers=pairs("多物理场 | multiphysics; 非线性 | nonlinear"),
            model="ZY-FEA V{n}",
            numbers=words("3.2 4.0 5.1"),
            specs=specs("""
                单元类型 | Element types | 200 余种 200+
                并行规模 | Parallel scale | 1024 核 cores; 4096 核 cores
                求解规模 | Model size | 1 亿自由度 100 million DOF
            """),
            uses=(
                "航空、船舶与能源装备的强度、振动与热分析",
                "strength, vibration and thermal analysis of aircraft, ships and power plant",
            ),
            breakthrough=(
                "求解器内核完全自主，关键算例与国际主流软件偏差小于 1%",
                "solver core entirely our own; benchmark results within 1% of leading tools",
            ),
            price_yuan=(200_000, 1_200_000),
            standards=(SQUARE,),
            tags=pairs("CAE | CAE; 仿真 | simulation"),
            unit=LICENCE,
            deployments=(D.ON_PREMISES, D.HYBRID),
        ),
        Kind(
            S,
            name=("{q}三维 CAD 软件 {m}", "{q} 3D CAD software {m}"),
            qualifiers=pairs("参数化 | parametric; 协同设计 | collaborative"),
            model="ZY-CAD V{n}",
            numbers=words("2023 2024 2025"),
            specs=specs("""
                几何内核 | Geometry kernel | 自主 in-house
                数据格式 | Formats | STEP, IGES, JT
                大装配能力 | Large assemblies | 10 万零件 100000 parts
            """),
            uses=("装备制造企业产品设计与出图", "product design and drawings at equipment makers"),
            breakthrough=(
                "自主几何建模内核与约束求解器",
                "own geometry kernel and constraint solver",
            ),
            price_yuan=(30_000, 150_000),
            standards=(SQUARE,),
            tags=pairs("CAD | CAD; 研发设计 | design software"),
            unit=LICENCE,
            deployments=(D.ON_PREMISES, D.PRIVATE_CLOUD),
        ),
        Kind(
            S,
            name=("{q}制造执行系统 {m}", "{q} manufacturing execution system {m}"),
            qualifiers=pairs("离散制造 | discrete; 流程行业 | process-industry"),
            model="ZY-MES V{n}",
            numbers=words("5.0 6.2 7.0"),
            specs=specs("""
                并发用户 | Concurrent users | 2000; 5000
                接入设备 | Devices connected | 5000 台 devices; 20000 台 devices
                排产计算 | Scheduling run | ≤ 5 min
            """),
            uses=(
                "装备、汽车零部件与化工企业的生产管控",
                "production control in machinery, auto parts and chemical plants",
            ),
            breakthrough=(
                "高级计划排程与设备互联一体化",
                "advanced planning and scheduling joined with machine connectivity",
            ),
            price_yuan=(800_000, 4_000_000),
            standards=(SQUARE, "GB/T 37393-2019 数字化车间 通用技术要求", LEVEL_PROTECTION),
            tags=pairs("MES | MES; 智能制造 | smart manufacturing"),
            unit=LICENCE,
            deployments=(D.PRIVATE_CLOUD, D.ON_PREMISES, D.HYBRID),
        ),
        Kind(
            S,
            name=("{q}分布式控制系统软件 {m}", "{q} distributed control system software {m}"),
            qualifiers=pairs("大型 | large-scale; 安全型 | safety"),
            model="ZY-DCS V{n}",
            numbers=words("4.0 5.0 5.5"),
            specs=specs("""
                I/O 点数 | I/O points | 65000; 100000
                控制周期 | Control cycle | 50 ms; 100 ms
                冗余切换时间 | Redundancy switchover | ≤ 20 ms
            """),
            uses=(
                "火电、石化与冶金装置的过程控制",
                "process control in power, petrochemical and metallurgical plants",
            ),
            breakthrough=(
                "控制器操作系统与组态软件全部自主",
                "controller OS and engineering software all our own",
            ),
            price_yuan=(1_500_000, 6_000_000),
            standards=(SQUARE, "GB/T 30976.1-2014 工业控制系统信息安全 第1部分：评估规范"),
            tags=pairs("DCS | DCS; 工业控制 | industrial control"),
            unit=LICENCE,
            deployments=(D.ON_PREMISES, D.EMBEDDED),
        ),
        Kind(
            S,
            name=("{q}产品生命周期管理软件 {m}", "{q} product lifecycle management software {m}"),
            qualifiers=pairs("装备制造 | equipment-industry; 多组织 | multi-site"),
            model="ZY-PLM V{n}",
            numbers=words("8.0 9.0 10.0"),
            specs=specs("""
                并发用户 | Concurrent users | 3000; 10000
                BOM 规模 | BOM size | 100 万行 1 million lines
            """),
            uses=("研发数据、BOM 与工程变更管理", "engineering data, BOM and change management"),
            breakthrough=(
                "多视图 BOM 与设计制造一体化",
                "multi-view BOM joining design and manufacturing",
            ),
            price_yuan=(1_000_000, 5_000_000),
            standards=(SQUARE, LEVEL_PROTECTION),
            tags=pairs("PLM | PLM; 研发管理 | engineering management"),
            unit=LICENCE,
            deployments=(D.PRIVATE_CLOUD, D.PUBLIC_CLOUD, D.HYBRID),
        ),
    ),
)
