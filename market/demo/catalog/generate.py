"""The demo catalog as a plan: every listing's content, evidence, reviews and story, drawn from
the templates with one seeded ``random.Random``, so the same day always gives the same catalog.

Nothing here touches the database; ``market.demo.catalog.seed`` carries each plan out through the
catalog's own verbs.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

from market.catalog.evidence import ReviewStatus
from market.catalog.models import ListingState, PriceVisibility
from market.catalog.taxonomy import CATEGORY_LABELS, DEPLOYMENT_LABELS, PROVINCES, Category
from market.demo.catalog import evidence
from market.demo.catalog.fields import FIELDS
from market.demo.catalog.plans import ListingPlan, PlannedClaim
from market.demo.catalog.stories import tell_stories
from market.demo.catalog.templates import FieldTemplates, Kind, Pair, round3

SEED = 20240917
PER_FIELD = 22
_L = ListingState
# Share of each state (DESIGN.md's listing life); the rest are published.
STATE_SHARES = {
    _L.EXPIRED: 0.08,
    _L.SUSPENDED: 0.05,
    _L.SUBMITTED: 0.06,
    _L.CHANGES_REQUESTED: 0.04,
    _L.DRAFT: 0.05,
    _L.WITHDRAWN: 0.02,
}
_CATEGORY_TAGS = {
    Category.EQUIPMENT: ("首台套", "first set"),
    Category.MATERIAL: ("首批次", "first batch"),
    Category.SOFTWARE: ("首版次", "first version"),
}
REJECTIONS = {
    "test-reports": "报告编号与检验机构查询结果不符。 The report number does not match the "
    "institution's records.",
    "references": "用户证明未加盖公章。 The customer's letter is not stamped.",
    "ip-rights": "专利已因未缴年费终止。 The patent lapsed for unpaid annual fees.",
}
VERIFY_NOTES = {
    "designations": "已与公示名单核对。 Checked against the published list.",
    "test-reports": "已在检验机构报告查询系统核验。 Checked in the institution's report lookup.",
}
GUARANTEES = {
    Category.EQUIPMENT: (
        "试用期内关键精度指标不达标，免费整改或退货；主要部件质保 24 个月。 If key figures are "
        "missed during the trial, we fix or take back the unit; 24-month warranty on major parts.",
        "性能保证值写入合同，未达标按合同价 5% 赔付。 Guaranteed figures are in the contract; a "
        "shortfall is compensated at 5% of the price.",
    ),
    Category.MATERIAL: (
        "首批次供货性能不达标，免费换货并承担复验费用。 If a first-batch delivery misses the "
        "specification, we replace it and pay for re-testing.",
        "提供批次质量证明书与第三方复验。 Batch certificates with third-party re-testing.",
    ),
    Category.SOFTWARE: (
        "试用期内核心功能不达标，无条件退还许可费。 Licence fee refunded if core functions fall "
        "short during the trial.",
        "提供源代码托管与数据迁移保障。 Source-code escrow and a data-migration guarantee.",
    ),
}
SUPPORT = (
    "7×24 小时远程支持，4 小时响应，48 小时到场。 24/7 remote support, 4-hour response, on site "
    "within 48 hours.",
    "驻场工程师全程陪伴试用，提供操作与维护培训。 A resident engineer through the trial; "
    "operator and maintenance training.",
    "专属客户经理与季度回访。 A dedicated account manager and quarterly reviews.",
)


def plan_catalog(today: date, per_field: int = PER_FIELD) -> list[ListingPlan]:
    """Every demo listing, the same for the same ``today``."""
    rng = random.Random(SEED)
    slots = [slot for templates in FIELDS for slot in _slots(rng, templates, per_field)]
    states = _states(rng, slots)
    plans = [_plan(rng, *slot, state, today) for slot, state in zip(slots, states, strict=True)]
    tell_stories(rng, plans, today)
    return plans


Slot = tuple[FieldTemplates, Kind, Pair, int]


def _slots(rng: random.Random, templates: FieldTemplates, count: int) -> list[Slot]:
    """``count`` distinct (kind, qualifier, model) combinations, taking kinds in turn."""
    pools = []
    for kind in templates.kinds:
        pool = [(q, i) for q in kind.qualifiers for i in range(len(kind.numbers))]
        rng.shuffle(pool)
        pools.append((kind, pool))
    slots: list[Slot] = []
    while len(slots) < count:
        progressed = False
        for kind, pool in pools:
            if pool and len(slots) < count:
                slots.append((templates, kind, *pool.pop()))
                progressed = True
        assert progressed, f"too few combinations for {templates.field}"
    return slots


def _states(rng: random.Random, slots: list[Slot]) -> list[ListingState]:
    counts = {state: round(share * len(slots)) for state, share in STATE_SHARES.items()}
    states = [state for state, n in counts.items() for _ in range(n)]
    states += [_L.PUBLISHED] * (len(slots) - len(states))
    rng.shuffle(states)
    # Every field and category has published listings to browse.
    for key in (lambda s: s[0].field, lambda s: s[1].category):
        for value in dict.fromkeys(key(s) for s in slots):  # in order: sets are not
            mine = [i for i, s in enumerate(slots) if key(s) == value]
            if not any(states[i] == _L.PUBLISHED for i in mine):
                other = next(i for i, st in enumerate(states) if st == _L.PUBLISHED)
                states[mine[0]], states[other] = states[other], states[mine[0]]
    return states


def _plan(
    rng: random.Random,
    templates: FieldTemplates,
    kind: Kind,
    qualifier: Pair,
    index: int,
    state: ListingState,
    today: date,
) -> ListingPlan:
    number = kind.numbers[index]
    model = kind.model.format(n=number)
    name = (
        _tidy_zh(kind.name[0].format(q=qualifier[0], m=model)),
        _capitalise(" ".join(kind.name[1].format(q=qualifier[1], m=model).split())),
    )
    rows = [(s.zh, s.en, s.values[index].format(n=number)) for s in kind.model_specs]
    rows += [(s.zh, s.en, rng.choice(s.values).format(n=number)) for s in kind.specs]
    region = rng.choice(templates.regions)
    content = _content(rng, templates, kind, name, model, number, rows, region, today)
    claims, publish_on = _claims(rng, templates, kind, content, rows, state, today)
    return ListingPlan(
        vendor=templates.vendor,
        login=rng.choice(("staff", "staff", "admin")),
        category=kind.category,
        content=content,
        claims=claims,
        state=state,
        publish_on=publish_on,
        templates=templates,
        kind=kind,
        rows=rows,
    )


def _content(
    rng: random.Random,
    templates: FieldTemplates,
    kind: Kind,
    name: Pair,
    model: str,
    number: str,
    rows: list[tuple[str, str, str]],
    region: str,
    today: date,
) -> dict[str, Any]:
    category = kind.category
    price = round3(rng.uniform(*kind.price_yuan))
    first_sale = today - timedelta(days=rng.randint(90, 1500))
    content: dict[str, Any] = {
        "name_zh": name[0],
        "name_en": name[1],
        "summary": _summary(kind, rows),
        "description_md": _description(kind, rows, region, category),
        "technical_field": templates.field,
        "tags": [t for pair in (*kind.tags, _CATEGORY_TAGS[category]) for t in pair],
        "region": region,
        "price_min_fen": round3(price * 0.92) * 100,
        "price_max_fen": round3(price * 1.1) * 100,
        "price_visibility": PriceVisibility.BUYERS if rng.random() < 0.25 else None,
        "first_sale_date": first_sale,
    }
    if rng.random() < 0.9:
        months = {Category.EQUIPMENT: (6, 12, 12, 18), Category.MATERIAL: (3, 6, 6, 12)}
        content["trial_months"] = rng.choice(months.get(category, (3, 3, 6)))
        content["performance_guarantee"] = rng.choice(GUARANTEES[category])
        content["support_terms"] = rng.choice(SUPPORT)
    if category == Category.EQUIPMENT:
        content["unit_value_fen"] = price * 100
        content["unit_ordinal"] = rng.choice((1, 1, 1, 2, 3))
        if content["unit_ordinal"] == 1 and rng.random() < 0.4:
            content["first_sale_date"] = None  # the first unit is not sold yet
    elif category == Category.MATERIAL:
        content["variety_spec"] = kind.variety.format(m=model, n=number)
        content["minimum_batch"] = rng.choice(kind.batches)
    else:
        content["version_number"] = "V" + number
        content["first_release_date"] = first_sale - timedelta(days=rng.randint(0, 120))
        content["deployment_model"] = rng.choice(kind.deployments)
    return content


def _summary(kind: Kind, rows: list[tuple[str, str, str]]) -> str:
    (zh1, en1, v1), (zh2, en2, v2) = rows[:2]
    zh = f"{kind.breakthrough[0]}。{zh1} {v1}，{zh2} {v2}，用于{kind.uses[0]}。"
    en = (
        f"{_capitalise(kind.breakthrough[1])}. {en1} {v1}, {evidence.lower_first(en2)} {v2}; "
        f"for {kind.uses[1]}."
    )
    return f"{zh} {en}" if len(zh) + len(en) < 499 else zh


def _description(kind: Kind, rows: list[tuple[str, str, str]], region: str, category: Category):
    unit_zh, unit_en = kind.unit
    category_zh, category_en = CATEGORY_LABELS[category]
    province_zh, province_en = PROVINCES[region]
    lines = [
        "## 产品概述 Overview",
        "",
        f"{kind.breakthrough[0]}，适用于{kind.uses[0]}。",
        "",
        f"{_capitalise(kind.breakthrough[1])}; for {kind.uses[1]}.",
        "",
        "## 主要技术参数 Key specifications",
        "",
        "| 参数 Parameter | 指标 Value |",
        "| --- | --- |",
        *(f"| {zh} {en} | {value} |" for zh, en, value in rows),
        "",
        "## 执行与检验标准 Standards",
        "",
        *(f"- {standard}" for standard in kind.standards),
        "",
        "## 供货与服务 Supply and service",
        "",
        f"- 类别 Category：{category_zh} {category_en}",
        f"- 产地 Made in：{province_zh} {province_en}",
        f"- 参考价格 Indicative price：按{unit_zh}计，含税 per {unit_en}, VAT included",
    ]
    if kind.deployments:
        deployments = "、".join(DEPLOYMENT_LABELS[d][0] for d in kind.deployments)
        english = ", ".join(str(DEPLOYMENT_LABELS[d][1]).lower() for d in kind.deployments)
        lines.append(f"- 部署方式 Deployment：{deployments} {english}")
    return "\n".join(lines) + "\n"


def _claims(
    rng: random.Random,
    templates: FieldTemplates,
    kind: Kind,
    content: dict[str, Any],
    rows: list[tuple[str, str, str]],
    state: ListingState,
    today: date,
) -> tuple[list[PlannedClaim], date | None]:
    category, region = kind.category, content["region"]
    kinds = rng.choice(evidence.DESIGNATION_SETS[category])
    if state == _L.EXPIRED and not kinds:
        kinds = evidence.DESIGNATION_SETS[category][0]
    designations = []
    publish_on = None
    if state == _L.EXPIRED:
        # Published while valid; every designation has lapsed since.
        base = rng.randint(30, 400)
        for kind_ in kinds:
            days = evidence.VALIDITY[kind_] + base + rng.randint(0, 90)
            start = today - timedelta(days=days)
            designations.append(evidence.designation(rng, kind_, category, region, start))
        publish_on = max(d["valid_from"] for d in designations) + timedelta(days=30)
    else:
        for kind_ in kinds:
            open_ended = kind_ == evidence.DK.SAMR_FIRST_SET and rng.random() < 0.3
            start = today - timedelta(days=rng.randint(20, evidence.VALIDITY[kind_] - 30))
            designations.append(
                evidence.designation(rng, kind_, category, region, start, open_ended)
            )
        if designations and rng.random() < 0.15:  # an older recognition, lapsed, still listed
            days = evidence.VALIDITY[evidence.DK.PROVINCIAL] + rng.randint(60, 500)
            start = today - timedelta(days=days)
            designations.insert(
                0,
                evidence.designation(rng, evidence.DK.PROVINCIAL, category, region, start),
            )
    anchor = publish_on or today
    reports = rng.choice((0, 1, 1, 1, 1, 2)) if designations else rng.choice((1, 1, 2))
    claims = [
        PlannedClaim("designations", d, note=_maybe(rng, "designations")) for d in designations
    ]
    for _ in range(reports):
        issued = anchor - timedelta(days=rng.randint(30, 600))
        report = evidence.test_report(rng, templates, kind, rows, issued)
        claims.append(PlannedClaim("test-reports", report, note=_maybe(rng, "test-reports")))
    year = (content["first_sale_date"] or anchor).year
    if category == Category.SOFTWARE:
        name = (content["name_zh"], content["name_en"])
        ip = [evidence.software_copyright(rng, name, content["first_release_date"].year)]
        ip += evidence.patents(rng, templates, year, rng.choice((0, 0, 1)))
    else:
        ip = evidence.patents(rng, templates, year, rng.choice((1, 1, 2, 3)))
    claims += [_reviewed(rng, "ip-rights", item, 0.05) for item in ip]
    if content["first_sale_date"] is not None:
        first_year = content["first_sale_date"].year
        for item in evidence.references(
            rng, templates, min(first_year, anchor.year), anchor.year, rng.choice((0, 1, 1, 2))
        ):
            claims.append(_reviewed(rng, "references", item, 0.12))
    if rng.random() < 0.28:
        start = anchor - timedelta(days=rng.randint(10, 300))
        claims.append(PlannedClaim("insurance", evidence.insurance(rng, category, region, start)))
    return claims, publish_on


def _reviewed(rng: random.Random, slug: str, data: dict, reject_share: float) -> PlannedClaim:
    if rng.random() < reject_share:
        return PlannedClaim(slug, data, ReviewStatus.REJECTED, REJECTIONS[slug])
    return PlannedClaim(slug, data)


def _maybe(rng: random.Random, slug: str) -> str:
    return VERIFY_NOTES[slug] if rng.random() < 0.4 else ""


def _tidy_zh(text: str) -> str:
    """One space between Latin and Chinese text, none doubled ('1500 V集中式' → '1500 V 集中式')."""
    text = re.sub(
        r"(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])", " ", text
    )
    return " ".join(text.split())


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
