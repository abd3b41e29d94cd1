"""Demo evidence: designations, test reports, IP rights, references and insurance, as the data
``editing.add_claim`` takes. Authorities, institutions and insurers are real bodies; document,
report, patent and policy numbers follow their real formats but are generated."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

from market.catalog.taxonomy import PROVINCES, Category, DesignationKind, IPKind
from market.demo.catalog.templates import FieldTemplates, Kind, Pair

DK = DesignationKind
MIIT = "工业和信息化部 MIIT"
SAMR = "国家市场监督管理总局 SAMR"

# How long a designation stays valid, in days (some SAMR evaluations are open-ended).
VALIDITY = {
    DK.MIIT_CATALOGUE: 3 * 365,
    DK.SAMR_FIRST_SET: 5 * 365,
    DK.PROVINCIAL: 3 * 365,
    DK.FIRST_VERSION_SOFTWARE: 2 * 365,
    DK.FIRST_BATCH_MATERIAL: 3 * 365,
}
# Which designations a listing holds, by category: one combination is drawn per listing; an
# empty one means the listing relies on test reports alone.
DESIGNATION_SETS: dict[Category, tuple[tuple[DesignationKind, ...], ...]] = {
    Category.EQUIPMENT: (
        (DK.MIIT_CATALOGUE,),
        (DK.MIIT_CATALOGUE,),
        (DK.MIIT_CATALOGUE, DK.PROVINCIAL),
        (DK.SAMR_FIRST_SET,),
        (DK.SAMR_FIRST_SET, DK.PROVINCIAL),
        (DK.PROVINCIAL,),
        (DK.MIIT_CATALOGUE, DK.SAMR_FIRST_SET),
        (),
    ),
    Category.MATERIAL: (
        (DK.FIRST_BATCH_MATERIAL,),
        (DK.FIRST_BATCH_MATERIAL,),
        (DK.FIRST_BATCH_MATERIAL, DK.PROVINCIAL),
        (DK.PROVINCIAL,),
        (),
    ),
    Category.SOFTWARE: (
        (DK.FIRST_VERSION_SOFTWARE,),
        (DK.FIRST_VERSION_SOFTWARE,),
        (DK.FIRST_VERSION_SOFTWARE, DK.PROVINCIAL),
        (DK.PROVINCIAL,),
        (),
    ),
}
# Provincial departments: (prefix of their document numbers, English name).
_MUNICIPAL = {
    "110000": ("京经信", "北京市经济和信息化局", "Beijing Municipal Bureau of Economy and IT"),
    "310000": (
        "沪经信",
        "上海市经济和信息化委员会",
        "Shanghai Municipal Commission of Economy and IT",
    ),
    "120000": ("津工信", "天津市工业和信息化局", "Tianjin Municipal Bureau of Industry and IT"),
    "330000": ("浙经信", "浙江省经济和信息化厅", "Zhejiang Department of Economy and IT"),
}
_ABBREVIATIONS = {
    "130000": "冀", "150000": "蒙", "210000": "辽", "220000": "吉", "230000": "黑", "320000": "苏",
    "340000": "皖", "360000": "赣", "370000": "鲁", "410000": "豫", "420000": "鄂", "430000": "湘",
    "440000": "粤", "450000": "桂", "510000": "川", "530000": "滇", "610000": "陕", "620000": "甘",
}  # fmt: skip
_RECOGNITION = {
    Category.EQUIPMENT: ("装备", "首台(套)重大技术装备"),
    Category.MATERIAL: ("材料", "首批次新材料"),
    Category.SOFTWARE: ("软件", "首版次软件产品"),
}
INSURERS = (
    ("中国人民财产保险股份有限公司", "PQAA"),
    ("中国太平洋财产保险股份有限公司", "ASHH"),
    ("中国平安财产保险股份有限公司", "1062"),
    ("中国人寿财产保险股份有限公司", "8030"),
)
_COVER = {
    Category.EQUIPMENT: (
        "首台(套)重大技术装备综合保险",
        "First-set major equipment comprehensive insurance",
        (1000, 2000, 5000, 10000),
    ),
    Category.MATERIAL: (
        "重点新材料首批次应用综合保险",
        "First-batch new material application insurance",
        (300, 500, 1000),
    ),
    Category.SOFTWARE: (
        "首版次软件质量安全责任保险",
        "First-version software quality and security liability insurance",
        (200, 500, 1000),
    ),
}


def provincial_authority(region: str) -> tuple[str, str]:
    """(authority 'Chinese English', document-number prefix) of a province's industry dept."""
    if region in _MUNICIPAL:
        prefix, zh, en = _MUNICIPAL[region]
        return f"{zh} {en}", prefix
    zh_name, en_name = PROVINCES[region]
    return (
        f"{zh_name}工业和信息化厅 {en_name} Department of Industry and Information Technology",
        _ABBREVIATIONS.get(region, zh_name[0]) + "工信",
    )


