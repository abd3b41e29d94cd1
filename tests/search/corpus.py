"""A fixed bilingual corpus the contract suite searches: small enough to reason about by hand.

Every document has a distinct ``published_at`` except the four flanges, which are identical in
everything but their id so that only the tie order can tell them apart.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from search.model import SearchDocument

YUAN = 100  # fen


def _doc(**fields: Any) -> SearchDocument:
    defaults: dict[str, Any] = {
        "category": "equipment",
        "region": "BJ",
        "technical_field": "T01",
        "technical_field_label": "高端装备制造",
    }
    return SearchDocument(**{**defaults, **fields})


def _day(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 30, tzinfo=UTC)


ROBOT_WELD = _doc(
    id="robot-weld",
    name_zh="工业机器人焊接工作站",
    name_en="Industrial Robot Welding Cell",
    tags=["焊接", "机器人"],
    summary="六轴工业机器人与变位机一体化的焊接工作站",
    vendor_id="v-huagong",
    vendor_name="华工智造",
    description="Turnkey welding cell with seam tracking and offline programming.",
    region="GD",
    designation_kinds=["first_set"],
    verified_designation=True,
    verified_test_report=True,
    insured=True,
    price_min_fen=800_000 * YUAN,
    price_max_fen=1_200_000 * YUAN,
    published_at=_day(2024, 5, 10),
    trial_successes=2,
)
ROBOT_COBOT = _doc(
    id="robot-cobot",
    name_zh="协作机器人",
    name_en="Collaborative Robots",
    tags=["cobot"],
    summary="轻量协作机械臂，可与人共同作业",
    vendor_id="v-xiecheng",
    vendor_name="协诚智能",
    description="Force-limited arm for assembly next to people.",
    region="JS",
    designation_kinds=["first_set"],
    price_min_fen=150_000 * YUAN,
    price_max_fen=200_000 * YUAN,
    published_at=_day(2024, 8, 1),
)
FUME_EXTRACTOR = _doc(
    id="fume-extractor",
    name_zh="焊接烟尘净化器",
    name_en="Welding Fume Extractor",
    summary="移动式烟尘净化设备",
    vendor_id="v-huagong",
    vendor_name="华工智造",
    technical_field="T05",
    technical_field_label="节能环保装备",
    description="适用于机器人焊接工作站，also suitable for robot welding cells.",
    region="GD",
    published_at=_day(2024, 2, 1),
)
PUMP_CENTRIFUGAL = _doc(
    id="pump-centrifugal",
    name_zh="离心泵",
    name_en="Centrifugal Pump",
    tags=["流体", "节能"],
    summary="高效节能单级离心泵，<b>316L</b> 不锈钢 & 机械密封",
    vendor_id="v-liuti",
    vendor_name="申江流体",
    technical_field="T04",
    technical_field_label="流体机械",
    description="Single-stage end-suction pump for chemical plants.",
    region="SH",
    designation_kinds=["first_set"],
    verified_test_report=True,
    insured=True,
    price_min_fen=30_000 * YUAN,
    price_max_fen=50_000 * YUAN,
    published_at=_day(2023, 11, 20),
)
PUMP_MOLTEN_SALT = _doc(
    id="pump-molten-salt",
    name_zh="高温熔盐泵",
    name_en="Molten Salt Pump",
    summary="用于光热电站的长轴熔盐泵",
    vendor_id="v-liuti",
    vendor_name="申江流体",
    technical_field="T04",
    technical_field_label="流体机械",
    description="Long-shaft vertical pump for concentrated solar power plants.",
    region="SH",
    designation_kinds=["first_set", "provincial"],
    verified_designation=True,
    price_min_fen=500_000 * YUAN,
    published_at=_day(2025, 1, 15),
    trial_successes=5,
)
MATERIAL_CARBON = _doc(
    id="material-carbon",
    name_zh="碳纤维复合新材料",
    name_en="Carbon Fibre Composite Material",
    summary="航空级碳纤维预浸料",
    vendor_id="v-xincai",
    vendor_name="新材科技",
    category="material",
    technical_field="T02",
    technical_field_label="新材料",
    region="JS",
    designation_kinds=["first_batch"],
    verified_designation=True,
    price_min_fen=200 * YUAN,
    price_max_fen=260 * YUAN,
    published_at=_day(2024, 9, 9),
)
MATERIAL_ALLOY = _doc(
    id="material-alloy",
    name_zh="高性能铝合金材料",
    name_en="High-performance Aluminium Alloy",
    vendor_id="v-xincai",
    vendor_name="新材科技",
    category="material",
    technical_field="T02",
    technical_field_label="新材料",
    region="JS",
    designation_kinds=["first_batch"],
    published_at=_day(2024, 3, 3),
)
MATERIAL_CERAMIC = _doc(
    id="material-ceramic",
    name_zh="氮化硅陶瓷基板",
    name_en="Silicon Nitride Ceramic Substrate",
    vendor_id="v-taoci",
    vendor_name="北方陶瓷",
    category="material",
    technical_field="T02",
    technical_field_label="新材料",
    description="新型电子封装材料，导热率高。",
    published_at=_day(2024, 6, 6),
)
CNC_FIVE_AXIS = _doc(
    id="cnc-five-axis",
    name_zh="五轴联动数控机床",
    name_en="Five-axis CNC Machining Centre",
    tags=["数控", "CNC"],
    vendor_id="v-jingke",
    vendor_name="精科数控",
    designation_kinds=["first_set"],
    verified_designation=True,
    published_at=_day(2024, 12, 12),
)
CNC_THREE_AXIS = _doc(
    id="cnc-three-axis",
    name_zh="三轴CNC雕铣机",
    name_en="Three-axis CNC Engraving Machine",
    vendor_id="v-jingke",
    vendor_name="精科数控",
    published_at=_day(2024, 1, 20),
)
SERVO_FULL_WIDTH = _doc(
    id="servo-abc",
    name_zh="ＡＢＣ型伺服电机",
    name_en="Servo Motor ＡＢＣ－２０",
    vendor_id="v-dianji",
    vendor_name="东方电机",
    summary="额定功率２０ｋＷ",
    published_at=_day(2023, 6, 1),
)
MES = _doc(
    id="mes",
    name_zh="制造执行系统",
    name_en="Manufacturing Execution System (MES)",
    tags=["工业软件", "MES"],
    vendor_id="v-yunqi",
    vendor_name="云启软件",
    category="software",
    technical_field="T03",
    technical_field_label="工业软件",
    region="SH",
    designation_kinds=["first_version"],
    verified_test_report=True,
    published_at=_day(2025, 3, 1),
)
CAD = _doc(
    id="cad",
    name_zh="三维CAD设计软件",
    name_en="3D CAD Design Software",
    vendor_id="v-yunqi",
    vendor_name="云启软件",
    category="software",
    technical_field="T03",
    technical_field_label="工业软件",
    designation_kinds=["first_version"],
    published_at=_day(2023, 9, 1),
)
SENSOR = _doc(
    id="sensor",
    name_zh="压力传感器",
    name_en="Pressure Sensors",
    vendor_id="v-chuangan",
    vendor_name="华中传感",
    region="GD",
    published_at=_day(2023, 3, 3),
)
# Twins: the same listing from two vendors whose names tie too; only one has verified evidence.
# Ids chosen so the unverified twin wins the tie order: evidence, not luck, puts the other first.
_VALVE = _doc(
    id="valve-twin-b",
    name_zh="智能调节阀",
    name_en="Smart Control Valve",
    summary="电动执行机构",
    vendor_id="v-dongfang",
    vendor_name="东方阀门",
    technical_field="T04",
    technical_field_label="流体机械",
    published_at=_day(2023, 4, 4),
)
VALVE_UNVERIFIED = _VALVE
VALVE_VERIFIED = replace(
    _VALVE,
    id="valve-twin-a",
    vendor_id="v-xibu",
    vendor_name="西部阀门",
    verified_designation=True,
    published_at=_day(2023, 4, 5),
)
# Four identical flanges: only the tie key orders them (not in the order they are indexed).
_FLANGE = _doc(
    id="flange-5",
    name_zh="标准法兰",
    name_en="Standard Flange",
    vendor_id="v-falan",
    vendor_name="标准件厂",
    published_at=_day(2022, 7, 7),
)
FLANGES = [replace(_FLANGE, id=f"flange-{number}") for number in range(5, 9)]

CORPUS: list[SearchDocument] = [
    ROBOT_WELD,
    ROBOT_COBOT,
    FUME_EXTRACTOR,
    PUMP_CENTRIFUGAL,
    PUMP_MOLTEN_SALT,
    MATERIAL_CARBON,
    MATERIAL_ALLOY,
    MATERIAL_CERAMIC,
    CNC_FIVE_AXIS,
    CNC_THREE_AXIS,
    SERVO_FULL_WIDTH,
    MES,
    CAD,
    SENSOR,
    VALVE_UNVERIFIED,
    VALVE_VERIFIED,
    *FLANGES,
]
BY_ID = {doc.id: doc for doc in CORPUS}
