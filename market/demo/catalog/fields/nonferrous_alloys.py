"""Demo templates: advanced non-ferrous alloys (首批次新材料)."""

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
    TechnicalField.NONFERROUS_ALLOYS,
    vendor="vendor2",
    regions=words("330000 610000 620000 450000 530000"),
    institutions=(
        ("中国航发北京航空材料研究院", "BIAM-{y}-{s:04d}"),
        ("国家有色金属质量检验检测中心", "YS{y}{s:05d}"),
    ),
    patents=pairs(
        "一种镍基高温合金三联冶炼工艺 | A triple-melt route for nickel-based superalloys; "
        "一种高强韧钛合金厚板的轧制方法 | A rolling method for tough titanium plate; 一种铝锂"
        "合金的时效处理工艺 | An ageing treatment for Al-Li alloys; 一种晶界扩散钕铁硼磁体的"
        "制备方法 | A grain-boundary diffusion route for NdFeB magnets"
    ),
    customers=("西南航空动力机械有限公司", "东方航空复合材料有限公司", "长江电机股份有限公司"),
    outcomes=pairs(
        "通过主机厂材料认证并批量装机 | Qualified by the engine maker and in series "
        "production; 累计供货 300 吨，一次交检合格率 99.5% | 300 t delivered; 99.5% passed "
        "incoming inspection; 电机效率提升 1.5 个百分点 | Motor efficiency up 1.5 points"
    ),
    kinds=(
        Kind(
            M,
            name=("{m} {q}高温合金棒材", "{m} {q} superalloy bar"),
            qualifiers=pairs("镍基 | nickel-based"),
            model="{n}",
            numbers=words("GH4169 GH4738 GH4720Li GH4065A GH3625 GH4141"),
            specs=specs("""
                650 °C 抗拉强度 | Tensile strength at 650 °C | ≥ 1000 MPa; ≥ 1100 MPa
                650 °C/690 MPa 持久寿命 | Stress-rupture life at 650 °C/690 MPa | ≥ 25 h; ≥ 40 h
                晶粒度 | Grain size | ASTM 8 级或更细 grade 8 or finer
                规格 | Size | Φ150–Φ350 mm
            """),
            uses=(
                "航空发动机与燃气轮机涡轮盘、轴",
                "turbine discs and shafts of aero-engines and gas turbines",
            ),
            breakthrough=(
                "真空感应 + 电渣 + 真空自耗三联冶炼，偏析与夹杂控制达到进口水平",
                "VIM + ESR + VAR triple melting; segregation and inclusions equal to imports",
            ),
            price_yuan=(300_000, 800_000),
            standards=(
                "GB/T 14992-2005 高温合金和金属间化合物高温材料的分类和牌号",
                "GB/T 14993-2008 转动部件用高温合金热轧棒材",
                "GB/T 4338-2015 金属材料 高温拉伸试验方法",
            ),
            tags=pairs("高温合金 | superalloy; 航空发动机 | aero-engine"),
            unit=TONNE,
            variety="{m} 棒材 Φ150–350 mm，三联冶炼 / bar, triple-melted",
            batches=("1 t", "2 t", "5 t"),
        ),
        Kind(
            M,
            name=("{m} {q}铸造高温合金母合金", "{m} {q} cast superalloy master alloy"),
            qualifiers=pairs("定向凝固用 | directionally solidified; 单晶用 | single-crystal"),
            model="{n}",
            numbers=words("DZ125 DZ22 DD6 K4169"),
            specs=specs("""
                硫含量 | Sulphur | ≤ 5 ppm; ≤ 2 ppm
                氧氮含量 | Oxygen + nitrogen | ≤ 15 ppm
            """),
            uses=("航空发动机涡轮叶片精密铸造", "investment casting of turbine blades"),
            breakthrough=("超低硫纯净化冶炼", "ultra-low-sulphur clean melting"),
            price_yuan=(400_000, 1_500_000),
            standards=("GB/T 14992-2005 高温合金和金属间化合物高温材料的分类和牌号",),
            tags=pairs("高温合金 | superalloy; 单晶叶片 | single-crystal blades"),
            unit=TONNE,
            variety="{m} 母合金锭 Φ80 mm / master alloy ingot",
            batches=("500 kg", "1 t"),
        ),
        Kind(
            M,
            name=("{m} {q}钛合金厚板", "{m} {q} titanium alloy plate"),
            qualifiers=pairs(
                "高强高韧 | high-strength; 损伤容限型 | damage-tolerant; 船用 | marine"
            ),
            model="{n}",
            numbers=words("TC4 TC4-DT TC21 Ti80 TA15"),
            specs=specs("""
                抗拉强度 | Tensile strength | ≥ 895 MPa; ≥ 1100 MPa
                断裂韧度 KIC | Fracture toughness KIC | ≥ 70 MPa·m½; ≥ 90 MPa·m½
                厚度 | Thickness | 20–120 mm
            """),
            uses=(
                "飞机主承力结构与深海耐压壳体",
                "primary aircraft structure and deep-sea pressure hulls",
            ),
            breakthrough=(
                "大规格铸锭与厚板组织均匀性控制",
                "uniform structure through large ingots and thick plate",
            ),
            price_yuan=(150_000, 400_000),
            standards=(
                "GB/T 3620.1-2016 钛及钛合金牌号和化学成分",
                "GB/T 3621-2022 钛及钛合金板材",
            ),
            tags=pairs("钛合金 | titanium; 航空材料 | aerospace materials"),
            unit=TONNE,
            variety="{m} 厚板 20–120 mm / plate 20–120 mm",
            batches=("2 t", "5 t"),
        ),
        Kind(
            M,
            name=("{m} {q}铝合金厚板", "{m} {q} aluminium alloy plate"),
            qualifiers=pairs("航空 | aerospace"),
            model="{n}",
            numbers=words("2195 2050 7050-T7451 7085-T7651 2060"),
            specs=specs("""
                纵向抗拉强度 | Longitudinal tensile strength | ≥ 510 MPa; ≥ 540 MPa
                厚度 | Thickness | 6–150 mm; 25–200 mm
            """),
            uses=("运载火箭贮箱与飞机框梁", "launch-vehicle tanks and aircraft frames"),
            breakthrough=(
                "淬火残余应力与厚向性能均匀性控制",
                "controlled quench stress and through-thickness properties",
            ),
            price_yuan=(60_000, 200_000),
            standards=(
                "GB/T 3190-2020 变形铝及铝合金化学成分",
                "GB/T 228.1-2021 金属材料 拉伸试验 第1部分：室温试验方法",
            ),
            tags=pairs("铝合金 | aluminium; 铝锂合金 | Al-Li"),
            unit=TONNE,
            variety="{m} 预拉伸厚板 / stretched plate",
            batches=("5 t", "10 t"),
        ),
        Kind(
            M,
            name=("{m} {q}引线框架铜带", "{m} {q} lead-frame copper strip"),
            qualifiers=pairs("高强高导 | high-strength high-conductivity"),
            model="{n}",
            numbers=words("C19400 C70250 C18150"),
            model_specs=specs("""
                导电率 | Conductivity | ≥ 65% IACS; ≥ 45% IACS; ≥ 80% IACS
            """),
            specs=specs("""
                抗拉强度 | Tensile strength | ≥ 550 MPa; ≥ 600 MPa
                厚度 | Thickness | 0.1–0.3 mm
            """),
            uses=("集成电路引线框架与连接器", "IC lead frames and connectors"),
            breakthrough=("析出强化与板形控制", "precipitation strengthening and flatness control"),
            price_yuan=(80_000, 150_000),
            standards=(
                "GB/T 5231-2022 加工铜及铜合金牌号和化学成分",
                "GB/T 2059-2017 铜及铜合金带材",
            ),
            tags=pairs("铜合金 | copper alloys; 引线框架 | lead frames"),
            unit=TONNE,
            variety="{m} 带材 0.1–0.3 mm / strip 0.1–0.3 mm",
            batches=("3 t", "10 t"),
        ),
        Kind(
            M,
            name=("{m} {q}烧结钕铁硼永磁体", "{m} {q} sintered NdFeB magnet"),
            qualifiers=pairs("高矫顽力 | high-coercivity; 晶界扩散 | grain-boundary-diffused"),
            model="{n}",
            numbers=words("52SH 48UH 45EH 40AH"),
            model_specs=specs("""
                剩磁 Br | Remanence Br | 1.42–1.47 T; 1.37–1.42 T; 1.32–1.37 T; 1.25–1.30 T
            """),
            specs=specs("""
                最高工作温度 | Max. working temperature | 150 °C; 180 °C; 200 °C
                重稀土用量降低 | Heavy rare earth saved | 50%; 70%
            """),
            uses=("新能源汽车驱动电机与风力发电机", "EV traction motors and wind generators"),
            breakthrough=(
                "晶界扩散技术大幅减少镝铽用量",
                "grain-boundary diffusion cuts dysprosium and terbium",
            ),
            price_yuan=(300_000, 900_000),
            standards=(
                "GB/T 13560-2017 烧结钕铁硼永磁材料",
                "GB/T 3217-2013 永磁（硬磁）材料 磁性试验方法",
            ),
            tags=pairs("稀土永磁 | rare-earth magnets; 钕铁硼 | NdFeB"),
            unit=TONNE,
            variety="{m} 烧结磁体，按图加工 / sintered magnets machined to drawing",
            batches=("500 kg", "1 t"),
        ),
    ),
)
