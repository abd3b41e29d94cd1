"""Fixed vocabularies of the catalog, each value with its Chinese and English label."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from market.core.labels import bilingual, register


class Category(enum.StrEnum):
    EQUIPMENT = "equipment"  # 首台(套)重大技术装备
    MATERIAL = "material"  # 首批次新材料
    SOFTWARE = "software"  # 首版次软件


CATEGORY_LABELS = {
    Category.EQUIPMENT: ("首台(套)重大技术装备", _l("First-set major technical equipment")),
    Category.MATERIAL: ("首批次新材料", _l("First-batch new material")),
    Category.SOFTWARE: ("首版次软件", _l("First-version software")),
}


class TechnicalField(enum.StrEnum):
    CNC_MACHINE_TOOLS = "cnc_machine_tools"
    INDUSTRIAL_ROBOTS = "industrial_robots"
    RAIL_TRANSIT = "rail_transit"
    POWER_EQUIPMENT = "power_equipment"
    MARINE_ENGINEERING = "marine_engineering"
    AEROSPACE = "aerospace"
    AGRICULTURAL_MACHINERY = "agricultural_machinery"
    MEDICAL_DEVICES = "medical_devices"
    NEW_ENERGY = "new_energy"
    ADVANCED_STEEL = "advanced_steel"
    NONFERROUS_ALLOYS = "nonferrous_alloys"
    ADVANCED_POLYMERS = "advanced_polymers"
    INDUSTRIAL_SOFTWARE = "industrial_software"
    BASIC_SOFTWARE = "basic_software"
    INTEGRATED_CIRCUITS = "integrated_circuits"


FIELD_LABELS = {
    TechnicalField.CNC_MACHINE_TOOLS: ("高档数控机床", _l("High-end CNC machine tools")),
    TechnicalField.INDUSTRIAL_ROBOTS: ("工业机器人", _l("Industrial robots")),
    TechnicalField.RAIL_TRANSIT: ("先进轨道交通装备", _l("Rail transit equipment")),
    TechnicalField.POWER_EQUIPMENT: ("电力装备", _l("Power equipment")),
    TechnicalField.MARINE_ENGINEERING: ("海洋工程装备及高技术船舶", _l("Marine engineering")),
    TechnicalField.AEROSPACE: ("航空航天装备", _l("Aerospace equipment")),
    TechnicalField.AGRICULTURAL_MACHINERY: ("农业机械装备", _l("Agricultural machinery")),
    TechnicalField.MEDICAL_DEVICES: ("高性能医疗器械", _l("Medical devices")),
    TechnicalField.NEW_ENERGY: ("新能源装备", _l("New energy equipment")),
    TechnicalField.ADVANCED_STEEL: ("先进钢铁材料", _l("Advanced steel")),
    TechnicalField.NONFERROUS_ALLOYS: ("先进有色金属材料", _l("Non-ferrous alloys")),
    TechnicalField.ADVANCED_POLYMERS: ("先进高分子材料", _l("Advanced polymers")),
    TechnicalField.INDUSTRIAL_SOFTWARE: ("工业软件", _l("Industrial software")),
    TechnicalField.BASIC_SOFTWARE: ("基础软件", _l("Basic software")),
    TechnicalField.INTEGRATED_CIRCUITS: ("集成电路", _l("Integrated circuits")),
}


class DeploymentModel(enum.StrEnum):
    ON_PREMISES = "on_premises"
    PRIVATE_CLOUD = "private_cloud"
    PUBLIC_CLOUD = "public_cloud"
    HYBRID = "hybrid"
    EMBEDDED = "embedded"


DEPLOYMENT_LABELS = {
    DeploymentModel.ON_PREMISES: ("本地部署", _l("On premises")),
    DeploymentModel.PRIVATE_CLOUD: ("私有云", _l("Private cloud")),
    DeploymentModel.PUBLIC_CLOUD: ("公有云", _l("Public cloud")),
    DeploymentModel.HYBRID: ("混合部署", _l("Hybrid")),
    DeploymentModel.EMBEDDED: ("嵌入式", _l("Embedded")),
}


class DesignationKind(enum.StrEnum):
    MIIT_CATALOGUE = "miit_catalogue"
    SAMR_FIRST_SET = "samr_first_set"
    PROVINCIAL = "provincial"
    FIRST_VERSION_SOFTWARE = "first_version_software"
    FIRST_BATCH_MATERIAL = "first_batch_material"


DESIGNATION_LABELS = {
    DesignationKind.MIIT_CATALOGUE: (
        "工信部首台(套)重大技术装备推广应用指导目录",
        _l("MIIT first-set catalogue"),
    ),
    DesignationKind.SAMR_FIRST_SET: (
        "市场监管总局首台(套)评定",
        _l("SAMR China first-set evaluation"),
    ),
    DesignationKind.PROVINCIAL: ("省级首台(套)/首批次/首版次认定", _l("Provincial recognition")),
    DesignationKind.FIRST_VERSION_SOFTWARE: (
        "首版次软件认定",
        _l("First-version software recognition"),
    ),
    DesignationKind.FIRST_BATCH_MATERIAL: (
        "重点新材料首批次应用示范指导目录",
        _l("First-batch new material catalogue"),
    ),
}


# Which designations a product of each category can hold. Each national designation belongs to
# one of the three policies: MIIT's guidance catalogue (首台(套)重大技术装备推广应用指导目录) and
# SAMR's China first-set evaluation (中国首台(套)重大技术装备评定) recognise major technical
# equipment only; MIIT's first-batch catalogue (重点新材料首批次应用示范指导目录) lists new
# materials only; first-version recognition (首版次软件认定) is for software only. Provinces run
# all three policies (省级首台(套)/首批次/首版次认定), so a provincial recognition fits every
# category. The demo catalog draws its designations from the same combinations
# (market/demo/catalog/evidence.py, DESIGNATION_SETS).
DESIGNATION_KINDS: dict[Category, tuple[DesignationKind, ...]] = {
    Category.EQUIPMENT: (
        DesignationKind.MIIT_CATALOGUE,
        DesignationKind.SAMR_FIRST_SET,
        DesignationKind.PROVINCIAL,
    ),
    Category.MATERIAL: (DesignationKind.FIRST_BATCH_MATERIAL, DesignationKind.PROVINCIAL),
    Category.SOFTWARE: (DesignationKind.FIRST_VERSION_SOFTWARE, DesignationKind.PROVINCIAL),
}


class IPKind(enum.StrEnum):
    INVENTION_PATENT = "invention_patent"
    UTILITY_MODEL = "utility_model"
    SOFTWARE_COPYRIGHT = "software_copyright"


IP_LABELS = {
    IPKind.INVENTION_PATENT: ("发明专利", _l("Invention patent")),
    IPKind.UTILITY_MODEL: ("实用新型专利", _l("Utility model patent")),
    IPKind.SOFTWARE_COPYRIGHT: ("软件著作权", _l("Software copyright")),
}

# Provinces by their GB/T 2260 code.
PROVINCES: dict[str, tuple[str, str]] = {
    "110000": ("北京市", "Beijing"),
    "120000": ("天津市", "Tianjin"),
    "130000": ("河北省", "Hebei"),
    "140000": ("山西省", "Shanxi"),
    "150000": ("内蒙古自治区", "Inner Mongolia"),
    "210000": ("辽宁省", "Liaoning"),
    "220000": ("吉林省", "Jilin"),
    "230000": ("黑龙江省", "Heilongjiang"),
    "310000": ("上海市", "Shanghai"),
    "320000": ("江苏省", "Jiangsu"),
    "330000": ("浙江省", "Zhejiang"),
    "340000": ("安徽省", "Anhui"),
    "350000": ("福建省", "Fujian"),
    "360000": ("江西省", "Jiangxi"),
    "370000": ("山东省", "Shandong"),
    "410000": ("河南省", "Henan"),
    "420000": ("湖北省", "Hubei"),
    "430000": ("湖南省", "Hunan"),
    "440000": ("广东省", "Guangdong"),
    "450000": ("广西壮族自治区", "Guangxi"),
    "460000": ("海南省", "Hainan"),
    "500000": ("重庆市", "Chongqing"),
    "510000": ("四川省", "Sichuan"),
    "520000": ("贵州省", "Guizhou"),
    "530000": ("云南省", "Yunnan"),
    "540000": ("西藏自治区", "Tibet"),
    "610000": ("陕西省", "Shaanxi"),
    "620000": ("甘肃省", "Gansu"),
    "630000": ("青海省", "Qinghai"),
    "640000": ("宁夏回族自治区", "Ningxia"),
    "650000": ("新疆维吾尔自治区", "Xinjiang"),
}


def label(labels: dict, value: str) -> str:
    """'中文 / English' for a vocabulary value (``market.core.labels.bilingual``)."""
    return bilingual(labels[value])


for _enum, _labels in (
    (Category, CATEGORY_LABELS),
    (TechnicalField, FIELD_LABELS),
    (DeploymentModel, DEPLOYMENT_LABELS),
    (DesignationKind, DESIGNATION_LABELS),
    (IPKind, IP_LABELS),
):
    register(_enum, _labels)
