"""The benchmark's synthetic listings (through the real document builder) and its query mix."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from market.accounts.models import Organisation, OrgKind, OrgStatus
from market.catalog.evidence import Designation, InsurancePolicy, ReviewStatus, TestReport
from market.catalog.models import (
    ListingState,
    PriceVisibility,
    Product,
    ProductVersion,
    VersionStatus,
)
from market.catalog.taxonomy import (
    PROVINCES,
    Category,
    DeploymentModel,
    DesignationKind,
    TechnicalField,
)
from market.discovery.documents import build_document
from market.discovery.finding import Ask
from search.model import Facet, Filters, SearchDocument, SearchQuery, Sort

QUERY_COUNT = 500
TODAY = date(2026, 1, 1)

PRODUCTS = [
    ("机器人", "robot"),
    ("离心泵", "centrifugal pump"),
    ("数控机床", "CNC machine tool"),
    ("传感器", "sensor"),
    ("调节阀", "control valve"),
    ("复合材料", "composite material"),
    ("铝合金", "aluminium alloy"),
    ("工业软件", "industrial software"),
    ("变压器", "transformer"),
    ("燃气轮机", "gas turbine"),
    ("陶瓷基板", "ceramic substrate"),
    ("减速器", "gear reducer"),
    ("激光器", "laser"),
    ("储能电池", "energy storage battery"),
    ("盾构机", "tunnel boring machine"),
]
MODIFIERS = [
    ("工业", "industrial"),
    ("协作", "collaborative"),
    ("高温", "high-temperature"),
    ("智能", "smart"),
    ("五轴", "five-axis"),
    ("大型", "large"),
    ("精密", "precision"),
    ("高性能", "high-performance"),
    ("节能", "energy-saving"),
    ("防爆", "explosion-proof"),
]
FILLER_ZH = (
    "本产品通过首台套认定，具有**自主知识产权**，"
    "适用于化工、电力、冶金、汽车制造等行业，运行稳定，维护方便。"
)
FILLER_EN = "Certified first-set equipment with independent IP for chemical and power plants."
CATEGORIES = list(Category)
FIELDS = list(TechnicalField)
REGIONS = sorted(PROVINCES)
KINDS = list(DesignationKind)

# The query mix: one word, two words, word prefixes, Chinese of 1 to 4 characters, mixed.
ONE_WORD = ["robot", "pump", "sensor", "valve", "laser", "robots", "turbine", "alloy", "A123"]
TWO_WORDS = ["smart valve", "gas turbine", "industrial robot", "precision reducer", "五轴 CNC"]
PREFIXES = ["rob", "sens", "turb", "lase", "prec", "机器", "离心", "数控"]
CHINESE = ["泵", "阀", "材料", "机器人", "离心泵", "数控机床", "工业软件", "储能", "高温", "减速器"]
TEXTS = ONE_WORD + TWO_WORDS + PREFIXES + CHINESE


# -- 1. synthetic listings through the real document builder ------------------------------------


def synthetic_listings(count: int, seed: int = 7) -> Iterable[Product]:
    """``count`` published listings with their vendor and evidence, all in memory."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data
    published = datetime(2022, 1, 1, tzinfo=UTC)
    vendors: list[Organisation] = []
    for number in range(max(count // 50, 1)):
        vendors.append(
            Organisation(
                id=uuid.UUID(int=rng.getrandbits(128)),
                kind=OrgKind.VENDOR,
                status=OrgStatus.ACTIVE,
                name_zh=f"{rng.choice('华中申粤京')}{rng.choice('工科达创')}{number}科技有限公司",
                name_en=f"Pioneer Works {number} Co., Ltd.",
                credit_code=f"91{number:016d}",
                created_at=published,
                lock_version=1,  # bulk-inserted: the ORM's version counter never runs
            )
        )
    for number in range(count):
        (mod_zh, mod_en), (prod_zh, prod_en) = rng.choice(MODIFIERS), rng.choice(PRODUCTS)
        model = f"{rng.choice('ABCDEFGHJK')}{rng.randint(10, 9999)}"
        low = rng.randint(1_000, 5_000_000) * 100
        vendor = rng.choice(vendors)
        product_id = uuid.UUID(int=rng.getrandbits(128))
        version_id = uuid.UUID(int=rng.getrandbits(128))
        when = published + timedelta(minutes=rng.randint(0, 1_500_000))
        version = ProductVersion(
            id=version_id,
            product_id=product_id,
            number=1,
            status=VersionStatus.PUBLISHED,
            category=rng.choice(CATEGORIES),
            name_zh=f"{mod_zh}{prod_zh} {model}",
            name_en=f"{mod_en.title()} {prod_en.title()} {model}",
            summary=f"{mod_zh}{prod_zh}，{rng.choice(MODIFIERS)[0]}设计，型号{model}",
            description_md=f"## {prod_zh}\n\n"
            + FILLER_ZH[: rng.randint(20, len(FILLER_ZH))]
            + "\n\n"
            + FILLER_EN,
            technical_field=rng.choice(FIELDS),
            tags=[prod_zh, mod_zh, prod_en.split()[-1]],
            region=rng.choice(REGIONS),
            price_min_fen=low,
            price_max_fen=low * 2,
            price_visibility=(
                PriceVisibility.PUBLIC if rng.random() < 0.7 else PriceVisibility.BUYERS
            ),
            created_at=when,
            submitted_at=when,
            published_at=when,
        )
        # What the version's category requires (the schema checks it).
        if version.category == Category.EQUIPMENT:
            version.unit_value_fen, version.unit_ordinal = low, 1
        elif version.category == Category.MATERIAL:
            version.variety_spec = f"{prod_zh} {model}"
        else:
            version.version_number, version.deployment_model = "V1.0", DeploymentModel.ON_PREMISES
        version.designations = [
            Designation(
                id=uuid.UUID(int=rng.getrandbits(128)),
                version_id=version_id,
                review_status=(
                    ReviewStatus.VERIFIED if rng.random() < 0.5 else ReviewStatus.UNVERIFIED
                ),
                kind=kind,
                authority="工业和信息化部",
                document_number=f"D-{number}-{n}",
                valid_from=date(2024, 1, 1),
                valid_until=None,
                created_at=when,
            )
            for n, kind in enumerate(rng.sample(KINDS, rng.randint(0, 2)))
        ]
        version.test_reports = [
            TestReport(
                id=uuid.UUID(int=rng.getrandbits(128)),
                version_id=version_id,
                review_status=ReviewStatus.VERIFIED,
                institution="国家机床质量检验检测中心",
                standard="GB/T 1234",
                report_number=f"T-{number}",
                issued_on=date(2024, 6, 1),
                conclusion="合格",
                created_at=when,
            )
            for _ in range(rng.random() < 0.2)
        ]
        version.insurance_policies = [
            InsurancePolicy(
                id=uuid.UUID(int=rng.getrandbits(128)),
                version_id=version_id,
                review_status=ReviewStatus.VERIFIED,
                insurer="中国人保",
                policy_number=f"P-{number}",
                coverage="首台套综合险",
                valid_from=date(2024, 1, 1),
                valid_until=date(2030, 1, 1),
                created_at=when,
            )
            for _ in range(rng.random() < 0.25)
        ]
        product = Product(
            id=product_id,
            vendor_id=vendor.id,
            category=version.category,
            state=ListingState.PUBLISHED,
            live_version_id=version_id,
            created_at=when,
            updated_at=when,
            lock_version=1,
        )
        product.vendor = vendor
        product.live_version = version
        yield product


@dataclass
class Made:
    documents: list[SearchDocument]
    # Kept only when the HTTP part needs them in its database: a million listings held as ORM
    # objects would take most of the machine's memory.
    listings: list[Product]
    making_seconds: float
    building_seconds: float


def make_documents(count: int, *, keep_listings: bool, echo: Callable[[str], None] = print) -> Made:
    """The synthetic listings' documents, timing the making and the building apart."""
    made = Made([], [], 0.0, 0.0)
    listings = iter(synthetic_listings(count))
    step = max(count // 10, 1)
    for number in range(1, count + 1):
        began = time.perf_counter()
        product = next(listings)
        built = time.perf_counter()
        made.documents.append(build_document(product, TODAY))
        made.making_seconds += built - began
        made.building_seconds += time.perf_counter() - built
        if keep_listings:
            made.listings.append(product)
        if number % step == 0 and count >= 100_000:
            echo(f"      {number:,} documents…")
    return made


# -- 3. the query mix ---------------------------------------------------------------------------


def query_mix(count: int = QUERY_COUNT, seed: int = 11) -> list[dict[str, Any]]:
    """The fixed mix as URL arguments of /api/v1/search (the engine runs the same searches)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible
    mixed = []
    for number in range(count):
        args: dict[str, Any] = {"q": TEXTS[number % len(TEXTS)]}
        if number % 4 == 1:
            args |= {"category": rng.choice(CATEGORIES).value, "verified": "1"}
        elif number % 4 == 2:
            args |= {"region": rng.choice(REGIONS), "price_min": 1000}
        elif number % 4 == 3:
            args |= {"field": rng.choice(FIELDS).value, "insured": "1"}
        if number % 10 == 9:
            args["sort"] = "newest"
        mixed.append(args)
    return mixed


def api_query(args: dict[str, Any]) -> SearchQuery:
    """The search ``GET /api/v1/search`` asks the engine for these URL arguments: every one with
    the four facets and the evidence counts (``market.discovery.finding``)."""
    return Ask.parse({name: [str(value)] for name, value in args.items()}).query()


def engine_query(args: dict[str, Any], with_facets: bool) -> SearchQuery:
    filters = Filters(
        category=frozenset([args["category"]]) if "category" in args else frozenset(),
        region=frozenset([args["region"]]) if "region" in args else frozenset(),
        technical_field=frozenset([args["field"]]) if "field" in args else frozenset(),
        verified_only="verified" in args,
        insured="insured" in args,
        price_min_fen=args["price_min"] * 100 if "price_min" in args else None,
    )
    return SearchQuery(
        text=args["q"],
        filters=filters,
        sort=Sort(args.get("sort", "relevance")),
        # The API counts these four facets and the two evidence flags; half of the engine mix
        # asks for them.
        facets=(
            {Facet.CATEGORY, Facet.TECHNICAL_FIELD, Facet.REGION, Facet.DESIGNATION_KINDS}
            if with_facets
            else set()
        ),
        count_flags=with_facets,
    )
