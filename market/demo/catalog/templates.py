"""The shapes of the demo catalog's templates, and two small parsers that keep them readable.

A technical field has a few product kinds; a kind names its products from a pattern, a qualifier
and a model number ("{q}卧式加工中心 {m}" with "五轴联动" and "HMC-1250"), and lists its
specifications, standards and price range. Values may use ``{n}``, the model's number, so a
specification agrees with the model ("工作台 {n} × {n} mm" for HMC-1250).
"""

from __future__ import annotations

from dataclasses import dataclass

from market.catalog.taxonomy import Category, DeploymentModel, TechnicalField

Pair = tuple[str, str]  # (Chinese, English)

# Shared by several fields.
SQUARE = "GB/T 25000.51-2016 系统与软件工程 系统与软件质量要求和评价（SQuaRE）第51部分"
LEVEL_PROTECTION = "GB/T 22239-2019 信息安全技术 网络安全等级保护基本要求"
LICENCE = ("套", "licence")
TONNE = ("吨", "tonne")


@dataclass(frozen=True)
class Spec:
    zh: str
    en: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Kind:
    category: Category
    name: Pair  # patterns with {q} (qualifier) and {m} (model)
    model: str  # pattern with {n}
    numbers: tuple[str, ...]
    specs: tuple[Spec, ...]  # one value chosen per product
    uses: Pair  # what it is for: "用于…" / "for …"
    breakthrough: Pair
    price_yuan: tuple[int, int]  # per unit of sale
    standards: tuple[str, ...]
    tags: tuple[Pair, ...] = ()
    qualifiers: tuple[Pair, ...] = (("", ""),)
    # Specifications that belong to the model: the i-th value goes with the i-th number.
    model_specs: tuple[Spec, ...] = ()
    unit: Pair = ("台(套)", "unit")
    variety: str = ""  # material: "variety and specification", with {m} and {n}
    batches: tuple[str, ...] = ()  # material: minimum batch
    deployments: tuple[DeploymentModel, ...] = ()  # software

    def __post_init__(self) -> None:
        for spec in self.model_specs:
            assert len(spec.values) == len(self.numbers), (self.name, spec.zh)
        assert (self.category == Category.MATERIAL) == bool(self.variety), self.name
        assert (self.category == Category.SOFTWARE) == bool(self.deployments), self.name


@dataclass(frozen=True)
class FieldTemplates:
    field: TechnicalField
    vendor: str  # DemoOrg key
    regions: tuple[str, ...]  # GB/T 2260 province codes where these products are made
    # Test institutions and the pattern of their report numbers ({y} year, {s} serial).
    institutions: tuple[tuple[str, str], ...]
    patents: tuple[Pair, ...]  # invention titles for the field
    customers: tuple[str, ...]  # invented reference customers
    outcomes: tuple[Pair, ...]  # what a reference deployment achieved
    kinds: tuple[Kind, ...]


def pairs(text: str) -> tuple[Pair, ...]:
    """'五轴联动 | five-axis; 重型 | heavy-duty' → (('五轴联动', 'five-axis'), ...)."""
    # An English part may hold a ";" of its own; the Chinese part after it never does, so the
    # last ";" between two "|" separates one pair from the next.
    parts = text.split("|")
    zh, found = parts[0], []
    for middle in parts[1:-1]:
        en, _, next_zh = middle.rpartition(";")
        found.append((zh.strip(), en.strip()))
        zh = next_zh
    found.append((zh.strip(), parts[-1].strip()))
    return tuple(found)


def specs(text: str) -> tuple[Spec, ...]:
    """One specification a line: 'Chinese label | English label | value; value; ...'."""
    rows = []
    for line in text.strip().splitlines():
        zh, en, values = (part.strip() for part in line.split("|"))
        rows.append(Spec(zh, en, tuple(v.strip() for v in values.split(";"))))
    return tuple(rows)


def words(text: str) -> tuple[str, ...]:
    """'630 800 1000' → ('630', '800', '1000')."""
    return tuple(text.split())


def round3(value: float) -> int:
    """Three significant figures: 4 873 215 → 4 870 000."""
    value = int(value)
    scale = 10 ** max(len(str(value)) - 3, 0)
    return round(value / scale) * scale