def designation(
    rng: random.Random,
    kind: DesignationKind,
    category: Category,
    region: str,
    valid_from: date,
    open_ended: bool = False,
) -> dict[str, Any]:
    year = valid_from.year
    number = rng.randint(18, 460)
    field_word, recognition = _RECOGNITION[category]
    if kind == DK.MIIT_CATALOGUE:
        authority, document = MIIT, f"工信部装函〔{year}〕{number}号"
        edition = f"首台(套)重大技术装备推广应用指导目录（{year}年版）"
    elif kind == DK.FIRST_BATCH_MATERIAL:
        authority, document = MIIT, f"工信部原函〔{year}〕{number}号"
        edition = f"重点新材料首批次应用示范指导目录（{year}年版）"
    elif kind == DK.SAMR_FIRST_SET:
        authority, document = SAMR, f"国市监质发〔{year}〕{number // 3 + 10}号"
        edition = f"{year}年度中国首台(套)重大技术装备评定"
    else:
        authority, prefix = provincial_authority(region)
        document = f"{prefix}{field_word}〔{year}〕{number}号"
        province = PROVINCES[region][0]
        edition = f"{year}年度{province}{recognition}认定"
    days = VALIDITY[kind]
    return {
        "kind": kind,
        "authority": authority,
        "document_number": document,
        "catalogue_edition": edition,
        "valid_from": valid_from,
        "valid_until": None if open_ended else valid_from + timedelta(days=days - 1),
    }


def standard_code(standard: str) -> str:
    """'GB/T 18400.6-2001 加工中心…' → 'GB/T 18400.6-2001'; names without a code stay whole."""
    code = re.match(r"[A-Za-z][^\u4e00-\u9fff《]*", standard)
    return code.group(0).strip() if code else standard


def test_report(
    rng: random.Random,
    templates: FieldTemplates,
    kind: Kind,
    rows: list[tuple[str, str, str]],
    issued_on: date,
) -> dict[str, Any]:
    institution, pattern = rng.choice(templates.institutions)
    standard = rng.choice(kind.standards)
    code = standard_code(standard)
    zh, en, value = rng.choice(rows)
    conclusion = rng.choice(
        (
            f"所检项目均符合 {code} 的要求，检验结论：合格。"
            f" All items tested conform to {code}; verdict: pass.",
            f"实测{zh} {value}，满足 {code} 及委托技术协议要求，检验结论：合格。"
            f" Measured {lower_first(en)} {value}, meeting {code} and the agreed"
            " specification; verdict: pass.",
        )
    )
    return {
        "institution": institution,
        "standard": standard,
        "report_number": pattern.format(y=issued_on.year, s=rng.randint(101, 9899)),
        "issued_on": issued_on,
        "conclusion": conclusion,
    }


def patent_number(year: int, kind_digit: int, serial: int) -> str:
    """A CNIPA number, ZL + 12 digits + check character (weights 2–9, 2–5; mod 11)."""
    digits = f"{year}{kind_digit}{serial:07d}"
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return f"ZL{digits}.{'X' if check == 10 else check}"


def patents(rng: random.Random, templates: FieldTemplates, year: int, count: int) -> list[dict]:
    found = []
    for zh, en in rng.sample(templates.patents, min(count, len(templates.patents))):
        invention = rng.random() < 0.7
        filed = max(year - rng.randint(1, 5), 2015)
        number = patent_number(filed, 1 if invention else 2, rng.randint(10000, 1999999))
        kind = IPKind.INVENTION_PATENT if invention else IPKind.UTILITY_MODEL
        if not invention:  # a utility model protects a structure, not a method
            zh, en = zh.replace("方法", "装置"), en.replace("method", "device")
        found.append({"kind": kind, "number": number, "title": f"{zh} / {en}"})
    return found


def software_copyright(rng: random.Random, name: Pair, year: int) -> dict[str, Any]:
    return {
        "kind": IPKind.SOFTWARE_COPYRIGHT,
        "number": f"{year}SR{rng.randint(10000, 1999999):07d}",
        "title": f"{name[0]} / {name[1]}",
    }


def references(
    rng: random.Random, templates: FieldTemplates, first_year: int, last_year: int, count: int
) -> list[dict]:
    customers = rng.sample(templates.customers, min(count, len(templates.customers)))
    return [
        {
            "customer": customer,
            "year": rng.randint(first_year, last_year),
            "outcome": "{}。 {}.".format(*rng.choice(templates.outcomes)),
        }
        for customer in customers
    ]


def insurance(
    rng: random.Random, category: Category, region: str, valid_from: date
) -> dict[str, Any]:
    insurer, prefix = rng.choice(INSURERS)
    zh, en, limits = _COVER[category]
    limit = rng.choice(limits)
    return {
        "insurer": insurer,
        "policy_number": f"{prefix}{valid_from.year}{region[:4]}{rng.randint(0, 99999999):08d}",
        "coverage": f"{zh}：质量风险与责任风险，累计赔偿限额 {limit} 万元 / {en}: quality and "
        f"liability risks, aggregate limit CNY {limit * 10000:,}",
        "valid_from": valid_from,
        "valid_until": valid_from + timedelta(days=364),
    }


def lower_first(text: str) -> str:
    """'Max. spindle speed' → 'max. spindle speed'; acronyms ('MCR', 'NOx') stay."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
