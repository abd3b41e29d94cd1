"""Growing a database of cases through the verbs and timing the pages that read them.

The cases are raised by the demo buyer's requester from five published listings and moved on
as people would: one in five taken up, one in ten carried to the collective decision, one in
twenty decided. Each page is requested in-process (Flask's test client, signed in as the
officer), so the figures are the server's own work; statements are counted per request with a
SQLAlchemy event. Absolute times vary two- or threefold between machines and hours: the target
is the ratio of each page's p95 at the largest size to its p95 at the smallest, in one run.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import flask_migrate
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event

from market import create_app
from market.accounts import sessions
from market.accounts.models import User
from market.catalog import editing, services
from market.catalog.evidence import ReviewStatus
from market.catalog.models import Product
from market.catalog.taxonomy import Category, DesignationKind, TechnicalField
from market.core.audit import Actor
from market.core.db import business_today, db
from market.demo.cli import seed_accounts
from market.demo.green_channel import seed_green_channels
from market.procurement import assessing, deciding, evaluating, raising
from market.procurement.cases import Case
from market.procurement.configuration import ProcurementMethod
from market.procurement.decisions import MeetingKind, VoteChoice

PASSWORD = "Bench-cases-2026"  # noqa: S105 (the throwaway database's demo logins)
TARGET_RATIO = 1.5
PAGES = ("case list page", "case page", "inbox (home)", "GET /api/v1/cases")


@dataclass
class Measured:
    statements: dict[str, int] = field(default_factory=dict)
    millis: dict[str, list[float]] = field(default_factory=dict)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def run(sizes: list[int], requests: int, echo: Callable[[str], None]) -> dict[int, Measured]:
    with tempfile.TemporaryDirectory(prefix="bench-cases-") as folder:
        app = _app(Path(folder))
        results: dict[int, Measured] = {}
        # Each step in an application context of its own, and the requests in none, so that
        # every request loads its user and session as in production (a context left open
        # would keep them in ``g`` from one request to the next).
        with app.app_context():
            people, products = _setup()
        made = 0
        for size in sizes:
            began = time.perf_counter()
            with app.app_context():
                made = _grow(made, size, people, products, echo)
            seconds = time.perf_counter() - began
            echo(f"{size:,} cases ({seconds:.0f} s to raise and move them)")
            # What raising left in memory is not the server's: without this, collecting the
            # 10,000 cases' objects shows up as pauses in the larger size's p95.
            gc.collect()
            gc.freeze()
            results[size] = _measure(app, people, requests)
            gc.unfreeze()
        with app.app_context():
            db.engine.dispose()
    _print(results, requests, echo)
    return results


def _app(folder: Path) -> Flask:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'cases.db'}",
            "SEARCH_INDEX_PATH": str(folder / "search"),
            "DOCUMENT_STORAGE": str(folder / "documents"),
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
            "RATELIMIT_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
    return app


def _setup() -> tuple[dict[str, uuid.UUID], list[uuid.UUID]]:
    with db.session.begin():
        _created, orgs = seed_accounts(PASSWORD)
        seed_green_channels(orgs)
    people = {
        login: db.session.scalar(sa.select(User).where(User.email == f"{login}@buyer1.demo"))
        for login in ("requester", "officer", "approver1", "approver2", "approver3")
    }
    staff = db.session.scalar(sa.select(User).where(User.email == "staff@vendor1.demo"))
    reviewer = db.session.scalar(sa.select(User).where(User.email == "reviewer@operator.demo"))
    products = [_publish(staff, reviewer, n) for n in range(1, 6)]
    db.session.commit()
    return {login: user.id for login, user in people.items()}, [p.id for p in products]


def _publish(staff: User, reviewer: User, n: int) -> Product:
    vendor, review = Actor(user=staff), Actor(user=reviewer)
    product = editing.create_product(
        staff.organisation,  # type: ignore[arg-type]
        Category.EQUIPMENT,
        {
            "name_zh": f"基准测试机器人 {n}",
            "name_en": f"Benchmark robot {n}",
            "summary": "A welding robot for the case benchmark.",
            "technical_field": TechnicalField.INDUSTRIAL_ROBOTS,
            "region": "320000",
            "unit_value_fen": 150_000_000,
            "unit_ordinal": 1,
        },
        vendor,
    )
    claim = editing.add_claim(
        product,
        "designations",
        {
            "kind": DesignationKind.MIIT_CATALOGUE,
            "authority": "工业和信息化部",
            "document_number": f"工信部装函〔2025〕{n}号",
            "valid_from": date(2025, 1, 1),
            "valid_until": date(2099, 12, 31),
        },
        vendor,
    )
    services.submit(product, vendor)
    services.review_claim(claim, ReviewStatus.VERIFIED, "", review)
    services.publish(product, review)
    return product


def _grow(
    made: int,
    size: int,
    people: dict[str, uuid.UUID],
    products: list[uuid.UUID],
    echo: Callable[[str], None],
) -> int:
    actor = {
        login: Actor(user=db.session.get(User, user_id), address="bench")
        for login, user_id in people.items()
    }
    step = max((size - made) // 10, 1)
    for number in range(made + 1, size + 1):
        chosen = [products[(number + k) % len(products)] for k in range(3)]
        case = raising.raise_case(
            actor["requester"],
            {
                "title": f"Benchmark case {number}",
                "description": "Robots for a welding line.",
                "quantity": 1,
                "budget_fen": 100_000_000,
                "delivery_site": "Plant 1",
                "wanted_by": business_today() + timedelta(days=90),
            },
            products=chosen,
            search_query="机器人",
        )
        if number % 5 == 0:
            evaluating.start_evaluation(case, actor["officer"])
        if number % 10 == 0:
            _to_decision(case, actor)
        if number % 20 == 0:
            _decide(case, actor)
        if number % 500 == 0:
            db.session.commit()
        if (number - made) % step == 0 and size >= 1000:
            echo(f"  {number:,} cases…")
    db.session.commit()
    return size


def _to_decision(case: Case, actor: dict[str, Actor]) -> None:
    officer, requester = actor["officer"], actor["requester"]
    evaluating.set_criteria(
        case, officer, [{"name": "Precision", "weight": 70}, {"name": "Service", "weight": 30}]
    )
    criteria = evaluating.criteria_of(case)
    for scorer in (officer, requester):
        evaluating.score(
            case,
            scorer,
            [
                {"entry_id": e.id, "criterion_id": c.id, "value": 7, "comment": ""}
                for e in case.shortlist
                for c in criteria
            ],
        )
    evaluating.select(case, officer, case.shortlist[0].id, ProcurementMethod.SINGLE_SOURCE, "Best.")
    assessing.add_risk(
        case,
        officer,
        {
            "description": "Late delivery",
            "likelihood": 2,
            "impact": 3,
            "mitigation": "Penalty clause.",
            "owner": "Procurement",
        },
    )
    assessing.set_position(case, officer, None, "Performance bond.", "Old line.")
    assessing.submit_risks(case, officer)
    deciding.record_meeting(
        case,
        officer,
        business_today(),
        MeetingKind.BOARD,
        [actor[f"approver{n}"].user.id for n in (1, 2, 3)],  # type: ignore[union-attr]
    )
    deciding.declare(case, actor["approver1"], False)
    deciding.vote(case, actor["approver1"], VoteChoice.APPROVE)


def _decide(case: Case, actor: dict[str, Actor]) -> None:
    for login in ("approver2", "approver3"):
        deciding.declare(case, actor[login], False)
        deciding.vote(case, actor[login], VoteChoice.APPROVE)
    deciding.close_vote(case, actor["officer"])


def _measure(app: Flask, people: dict[str, uuid.UUID], requests: int) -> Measured:
    with app.app_context():
        officer = db.session.get(User, people["officer"])
        assert officer is not None
        secret = sessions.begin_session(officer)
        _token, raw = _api_token(officer)
        db.session.commit()
        # The richest page: the newest case waiting on its vote (meeting, scores, risks).
        richest = db.session.scalar(
            sa.select(Case.id)
            .where(Case.state == "collective_decision")
            .order_by(Case.created_at.desc())
            .limit(1)
        )
        counter = _StatementCounter(db.engine)
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = secret
        cookie["_fresh"] = True
    bearer = {"Authorization": f"Bearer {raw}"}
    calls: dict[str, Callable[[], Any]] = {
        "case list page": lambda: client.get("/cases"),
        "case page": lambda: client.get(f"/cases/{richest}"),
        "inbox (home)": lambda: client.get("/"),
        "GET /api/v1/cases": lambda: client.get("/api/v1/cases", headers=bearer),
    }
    measured = Measured()
    for page, call in calls.items():
        for _ in range(5):  # warm up: templates compiled, caches filled
            _check(call())
        with counter.counting():
            _check(call())
        measured.statements[page] = counter.count
        times = []
        for _ in range(requests):
            began = time.perf_counter()
            _check(call())
            times.append((time.perf_counter() - began) * 1000)
        measured.millis[page] = times
    counter.close()
    return measured


def _api_token(user: User) -> tuple[Any, str]:
    from market.accounts.credentials import create_api_token

    return create_api_token(user, "bench-cases", Actor(user=None, is_system=True))


def _check(response: Any) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"{response.request.path}: status {response.status_code}")


class _StatementCounter:
    def __init__(self, engine: sa.Engine) -> None:
        self.count = 0
        self._on = False
        self._engine = engine
        event.listen(engine, "before_cursor_execute", self._seen)

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._seen)

    def _seen(self, *args: Any) -> None:
        if self._on:
            self.count += 1

    def counting(self) -> _StatementCounter:
        self.count = 0
        return self

    def __enter__(self) -> None:
        self._on = True

    def __exit__(self, *exc: Any) -> None:
        self._on = False


def _print(results: dict[int, Measured], requests: int, echo: Callable[[str], None]) -> None:
    sizes = sorted(results)
    small, large = sizes[0], sizes[-1]
    echo("")
    echo(f"Case pages, {requests} requests each, in-process (ms); SQL statements per request")
    header = ["page"]
    for size in sizes:
        header += [f"stmts @{size:,}", f"p50 @{size:,}", f"p95 @{size:,}"]
    header += [f"p95 ratio {large:,}/{small:,}", "verdict"]
    echo("| " + " | ".join(header) + " |")
    echo("|" + "---|" * len(header))
    for page in PAGES:
        row = [page]
        for size in sizes:
            times = results[size].millis[page]
            row += [
                str(results[size].statements[page]),
                f"{statistics.median(times):.1f}",
                f"{percentile(times, 0.95):.1f}",
            ]
        ratio = percentile(results[large].millis[page], 0.95) / percentile(
            results[small].millis[page], 0.95
        )
        same = len({results[size].statements[page] for size in sizes}) == 1
        ok = ratio <= TARGET_RATIO and same
        row += [f"{ratio:.2f}", "ok" if ok else "MISSED"]
        echo("| " + " | ".join(row) + " |")
    echo(f"Target: p95 at {large:,} at most {TARGET_RATIO}x p95 at {small:,}; statements constant.")
