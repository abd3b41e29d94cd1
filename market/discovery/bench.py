"""``flask search bench``: how fast the search index builds and answers (issue 4, "Benchmark").

1. N synthetic bilingual listings are made deterministically as transient (never saved)
   ``Organisation``/``Product``/``ProductVersion``/evidence objects and turned into documents by
   the real builder, ``documents.build_document``.
2. They are indexed into a fresh tantivy index in a temporary folder (docs/s, size on disk).
3. A fixed mix of 500 queries runs against the engine (p50/p95/p99).
4. The same index is served by gunicorn (2 workers, loopback) through the real
   ``GET /api/v1/search``, and the same queries are fired at concurrency 8. The API joins hits with
   the database, so the same transient rows are bulk-inserted (Core ``executemany``) into a
   throwaway SQLite database first: every hit resolves, loads its product, vendor and evidence and
   is serialised as in production.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy import inspect as sa_inspect

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
from market.core.db import db
from market.discovery.documents import build_document
from search.model import Facet, Filters, SearchDocument, SearchQuery, Sort
from search.tantivy_backend import TantivyBackend

ROOT = Path(__file__).resolve().parents[2]
QUERY_COUNT = 500
CONCURRENCY = 8
HTTP_WORKERS = 2
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


def _reporting(
    docs: list[SearchDocument], count: int, echo: Callable[[str], None]
) -> Iterable[SearchDocument]:
    step = max(count // 10, 1)
    for number, doc in enumerate(docs, start=1):
        yield doc
        if number % step == 0 and count >= 100_000:
            echo(f"      {number:,} indexed…")


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


# -- 4. the throwaway database and the HTTP server ----------------------------------------------


def _row(obj: Any) -> dict[str, Any]:
    mapper = sa_inspect(type(obj))
    return {attr.columns[0].key: getattr(obj, attr.key) for attr in mapper.column_attrs}


def seed_database(url: str, products: list[Product], batch: int = 5_000) -> None:
    """Create the schema and bulk-insert the listings (Core executemany, no ORM unit of work)."""
    engine = sa.create_engine(url)
    db.metadata.create_all(engine)
    vendors = {p.vendor.id: p.vendor for p in products}
    tables: list[tuple[sa.Table, list[Any]]] = [
        (Organisation.__table__, list(vendors.values())),  # type: ignore[list-item]
        (Product.__table__, products),  # type: ignore[list-item]
        (ProductVersion.__table__, [p.live_version for p in products]),  # type: ignore[list-item]
    ]
    for model, attribute in (
        (Designation, "designations"),
        (TestReport, "test_reports"),
        (InsurancePolicy, "insurance_policies"),
    ):
        items = [item for p in products for item in getattr(p.live_version, attribute)]
        tables.append((model.__table__, items))  # type: ignore[arg-type]
    with engine.begin() as connection:
        for table, objects in tables:
            rows = [_row(obj) for obj in objects]
            for start in range(0, len(rows), batch):
                connection.execute(table.insert(), rows[start : start + batch])
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(index_path: Path, database_url: str, folder: Path) -> tuple[Any, int]:
    port = _free_port()
    env = os.environ | {
        "SEARCH_BACKEND": "tantivy",
        "SEARCH_INDEX_PATH": str(index_path),
        "DATABASE_URL": database_url,
        "SEARCH_DRAIN_AFTER_REQUEST": "0",
        "SECRET_KEY": "bench-only-secret",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with (folder / "gunicorn.log").open("wb") as log:  # the child keeps its own copy
        server = subprocess.Popen(  # noqa: S603 - our own interpreter's gunicorn, fixed arguments
            [
                str(gunicorn),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(HTTP_WORKERS),
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {folder / 'gunicorn.log'}")
        try:
            status, _ = _get(port, "/api/v1/search?q=robot")
            if status == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


_local = threading.local()


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = getattr(_local, "connection", None)
    if connection is None or getattr(_local, "port", None) != port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        _local.connection, _local.port = connection, port
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        connection.close()
        _local.connection = None
        raise


# -- measuring and reporting --------------------------------------------------------------------


def percentile(millis: list[float], share: float) -> float:
    ordered = sorted(millis)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def reference_ms() -> float:
    """A fixed pure-Python workload (the best of three), printed with the figures: this machine's
    speed drifts by a third from hour to hour, and two tables compare only beside it."""

    def work() -> None:
        total = 0
        for number in range(5_000_000):
            total += number

    return min(timed(work) for _ in range(3))


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


@dataclass
class Report:
    count: int
    docs_built_per_s: float = 0.0
    index_docs_per_s: float = 0.0
    index_bytes: int = 0
    engine: list[float] | None = None
    engine_facets: list[float] | None = None
    http: list[float] | None = None
    http_qps: float = 0.0
    http_errors: int = 0
    median_hits: float = 0.0
    reference_ms: float = 0.0

    @property
    def engine_target_ms(self) -> int:
        """Issue 4's targets: p95 ≤ 5 ms at 100,000 listings, ≤ 40 ms at a million."""
        return 40 if self.count >= 1_000_000 else 5

    def rows(self) -> list[tuple[str, str, str]]:
        def ms(values: list[float] | None) -> str:
            if not values:
                return "-"
            return (
                f"p50 {statistics.median(values):.2f} / p95 {percentile(values, 0.95):.2f}"
                f" / p99 {percentile(values, 0.99):.2f} ms"
            )

        def target(ok: bool, text: str) -> str:
            return f"{text}: {'met' if ok else 'NOT met'}"

        facet_p95 = percentile(self.engine_facets, 0.95) if self.engine_facets else 0
        rows = [
            ("machine reference (Python loop)", f"{self.reference_ms:,.0f} ms", ""),
            ("documents (real builder)", f"{self.count:,}", ""),
            ("document building", f"{self.docs_built_per_s:,.0f} docs/s", ""),
            (
                "index build (tantivy)",
                f"{self.index_docs_per_s:,.0f} docs/s",
                target(self.index_docs_per_s >= 10_000, "≥ 10,000 docs/s"),
            ),
            ("index size on disk", f"{self.index_bytes / 1e6:.1f} MB", ""),
            ("engine, 500 queries", ms(self.engine), ""),
            (
                "  of which 250 with facets",
                ms(self.engine_facets),
                target(facet_p95 <= self.engine_target_ms, f"p95 ≤ {self.engine_target_ms} ms"),
            ),
            ("  median hits per query", f"{self.median_hits:,.0f}", ""),
        ]
        if self.http is not None:
            rows += [
                (
                    f"HTTP API, 500 queries, c={CONCURRENCY}",
                    ms(self.http),
                    target(
                        percentile(self.http, 0.95) <= 20 and not self.http_errors, "p95 ≤ 20 ms"
                    ),
                ),
                ("HTTP throughput", f"{self.http_qps:,.0f} queries/s", ""),
                ("HTTP errors", str(self.http_errors), ""),
            ]
        return rows

    def table(self) -> str:
        rows = [("measure", "value", "target"), *self.rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = [
            "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
            for row in rows
        ]
        lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
        return "\n".join(lines)


def run(count: int, *, http: bool = True, echo: Callable[[str], None] = print) -> Report:
    report = Report(count=count, reference_ms=reference_ms())
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        folder = Path(tmp)
        echo(f"[1/4] making {count:,} listings and their documents through the real builder…")
        made = make_documents(count, keep_listings=http, echo=echo)
        products, docs = made.listings, made.documents
        report.docs_built_per_s = count / max(made.building_seconds, 1e-9)
        echo(
            f"      listings in {made.making_seconds:.1f} s, documents at "
            f"{report.docs_built_per_s:,.0f} docs/s"
        )

        echo("[2/4] indexing into a fresh tantivy index…")
        index_path = folder / "index"
        backend = TantivyBackend(index_path)
        began = time.perf_counter()
        backend.rebuild(_reporting(docs, count, echo))
        seconds = time.perf_counter() - began
        report.index_docs_per_s = count / max(seconds, 1e-9)
        stats = backend.stats()
        report.index_bytes = sum(f.stat().st_size for f in index_path.rglob("*") if f.is_file())
        echo(
            f"      {stats['documents']:,} documents in {seconds:.1f} s "
            f"({report.index_docs_per_s:,.0f} docs/s), {report.index_bytes / 1e6:.1f} MB"
        )
        del docs

        echo(f"[3/4] {QUERY_COUNT} queries against the engine (highlights on)…")
        mixed = query_mix()
        queries = [engine_query(args, n % 2 == 0) for n, args in enumerate(mixed)]
        for query in queries[:50]:  # warm the page cache and the term dictionaries
            backend.search(query)
        totals: list[int] = []
        report.engine = [timed(lambda q=q: totals.append(backend.search(q).total)) for q in queries]
        report.engine_facets = [t for t, q in zip(report.engine, queries, strict=True) if q.facets]
        report.median_hits = statistics.median(totals)
        echo(
            f"      p50 {statistics.median(report.engine):.2f} ms, "
            f"p95 {percentile(report.engine, 0.95):.2f} ms"
        )
        backend.close()

        if http:
            echo("[4/4] seeding a throwaway SQLite database and serving with gunicorn…")
            database_url = f"sqlite:///{folder / 'bench.db'}"
            began = time.perf_counter()
            seed_database(database_url, products)
            echo(f"      {count:,} listings inserted in {time.perf_counter() - began:.1f} s")
            del products
            server, port = start_server(index_path, database_url, folder)
            try:
                paths = ["/api/v1/search?" + urlencode(args) for args in mixed]
                # Warm both workers (each opens the index and the database on its own).
                with ThreadPoolExecutor(CONCURRENCY) as pool:
                    list(pool.map(lambda p: _get(port, p), paths[:100]))
                echo(f"      firing {len(paths)} queries at concurrency {CONCURRENCY}…")
                errors = 0

                def one(path: str) -> float:
                    nonlocal errors
                    began = time.perf_counter()
                    status, _ = _get(port, path)
                    if status != 200:
                        errors += 1
                    return (time.perf_counter() - began) * 1000

                began = time.perf_counter()
                with ThreadPoolExecutor(CONCURRENCY) as pool:
                    report.http = list(pool.map(one, paths))
                report.http_qps = len(paths) / (time.perf_counter() - began)
                report.http_errors = errors
                status, body = _get(port, paths[0])
                sample = json.loads(body)
                echo(
                    f"      first query: status {status}, total {sample.get('total')}, "
                    f"{len(sample.get('hits', []))} hits served"
                )
            finally:
                server.terminate()
                server.wait(timeout=30)
        echo("")
        echo(report.table())
    return report
