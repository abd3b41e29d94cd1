"""Demo templates: basic software (首版次软件)."""

from __future__ import annotations

from market.catalog.taxonomy import Category, DeploymentModel, TechnicalField
from market.demo.catalog.templates import (
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
    TechnicalField.BASIC_SOFTWARE,
    vendor="vendor3",
    regions=words("440000 110000 430000 510000"),
    institutions=(
        ("中国软件评测中心（工业和信息化部软件与集成电路促进中心）", "CSTC-{y}-{s:05d}"),
        ("中国电子技术标准化研究院", "CESI{y}{s:05d}"),
        ("中国信息安全测评中心", "CNITSEC-{y}-{s:04d}"),
    ),
    patents=pairs(
        "一种微内核实时操作系统的中断处理方法 | Interrupt handling in a microkernel RTOS; "
        "一种分布式数据库的全局一致性快照方法 | Globally consistent snapshots for a "
        "distributed database; 一种时序数据的自适应压缩方法 | Adaptive compression of time "
        "series"
    ),
    customers=(
        "国家先进能源集团数字科技有限公司",
        "湘中城际铁路有限责任公司",
        "西部集成电路制造有限公司",
    ),
    outcomes=pairs(
        "核心业务系统平稳运行 2 年，零数据丢失 | Core systems two years in service; no data "
        "lost; 替代国外数据库 120 套 | Replaced 120 foreign database instances; 控制器任务抖动"
        "小于 1 微秒 | Controller task jitter under 1 μs"
    ),
    kinds=(
        Kind(
            S,
            name=("{q}工业实时操作系统 {m}", "{q} industrial real-time OS {m}"),
            qualifiers=pairs("微内核 | microkernel; 功能安全 | functional-safety"),
            model="RTOS V{n}",
            numbers=words("2.1 3.0 3.2 4.0"),
            specs=specs("""
                中断延迟 | Interrupt latency | < 1 μs; < 2 μs
                任务切换时间 | Context switch | < 0.5 μs
                处理器架构 | Processor architectures | ARM, RISC-V, LoongArch
                功能安全 | Functional safety | IEC 61508 SIL 3
            """),
            uses=(
                "PLC、运动控制器与机器人控制器",
                "PLCs, motion controllers and robot controllers",
            ),
            breakthrough=(
                "自主微内核与确定性调度",
                "our own microkernel and deterministic scheduler",
            ),
            price_yuan=(50_000, 500_000),
            standards=(
                SQUARE,
                "GB/T 20438.3-2017 电气/电子/可编程电子安全相关系统的功能安全 第3部分",
            ),
            tags=pairs("RTOS | RTOS; 操作系统 | operating system"),
            unit=LICENCE,
            deployments=(D.EMBEDDED,),
        ),
        Kind(
            S,
            name=("{q}分布式关系型数据库 {m}", "{q} distributed relational database {m}"),
            qualifiers=pairs("高可用 | high-availability; 多模 | multi-model"),
            model="ZY-DB V{n}",
            numbers=words("3.0 5.0 6.1"),
            specs=specs("""
                节点规模 | Cluster size | 1000 节点 nodes
                恢复点目标 | RPO | 0
                恢复时间目标 | RTO | < 30 s; < 10 s
            """),
            uses=(
                "能源、交通与制造企业核心业务系统",
                "core systems of energy, transport and manufacturing companies",
            ),
            breakthrough=(
                "自主存储引擎与分布式事务",
                "own storage engine and distributed transactions",
            ),
            price_yuan=(300_000, 2_000_000),
            standards=(SQUARE, "GB/T 20273-2019 信息安全技术 数据库管理系统安全技术要求"),
            tags=pairs("数据库 | database; 信创 | IT self-reliance"),
            unit=LICENCE,
            deployments=(D.ON_PREMISES, D.PRIVATE_CLOUD, D.HYBRID),
        ),
        Kind(
            S,
            name=("{q}服务器操作系统 {m}", "{q} server operating system {m}"),
            qualifiers=pairs("安全加固 | hardened; 云原生 | cloud-native"),
            model="ZY-OS Server V{n}",
            numbers=words("10 11 20"),
            specs=specs("""
                处理器架构 | Processor architectures | x86-64, ARM64, LoongArch
                安全等级 | Security level | GB/T 20272 第四级 level 4
            """),
            uses=("数据中心与工业控制服务器", "data-centre and industrial control servers"),
            breakthrough=(
                "内核安全模块与多架构统一发行",
                "own kernel security module; one release for every architecture",
            ),
            price_yuan=(5_000, 30_000),
            standards=(SQUARE, "GB/T 20272-2019 信息安全技术 操作系统安全技术要求"),
            tags=pairs("操作系统 | operating system; 信创 | IT self-reliance"),
            unit=LICENCE,
            deployments=(D.ON_PREMISES, D.PRIVATE_CLOUD),
        ),
        Kind(
            S,
            name=("{q}应用服务器中间件 {m}", "{q} application server middleware {m}"),
            qualifiers=pairs("云原生 | cloud-native; 高并发 | high-throughput"),
            model="ZY-AS V{n}",
            numbers=words("7.0 8.0 9.0"),
            specs=specs("""
                规范兼容 | Specification | Jakarta EE 9; Jakarta EE 10
                事务处理能力 | Throughput | 50000 TPS; 100000 TPS
            """),
            uses=(
                "企业业务系统的国产化替代",
                "domestic replacement for enterprise application servers",
            ),
            breakthrough=(
                "自主内核，兼容主流应用无需改造",
                "own core; runs mainstream applications unchanged",
            ),
            price_yuan=(30_000, 200_000),
            standards=(SQUARE,),
            tags=pairs("中间件 | middleware"),
            unit=LICENCE,
            deployments=(D.ON_PREMISES, D.PRIVATE_CLOUD, D.PUBLIC_CLOUD),
        ),
        Kind(
            S,
            name=("{q}工业时序数据库 {m}", "{q} industrial time-series database {m}"),
            qualifiers=pairs("边云协同 | edge-cloud; 高压缩 | high-compression"),
            model="ZY-TSDB V{n}",
            numbers=words("2.0 3.0 3.5"),
            specs=specs("""
                写入性能 | Write rate | 1000 万点/秒 10 million points/s
                压缩比 | Compression ratio | 10:1; 20:1
            """),
            uses=(
                "电厂、产线与设备的实时数据采集",
                "real-time data from plants, lines and machines",
            ),
            breakthrough=("自适应压缩与边云同步", "adaptive compression and edge-cloud sync"),
            price_yuan=(100_000, 800_000),
            standards=(SQUARE,),
            tags=pairs("时序数据库 | time-series database; 工业互联网 | industrial internet"),
            unit=LICENCE,
            deployments=(D.ON_PREMISES, D.HYBRID, D.EMBEDDED),
        ),
    ),
)
