"""Demo templates: advanced polymers (首批次新材料)."""

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
    TechnicalField.ADVANCED_POLYMERS,
    vendor="vendor2",
    regions=words("330000 370000 320000 120000"),
    institutions=(
        ("国家合成树脂质量检验检测中心", "SZ{y}-{s:04d}"),
        ("中国建材检验认证集团股份有限公司", "CTC-{y}-{s:05d}"),
    ),
    patents=pairs(
        "一种高强中模碳纤维原丝的制备方法 | A route to intermediate-modulus carbon fibre "
        "precursor; 一种低热膨胀聚酰亚胺薄膜 | A low-CTE polyimide film; 一种增强型全氟磺酸质子"
        "交换膜 | A reinforced PFSA proton exchange membrane; 一种超高分子量聚乙烯纤维的凝胶纺丝"
        "方法 | A gel-spinning method for UHMWPE fibre"
    ),
    customers=("东方航空复合材料有限公司", "南方柔性显示科技有限公司", "西北绿氢科技有限公司"),
    outcomes=pairs(
        "通过用户材料认证并批量供货 | Qualified by the user and supplied in series; 替代进口"
        "材料，采购成本下降 30% | Replaced an imported grade; purchase cost down 30%; 装机"
        "运行 5000 小时性能无衰减 | 5,000 hours in service without degradation"
    ),
    kinds=(
        Kind(
            M,
            name=("{m} {q}碳纤维", "{m} {q} carbon fibre"),
            qualifiers=pairs("聚丙烯腈基 | PAN-based"),
            model="{n}",
            numbers=words("CCF700-24K CCF800H-12K CCF1000-12K CCM55J-6K"),
            model_specs=specs("""
                拉伸强度 | Tensile strength | ≥ 4.90 GPa; ≥ 5.49 GPa; ≥ 6.37 GPa; ≥ 4.02 GPa
                拉伸模量 | Tensile modulus | 230–240 GPa; 290–300 GPa; 290–300 GPa; ≥ 540 GPa
            """),
            specs=specs("""
                上浆剂 | Sizing | 环氧型 epoxy-compatible
            """),
            uses=(
                "航空航天复合材料主承力结构与压力容器",
                "primary aerospace composite structure and pressure vessels",
            ),
            breakthrough=(
                "原丝、碳化全流程自主，性能批次稳定",
                "precursor to carbonisation all our own; consistent from batch to batch",
            ),
            price_yuan=(160_000, 2_500_000),
            standards=(
                "GB/T 26752-2020 聚丙烯腈基碳纤维",
                "GB/T 3362-2017 碳纤维复丝拉伸性能试验方法",
            ),
            tags=pairs("碳纤维 | carbon fibre; 复合材料 | composites"),
            unit=TONNE,
            variety="{m} 碳纤维丝束，卷装 / carbon fibre tow on bobbins",
            batches=("500 kg", "1 t"),
        ),
        Kind(
            M,
            name=("{q}聚酰亚胺薄膜 {m}", "{q} polyimide film {m}"),
            qualifiers=pairs(
                "电子级 | electronic-grade; 耐电晕 | corona-resistant; 无色透明 | colourless"
            ),
            model="PI-{n}",
            numbers=words("7.5 12.5 25 50"),
            specs=specs("""
                厚度 | Thickness | {n} μm
                拉伸强度 | Tensile strength | ≥ 200 MPa; ≥ 250 MPa
                热膨胀系数 | CTE | ≤ 20 ppm/K; ≤ 10 ppm/K
                介电强度 | Dielectric strength | ≥ 200 kV/mm
            """),
            uses=(
                "柔性电路板、柔性显示与变频电机绝缘",
                "flexible circuits, flexible displays and inverter-motor insulation",
            ),
            breakthrough=(
                "双向拉伸工艺与化学亚胺化自主开发",
                "own biaxial stretching and chemical imidisation",
            ),
            price_yuan=(300_000, 1_200_000),
            standards=(
                "GB/T 13542.6-2006 电气绝缘用薄膜 第6部分：电气绝缘用聚酰亚胺薄膜",
                "GB/T 1040.3-2006 塑料 拉伸性能的测定 第3部分：薄膜和薄片的试验条件",
            ),
            tags=pairs("聚酰亚胺 | polyimide; 柔性显示 | flexible displays"),
            unit=TONNE,
            variety="PI-{n} 薄膜，幅宽 500–1200 mm / film 500–1200 mm wide",
            batches=("500 kg", "1 t"),
        ),
        Kind(
            M,
            name=("{q}聚醚醚酮树脂 {m}", "{q} PEEK resin {m}"),
            qualifiers=pairs(
                "医用级 | medical-grade; 碳纤维增强 | carbon-fibre-reinforced; "
                "注塑级 | injection-moulding"
            ),
            model="PEEK-{n}",
            numbers=words("450G 150G 450CA30"),
            specs=specs("""
                拉伸强度 | Tensile strength | ≥ 98 MPa; ≥ 200 MPa
                负荷变形温度 | Heat deflection temperature | ≥ 152 °C; ≥ 315 °C
                熔体质量流动速率 | Melt flow rate | 5 g/10 min; 30 g/10 min
            """),
            uses=(
                "航空结构件、人工植入物与半导体夹具",
                "aircraft parts, implants and semiconductor fixtures",
            ),
            breakthrough=(
                "聚合与纯化工艺自主，批次稳定性达到进口水平",
                "own polymerisation and purification; batch consistency equal to imports",
            ),
            price_yuan=(400_000, 900_000),
            standards=(
                "GB/T 1040.2-2022 塑料 拉伸性能的测定 第2部分：模塑和挤塑塑料的试验条件",
                "GB/T 1634.2-2019 塑料 负荷变形温度的测定 第2部分",
            ),
            tags=pairs("特种工程塑料 | high-performance plastics; PEEK | PEEK"),
            unit=TONNE,
            variety="PEEK-{n} 粒料 / pellets",
            batches=("500 kg", "1 t"),
        ),
        Kind(
            M,
            name=("{q}全氟磺酸质子交换膜 {m}", "{q} PFSA proton exchange membrane {m}"),
            qualifiers=pairs("增强型 | reinforced; 长寿命 | long-life"),
            model="PFSA-{n}",
            numbers=words("8 12 15 18"),
            specs=specs("""
                厚度 | Thickness | {n} μm
                质子传导率 | Proton conductivity | ≥ 0.08 S/cm; ≥ 0.10 S/cm
                氢渗透电流 | Hydrogen crossover | ≤ 2 mA/cm²
            """),
            uses=("燃料电池电堆与 PEM 电解槽", "fuel cell stacks and PEM electrolysers"),
            breakthrough=(
                "全氟磺酸树脂与膨体 PTFE 增强层全部国产",
                "domestic PFSA resin and ePTFE reinforcement",
            ),
            price_yuan=(800, 3_000),
            standards=("GB/T 20042.3-2022 质子交换膜燃料电池 第3部分：质子交换膜测试方法",),
            tags=pairs("质子交换膜 | PEM; 氢能 | hydrogen"),
            unit=("平方米", "m²"),
            variety="PFSA-{n} 卷材，幅宽 330 mm / roll 330 mm wide",
            batches=("500 m²", "1000 m²"),
        ),
        Kind(
            M,
            name=("{q}超高分子量聚乙烯纤维 {m}", "{q} UHMWPE fibre {m}"),
            qualifiers=pairs("高强高模 | high-tenacity; 抗蠕变 | creep-resistant"),
            model="UH-{n}D",
            numbers=words("400 800 1600"),
            specs=specs("""
                线密度 | Linear density | {n} D
                断裂强度 | Tenacity | ≥ 35 cN/dtex; ≥ 38 cN/dtex
                初始模量 | Modulus | ≥ 1200 cN/dtex; ≥ 1400 cN/dtex
            """),
            uses=(
                "深海系泊缆、防护装备与海洋养殖网",
                "deep-sea mooring ropes, protective gear and aquaculture nets",
            ),
            breakthrough=("干法凝胶纺丝工艺自主开发", "own dry gel-spinning process"),
            price_yuan=(100_000, 400_000),
            standards=(
                "GB/T 29554-2013 超高分子量聚乙烯纤维",
                "GB/T 14344-2022 化学纤维 长丝拉伸性能试验方法",
            ),
            tags=pairs("UHMWPE | UHMWPE; 高性能纤维 | high-performance fibre"),
            unit=TONNE,
            variety="UH-{n}D 长丝 / filament yarn",
            batches=("1 t", "3 t"),
        ),
    ),
)
