"""Demo templates: high-performance medical devices."""

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
    TechnicalField.MEDICAL_DEVICES,
    vendor="vendor5",
    regions=words("610000 440000 310000 320000"),
    institutions=(
        ("中国食品药品检定研究院", "QW{y}{s:04d}"),
        ("北京市医疗器械检验研究院", "（{y}）京械检字第{s:04d}号"),
        ("上海市医疗器械检验研究院", "SH{y}-{s:05d}"),
    ),
    patents=pairs(
        "一种零液氦挥发超导磁体冷却系统 | A zero-boil-off cooling system for superconducting "
        "magnets; 一种能谱 CT 探测器 | A detector for spectral CT; 一种手术机器人主从控制方法 | "
        "A master-slave control method for surgical robots; 一种体外膜肺氧合离心泵 | A "
        "centrifugal pump for ECMO"
    ),
    customers=("西部医科大学第一附属医院", "华东区域医疗中心", "南方心血管病医院"),
    outcomes=pairs(
        "临床使用 12000 例，设备开机率 99% | 12,000 clinical cases; 99% uptime; 完成手术 "
        "800 台，无器械相关不良事件 | 800 operations without a device-related adverse event; "
        "单次检查时间缩短 30% | Examination time cut by 30%"
    ),
    kinds=(
        Kind(
            E,
            name=("{q}超导磁共振成像系统 {m}", "{q} superconducting MRI system {m}"),
            qualifiers=pairs("宽孔径 | wide-bore; 静音 | quiet"),
            model="XC-MR {n}",
            numbers=("1.5T", "3.0T", "3.0T Pro", "5.0T"),
            specs=specs("""
                磁体孔径 | Bore | 70 cm; 75 cm
                梯度场强 | Gradient strength | 45 mT/m; 80 mT/m
                梯度切换率 | Slew rate | 200 T/m/s
                液氦 | Helium | 零挥发 zero boil-off
            """),
            uses=("神经、心脏与全身成像", "neuro, cardiac and whole-body imaging"),
            breakthrough=(
                "超导磁体、梯度与射频系统全部自主研制",
                "magnet, gradient and RF systems all our own",
            ),
            price_yuan=(12_000_000, 38_000_000),
            standards=(
                "GB 9706.1-2020 医用电气设备 第1部分：基本安全和基本性能的通用要求",
                "YY/T 0482-2022 医用成像磁共振设备主要图像质量参数的测定",
            ),
            tags=pairs("磁共振 | MRI; 医学影像 | medical imaging"),
        ),
        Kind(
            E,
            name=("{q}X 射线计算机体层摄影设备 {m}", "{q} CT scanner {m}"),
            qualifiers=pairs("能谱 | spectral; 宽体 | wide-detector"),
            model="XC-CT {n}",
            numbers=words("64 128 256 512"),
            specs=specs("""
                探测器层数 | Slices | {n}
                探测器宽度 | Detector coverage | 40 mm; 80 mm; 160 mm
                机架转速 | Rotation time | 0.25 s; 0.28 s
            """),
            uses=("急诊、心血管与肿瘤诊断", "emergency, cardiovascular and oncology diagnosis"),
            breakthrough=("探测器与高压发生器自主研制", "own detector and high-voltage generator"),
            price_yuan=(5_000_000, 25_000_000),
            standards=(
                "YY 0310-2015 X 射线计算机体层摄影设备通用技术条件",
                "GB 9706.1-2020 医用电气设备 第1部分：基本安全和基本性能的通用要求",
            ),
            tags=pairs("CT | CT; 医学影像 | medical imaging"),
        ),
        Kind(
            E,
            name=("{q}腔镜手术机器人 {m}", "{q} laparoscopic surgical robot {m}"),
            qualifiers=pairs("多孔 | multi-port; 单孔 | single-port"),
            model="SR-{n}",
            numbers=words("1000 2000 3000"),
            specs=specs("""
                器械臂数量 | Instrument arms | 3; 4
                主从延时 | Master-slave latency | ≤ 200 ms; ≤ 100 ms
                运动缩放比 | Motion scaling | 1:1–5:1
            """),
            uses=(
                "泌尿外科、妇科与普外科微创手术",
                "minimally invasive urology, gynaecology and general surgery",
            ),
            breakthrough=(
                "主从控制与手术器械全部自主研制",
                "master-slave control and instruments of our own",
            ),
            price_yuan=(15_000_000, 25_000_000),
            standards=(
                "YY/T 1712-2021 采用机器人技术的辅助手术设备和辅助手术系统",
                "GB 9706.1-2020 医用电气设备 第1部分：基本安全和基本性能的通用要求",
            ),
            tags=pairs("手术机器人 | surgical robot; 微创 | minimally invasive"),
        ),
        Kind(
            E,
            name=("{q}体外膜肺氧合系统 {m}", "{q} ECMO system {m}"),
            qualifiers=pairs("便携式 | portable; 转运型 | transport"),
            model="EC-{n}",
            numbers=words("100 200 300"),
            specs=specs("""
                流量范围 | Flow range | 0.5–8 L/min; 0.5–10 L/min
                膜肺使用时间 | Oxygenator life | ≥ 14 d; ≥ 30 d
            """),
            uses=("重症呼吸与循环衰竭救治", "severe respiratory and circulatory failure"),
            breakthrough=("磁悬浮离心泵与膜肺国产化", "domestic maglev pump and oxygenator"),
            price_yuan=(1_200_000, 3_000_000),
            standards=(
                "YY 0604-2016 心肺转流系统 血气交换器（氧合器）",
                "GB/T 16886.1-2022 医疗器械生物学评价 第1部分：风险管理过程中的评价与试验",
            ),
            tags=pairs("ECMO | ECMO; 重症 | critical care"),
        ),
        Kind(
            E,
            name=("{q}医用电子直线加速器 {m}", "{q} medical linear accelerator {m}"),
            qualifiers=pairs("图像引导 | image-guided"),
            model="LA-{n}",
            numbers=words("6 10 18"),
            specs=specs("""
                X 射线能量 | X-ray energy | {n} MV
                多叶准直器 | Multileaf collimator | 120 叶片 leaves
                剂量率 | Dose rate | 1400 MU/min
            """),
            uses=("肿瘤精准放射治疗", "precision radiotherapy"),
            breakthrough=("加速管与多叶准直器自主研制", "own accelerating tube and MLC"),
            price_yuan=(15_000_000, 35_000_000),
            standards=(
                "GB 9706.201-2020 医用电气设备 第2-1部分：能量为 1 MeV 至 50 MeV 电子加速器",
            ),
            tags=pairs("放疗 | radiotherapy; 加速器 | linac"),
        ),
    ),
)
