"""Demo templates: marine engineering and high-tech ships."""

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
    TechnicalField.MARINE_ENGINEERING,
    vendor="vendor4",
    regions=words("210000 310000 320000 370000"),
    institutions=(
        ("中国船级社", "CCS-{y}-SY{s:04d}"),
        ("中国船舶集团有限公司第七〇四研究所", "704-{y}-{s:04d}"),
    ),
    patents=pairs(
        "一种船用双燃料发动机的燃气喷射阀 | A gas injection valve for marine dual-fuel "
        "engines; 一种水下采油树液压控制模块 | A hydraulic control module for subsea trees; "
        "一种海工起重机主动波浪补偿方法 | An active heave compensation method for offshore "
        "cranes; 一种水下全焊接球阀阀座结构 | A seat for subsea fully welded ball valves"
    ),
    customers=(
        "中国远洋重工集团渤海造船有限公司",
        "南海深水油气开发有限公司",
        "东海海上风电工程有限公司",
    ),
    outcomes=pairs(
        "实船运行 8000 小时，满足 Tier III 排放要求 | 8,000 hours at sea; meets Tier III; "
        "水下连续运行 2 年无故障 | Two years subsea without a fault; 完成 120 次海上吊装作业 | "
        "120 offshore lifts completed"
    ),
    kinds=(
        Kind(
            E,
            name=("{q}船用低速双燃料发动机 {m}", "{q} marine low-speed dual-fuel engine {m}"),
            qualifiers=pairs("LNG | LNG; 甲醇 | methanol"),
            model="DF{n}",
            numbers=words("50 60 72 82"),
            specs=specs("""
                缸径 | Bore | {n}0 mm
                最大持续功率 | MCR | 12000 kW; 21000 kW; 35000 kW
                排放 | Emissions | IMO Tier III
            """),
            uses=(
                "大型集装箱船、油船与散货船主推进",
                "main propulsion of large container ships, tankers and bulk carriers",
            ),
            breakthrough=(
                "燃气喷射与控制系统自主研发，打破国外品牌垄断",
                "own gas injection and control system, breaking the foreign monopoly",
            ),
            price_yuan=(25_000_000, 90_000_000),
            standards=("中国船级社《钢质海船入级规范》第3篇 轮机", "IMO NOx Technical Code 2008"),
            tags=pairs("双燃料 | dual-fuel; 绿色船舶 | green shipping"),
        ),
        Kind(
            E,
            name=("{q}水下采油树 {m}", "{q} subsea Christmas tree {m}"),
            qualifiers=pairs("深水 | deepwater; 卧式 | horizontal"),
            model="SXT-{n}",
            numbers=words("500 1500 3000"),
            specs=specs("""
                额定水深 | Rated water depth | {n} m
                额定压力 | Rated pressure | 69 MPa (10000 psi); 103.5 MPa (15000 psi)
                温度等级 | Temperature class | -18 ~ 121 °C
            """),
            uses=("深水油气田水下生产系统", "subsea production systems of deepwater fields"),
            breakthrough=(
                "水下控制模块与连接器全部国产化",
                "subsea control module and connectors fully domestic",
            ),
            price_yuan=(30_000_000, 80_000_000),
            standards=("GB/T 21412.4-2013 石油天然气工业 水下生产系统的设计与操作 第4部分",),
            tags=pairs("水下生产系统 | subsea production; 深水 | deepwater"),
        ),
        Kind(
            E,
            name=("{q}船用 LNG 燃料供气系统 {m}", "{q} marine LNG fuel gas supply system {m}"),
            qualifiers=pairs("高压 | high-pressure; 低压 | low-pressure"),
            model="FGSS-{n}",
            numbers=words("1500 3000 6000"),
            specs=specs("""
                供气能力 | Gas supply | {n} kg/h
                供气压力 | Supply pressure | 1.6 MPa; 30 MPa
            """),
            uses=("LNG 动力船舶燃料供给", "fuel supply of LNG-fuelled ships"),
            breakthrough=(
                "高压泵与汽化器撬块一体化设计",
                "integrated high-pressure pump and vaporiser skid",
            ),
            price_yuan=(5_000_000, 18_000_000),
            standards=("IGF Code 国际气体燃料动力船舶安全规则",),
            tags=pairs("LNG | LNG; 燃料系统 | fuel system"),
        ),
        Kind(
            E,
            name=("{q}海洋平台起重机 {m}", "{q} offshore crane {m}"),
            qualifiers=pairs("全回转 | fully revolving; 主动波浪补偿 | active heave-compensated"),
            model="OC-{n}",
            numbers=words("400 1000 2500"),
            specs=specs("""
                最大起重量 | Max. safe working load | {n} t
                补偿精度 | Compensation accuracy | ±150 mm; ±100 mm
                作业海况 | Operating sea state | 有义波高 2.5 m Hs 2.5 m; 有义波高 3.5 m Hs 3.5 m
            """),
            uses=("海上油气平台与海上风电安装", "offshore platforms and wind-farm installation"),
            breakthrough=(
                "主动波浪补偿控制算法自主研发",
                "our own active heave compensation control",
            ),
            price_yuan=(15_000_000, 90_000_000),
            standards=("中国船级社《船舶与海上设施起重设备规范》", "API Spec 2C"),
            tags=pairs("起重机 | crane; 海上风电 | offshore wind"),
        ),
        Kind(
            E,
            name=("{q}吊舱式电力推进器 {m}", "{q} podded electric propulsor {m}"),
            qualifiers=pairs("冰区加强 | ice-class; 双桨对转 | contra-rotating"),
            model="PD-{n}",
            numbers=words("2.5 5 7.5 12"),
            specs=specs("""
                额定功率 | Rated power | {n} MW
                回转角度 | Azimuth range | 360°
                推进电机 | Propulsion motor | 永磁同步 permanent-magnet synchronous
            """),
            uses=("科考船、破冰船与豪华邮轮", "research vessels, icebreakers and cruise ships"),
            breakthrough=(
                "吊舱密封与永磁推进电机自主研制",
                "own pod seals and permanent-magnet propulsion motor",
            ),
            price_yuan=(12_000_000, 45_000_000),
            standards=("中国船级社《钢质海船入级规范》第7篇 电力推进系统",),
            tags=pairs("电力推进 | electric propulsion"),
        ),
        Kind(
            E,
            name=("{q}水下全焊接球阀 {m}", "{q} subsea fully welded ball valve {m}"),
            qualifiers=pairs("深水 | deepwater; 管线 | pipeline"),
            model="SBV-{n}",
            numbers=words("DN300 DN400 DN500 DN600"),
            specs=specs("""
                压力等级 | Pressure class | Class 900; Class 1500
                设计水深 | Design water depth | 1500 m; 3000 m
                操作方式 | Operation | ROV 操作 ROV-operated; 液压驱动 hydraulic actuator
            """),
            uses=("海底管道与水下管汇", "subsea pipelines and manifolds"),
            breakthrough=(
                "金属硬密封阀座与水下驱动器国产化",
                "domestic metal-seated seats and subsea actuators",
            ),
            price_yuan=(1_500_000, 6_000_000),
            standards=("API Spec 6DSS 水下管道阀门规范", "GB/T 13927-2022 工业阀门 压力试验"),
            tags=pairs("阀门 | valves; 海底管道 | subsea pipelines"),
        ),
    ),
)
