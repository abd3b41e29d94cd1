"""Demo templates: high-end CNC machine tools."""

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
    TechnicalField.CNC_MACHINE_TOOLS,
    vendor="vendor1",
    regions=words("320000 210000 370000 610000"),
    institutions=(
        ("国家机床质量监督检验中心", "（{y}）机检字第{s:04d}号"),
        ("国家机床产品质量检验检测中心（江苏）", "JSJC-{y}-WT{s:04d}"),
    ),
    patents=pairs(
        "一种五轴联动加工中心的热误差补偿方法 | A thermal error compensation method for "
        "five-axis machining centres; 一种力矩电机直驱双摆铣头 | A direct-drive torque-motor "
        "tilting milling head; 一种数控机床主轴振动在线监测装置 | An online spindle vibration "
        "monitor for CNC machine tools; 一种龙门机床横梁变形补偿结构 | A crossbeam deflection "
        "compensation structure for gantry machines"
    ),
    customers=(
        "西南航空动力机械有限公司",
        "华东重型燃机零部件有限公司",
        "北方精密模具集团有限公司",
        "长江船用柴油机有限公司",
    ),
    outcomes=pairs(
        "连续运行 6000 小时无故障，机匣加工效率提升 35% | 6,000 hours without failure; "
        "casing machining 35% faster; 整体叶盘加工一次合格率 99.2% | 99.2% first-pass yield "
        "on blisks; 替代进口设备，单件加工成本下降 28% | Replaced an imported machine; cost per "
        "part down 28%"
    ),
    kinds=(
        Kind(
            E,
            name=("{q}卧式加工中心 {m}", "{q} horizontal machining centre {m}"),
            qualifiers=pairs(
                "五轴联动 | five-axis; 高速精密 | high-speed precision; 重型 | heavy-duty"
            ),
            model="HMC-{n}",
            numbers=words("630 800 1000 1250 1600"),
            specs=specs("""
                工作台尺寸 | Table size | {n} × {n} mm
                主轴最高转速 | Max. spindle speed | 12000 r/min; 15000 r/min; 20000 r/min
                定位精度 | Positioning accuracy | 0.004 mm; 0.005 mm; 0.006 mm
                重复定位精度 | Repeatability | 0.002 mm; 0.0025 mm; 0.003 mm
                快移速度 | Rapid traverse | 48 m/min; 60 m/min
                刀库容量 | Tool magazine | 60 把 tools; 90 把 tools; 120 把 tools
            """),
            uses=(
                "航空发动机机匣、整体叶盘和复杂结构件的精密加工",
                "precision machining of aero-engine casings, blisks and complex parts",
            ),
            breakthrough=(
                "自主研发力矩电机直驱转台与热误差补偿系统，五轴联动精度达到进口同类产品水平",
                "in-house direct-drive rotary table and thermal error compensation; "
                "five-axis accuracy on par with imported machines",
            ),
            price_yuan=(2_800_000, 9_000_000),
            standards=(
                "GB/T 18400.6-2001 加工中心检验条件 第6部分：进给率、速度和插补精度检验",
                "GB/T 17421.2-2016 机床检验通则 第2部分：数控轴线的定位精度和重复定位精度的确定",
                "GB 15760-2004 金属切削机床 安全防护通用技术条件",
            ),
            tags=pairs("五轴 | five-axis; 加工中心 | machining centre; 航空发动机 | aero-engine"),
        ),
        Kind(
            E,
            name=("{q}龙门五轴加工中心 {m}", "{q} gantry five-axis machining centre {m}"),
            qualifiers=pairs("动梁式 | moving-beam; 定梁式 | fixed-beam; 高速 | high-speed"),
            model="GMC-{n}",
            numbers=words("2518 3022 4026 6030"),
            specs=specs("""
                X/Y/Z 行程 | X/Y/Z travel | 2500/1800/1000 mm; 4000/2600/1250 mm; 6000/3000/1250 mm
                主轴功率 | Spindle power | 37 kW; 45 kW; 52 kW
                A/C 轴摆角 | A/C-axis range | A ±110°, C ±360°; A ±105°, C n×360°
                定位精度 | Positioning accuracy | 0.008 mm; 0.010 mm
                工作台承重 | Table load | 10 t; 20 t; 32 t
            """),
            uses=(
                "大型航空铝合金结构件、风电轮毂与大型模具的加工",
                "large aluminium aircraft parts, wind-turbine hubs and large moulds",
            ),
            breakthrough=(
                "双驱同步龙门与横梁变形实时补偿，大行程下保持五轴联动精度",
                "twin-drive gantry with real-time crossbeam compensation keeps "
                "five-axis accuracy over long travels",
            ),
            price_yuan=(6_000_000, 22_000_000),
            standards=(
                "GB/T 19362.1-2003 龙门铣床检验条件 精度检验 第1部分：固定式龙门铣床",
                "GB/T 17421.2-2016 机床检验通则 第2部分：数控轴线的定位精度和重复定位精度的确定",
            ),
            tags=pairs("龙门 | gantry; 五轴 | five-axis; 大型结构件 | large parts"),
        ),
        Kind(
            E,
            name=("{q}数控车铣复合加工中心 {m}", "{q} CNC turn-mill centre {m}"),
            qualifiers=pairs("精密 | precision; 双主轴 | twin-spindle; 五轴 | five-axis"),
            model="TMC-{n}",
            numbers=words("500 650 800 1000"),
            specs=specs("""
                最大回转直径 | Max. swing | Φ{n} mm
                最大车削长度 | Max. turning length | 1000 mm; 1500 mm; 2000 mm
                B 轴摆角 | B-axis range | ±120°; -30° ~ +210°
                铣主轴转速 | Milling spindle speed | 12000 r/min; 15000 r/min
                圆度 | Roundness | 0.0015 mm; 0.002 mm
            """),
            uses=(
                "航空发动机轴类、船用曲轴与精密液压件的一次装夹完成加工",
                "aero-engine shafts, marine crankshafts and hydraulic parts in one set-up",
            ),
            breakthrough=(
                "车铣复合动力刀塔与 B 轴铣头全部国产化，一次装夹完成车、铣、钻、攻",
                "fully domestic turret and B-axis head: turning, milling, drilling and "
                "tapping in one set-up",
            ),
            price_yuan=(2_600_000, 8_500_000),
            standards=(
                "GB/T 16462.1-2007 数控车床和车削中心检验条件 第1部分：卧式机床几何精度检验",
                "GB/T 17421.2-2016 机床检验通则 第2部分：数控轴线的定位精度和重复定位精度的确定",
            ),
            tags=pairs("车铣复合 | turn-mill; 轴类零件 | shafts"),
        ),
        Kind(
            E,
            name=("{q}数控成形砂轮磨齿机 {m}", "{q} CNC form gear grinding machine {m}"),
            qualifiers=pairs("高精度 | high-precision; 大规格 | large"),
            model="YK73{n}",
            numbers=words("63 80 125 200"),
            specs=specs("""
                最大工件直径 | Max. workpiece diameter | Φ{n}0 mm
                最大模数 | Max. module | 16 mm; 25 mm; 40 mm
                齿轮精度 | Gear accuracy | GB/T 10095.1 3 级 grade 3; GB/T 10095.1 4 级 grade 4
                砂轮线速度 | Wheel speed | 35 m/s; 50 m/s
            """),
            uses=(
                "风电齿轮箱、船用齿轮与轨道交通传动齿轮的精密磨削",
                "grinding gears for wind-turbine gearboxes, marine and rail drives",
            ),
            breakthrough=(
                "在机测量与砂轮修整闭环，齿形齿向误差自动修正",
                "on-machine gauging with closed-loop wheel dressing corrects profile "
                "and lead errors automatically",
            ),
            price_yuan=(4_500_000, 16_000_000),
            standards=(
                "GB/T 10095.1-2022 圆柱齿轮 ISO 齿面公差分级制 第1部分：齿面偏差的定义和允许值",
                "GB/T 17421.2-2016 机床检验通则 第2部分：数控轴线的定位精度和重复定位精度的确定",
            ),
            tags=pairs("磨齿机 | gear grinding; 齿轮 | gears"),
        ),
        Kind(
            E,
            name=("{q}高档数控系统 {m}", "{q} high-end CNC system {m}"),
            qualifiers=pairs("五轴联动 | five-axis; 总线式 | fieldbus"),
            model="PCNC-{n}",
            numbers=words("808 818 858 898"),
            specs=specs("""
                最大联动轴数 | Max. interpolated axes | 5; 8; 16
                插补周期 | Interpolation cycle | 0.125 ms; 0.25 ms; 0.5 ms
                现场总线 | Fieldbus | EtherCAT; NCUC 2.0
                最小指令单位 | Least command increment | 1 nm; 0.1 μm
            """),
            uses=(
                "五轴加工中心、车铣复合机床与磨床的数控改造和新机配套",
                "new and retrofitted five-axis, turn-mill and grinding machines",
            ),
            breakthrough=(
                "RTCP、空间误差补偿与纳米插补全部自主实现，可替代进口高档数控系统",
                "RTCP, volumetric compensation and nanometre interpolation of our own; "
                "replaces imported high-end CNC systems",
            ),
            price_yuan=(180_000, 600_000),
            standards=(
                "GB/T 26220-2010 工业自动化系统与集成 机床数值控制 数控系统通用技术条件",
                "GB/T 17626.4-2018 电磁兼容 试验和测量技术 电快速瞬变脉冲群抗扰度试验",
            ),
            tags=pairs("数控系统 | CNC system; 国产替代 | import substitution"),
        ),
    ),
)
