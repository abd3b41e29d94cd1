"""Raising a case with its locked shortlist, and cancelling one. Each verb checks its rules,
writes an audit event on the case and flushes; none commits (the request or command does)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import rfc8785
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from market.accounts.models import Organisation
from market.catalog.models import Product, ProductVersion
from market.catalog.permissions import is_public
from market.core.audit import Actor, record_event
from market.core.db import business_today, db
from market.core.errors import PermissionDenied, ValidationFailed
from market.procurement import permissions
from market.procurement.case_states import move, stage_due_on
from market.procurement.cases import Case, CaseState, ShortlistEntry
from market.procurement.green_channel import in_force

MAX_SHORTLIST = 20
MAX_BUDGET_FEN = 10**15  # ¥10 trillion: far above any purchase, far below BIGINT
NEED_LIMITS = {"title": 200, "description": 5000, "delivery_site": 200}
_CLAIMS = ("designations", "test_reports", "insurance_policies", "ip_rights", "references")


def raise_case(
    actor: Actor,
    need: Mapping[str, Any],
    products: Sequence[uuid.UUID] = (),
    versions: Sequence[uuid.UUID] = (),
    search_query: str = "",
    search_filters: Mapping[str, Any] | None = None,
) -> Case:
    """A new case in ``requested`` for the actor's organisation, with the shortlist locked: the
    live version of each of ``products`` (as search showed them) and each of ``versions``.

    ``need`` holds title, description, quantity, budget_fen, delivery_site and wanted_by.
    Raises PermissionDenied (not a requester or officer of a buyer), ValidationFailed (by
    field: the need, or a product that is not publicly listed).
    """
    user = actor.user
    if user is None or not permissions.can_raise_case(user):
        raise PermissionDenied(_("Only a buyer's requesters and officers raise cases."))
    today = business_today()
    problems = need_problems(need, today)
    shortlist, shortlist_problems = _shortlist(products, versions)
    problems.update(shortlist_problems)
    if len(search_query) > 200:
        problems["search_query"] = [_("At most 200 characters.")]
    if problems:
        raise ValidationFailed(_("Please correct the marked fields."), problems)

    org = user.organisation
    assert org is not None  # can_raise_case: a member of an active buyer
    case = Case(
        organisation_id=org.id,
        number=_next_number(org),
        title=need["title"].strip(),
        description=need["description"].strip(),
        quantity=need["quantity"],
        budget_fen=need["budget_fen"],
        delivery_site=need["delivery_site"].strip(),
        wanted_by=need["wanted_by"],
        state=CaseState.REQUESTED,
        raised_by_id=user.id,
        search_query=search_query.strip(),
        search_filters=dict(search_filters or {}),
    )
    db.session.add(case)
    case.config_version = in_force(org).version
    for position, version in enumerate(shortlist, start=1):
        snapshot = snapshot_of(version, today)
        case.shortlist.append(
            ShortlistEntry(
                position=position,
                product_id=version.product_id,
                version_id=version.id,
                vendor_id=version.product.vendor_id,
                snapshot=snapshot,
                snapshot_sha256=snapshot_sha256(snapshot),
                selected=False,
            )
        )
    case.stage_due_on = stage_due_on(case, CaseState.REQUESTED, today)
    db.session.flush()
    record_event(
        actor,
        "case.raised",
        case,
        after={
            "number": case.number,
            "title": case.title,
            "budget_fen": case.budget_fen,
            "config_version": case.config_version.number if case.config_version else None,
            "shortlist": [
                {"version_id": str(e.version_id), "snapshot_sha256": e.snapshot_sha256}
                for e in case.shortlist
            ],
        },
        organisation_id=org.id,
    )
    return case


def need_problems(need: Mapping[str, Any], today: date) -> dict[str, list[str]]:
    """What is wrong with a stated need, by field (empty when it can be raised)."""
    problems: dict[str, list[str]] = {}
    for name, limit in NEED_LIMITS.items():
        text = (need.get(name) or "").strip()
        if not text:
            problems[name] = [_("Required.")]
        elif len(text) > limit:
            problems[name] = [_("At most %(limit)d characters.", limit=limit)]
    quantity = need.get("quantity")
    if not isinstance(quantity, int) or not 1 <= quantity <= 1_000_000:
        problems["quantity"] = [_("A whole number from 1 to 1,000,000.")]
    budget = need.get("budget_fen")
    if not isinstance(budget, int) or budget <= 0:
        problems["budget"] = [_("The budget must be more than ¥0.")]
    elif budget > MAX_BUDGET_FEN:
        problems["budget"] = [_("The budget is implausibly large.")]
    wanted_by = need.get("wanted_by")
    if not isinstance(wanted_by, date):
        problems["wanted_by"] = [_("Required.")]
    elif wanted_by < today:
        problems["wanted_by"] = [_("The wanted date cannot be in the past.")]
    return problems


def _shortlist(
    products: Sequence[uuid.UUID], versions: Sequence[uuid.UUID]
) -> tuple[list[ProductVersion], dict[str, list[str]]]:
    """The live versions to lock, in the order given (products first), each once; a product
    or version that is not publicly listed now is refused, without saying whether it exists."""
    problems: dict[str, list[str]] = {}
    wanted_products = list(dict.fromkeys(products))
    wanted_versions = list(dict.fromkeys(versions))
    if not wanted_products and not wanted_versions:
        return [], {"products": [_("Shortlist at least one product.")]}
    if len(wanted_products) + len(wanted_versions) > MAX_SHORTLIST:
        return [], {"products": [_("At most %(n)d products in a shortlist.", n=MAX_SHORTLIST)]}
    loaded = {
        p.id: p
        for p in db.session.scalars(
            sa.select(Product)
            .where(Product.id.in_(wanted_products))
            .options(selectinload(Product.live_version), selectinload(Product.vendor))
        )
    }
    found: list[ProductVersion] = []
    if any(pid not in loaded or not is_public(loaded[pid]) for pid in wanted_products):
        problems["products"] = [_("Only products listed publicly now can be shortlisted.")]
    else:
        found += [loaded[pid].live_version for pid in wanted_products]  # type: ignore[misc]
    by_id = {
        v.id: v
        for v in db.session.scalars(
            sa.select(ProductVersion).where(ProductVersion.id.in_(wanted_versions))
        )
    }

    def live(version_id: uuid.UUID) -> bool:
        version = by_id.get(version_id)
        return (
            version is not None
            and is_public(version.product)
            and version.product.live_version_id == version.id
        )

    if not all(live(vid) for vid in wanted_versions):
        problems["versions"] = [_("Only the live version of a public listing can be shortlisted.")]
    else:
        found += [by_id[vid] for vid in wanted_versions]
    unique = list({v.id: v for v in found}.values())
    return unique, problems


def _next_number(org: Organisation) -> int:
    # The organisation's row lock makes two cases raised at once take 1 and 2, not both 1
    # (PostgreSQL; SQLite's write lock already queues them).
    db.session.execute(
        sa.select(Organisation.id).where(Organisation.id == org.id).with_for_update()
    )
    highest = db.session.scalar(
        sa.select(sa.func.max(Case.number)).where(Case.organisation_id == org.id)
    )
    return (highest or 0) + 1


def snapshot_of(version: ProductVersion, today: date) -> dict[str, Any]:
    """What the buyer saw of ``version``: its description and every claim with its review
    standing on ``today``, as JSON values (dates as ISO strings, money as fen integers)."""

    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if hasattr(value, "value"):  # an enum
            return value.value
        return value

    product = version.product
    vendor = product.vendor
    return {
        "taken_on": today.isoformat(),
        "product_id": str(product.id),
        "version_id": str(version.id),
        "version_number": version.number,
        "category": version.category.value,
        "name_zh": version.name_zh,
        "name_en": version.name_en,
        "summary": version.summary,
        "technical_field": version.technical_field.value,
        "region": version.region,
        "vendor": {"id": str(vendor.id), "name_zh": vendor.name_zh, "name_en": vendor.name_en},
        "price_min_fen": version.price_min_fen,
        "price_max_fen": version.price_max_fen,
        "first_sale_date": plain(version.first_sale_date),
        "first_release_date": plain(version.first_release_date),
        "evidence": {
            name: [
                {
                    **{field: plain(v) for field, v in claim.content().items()},
                    "review_status": claim.review_status.value,
                }
                for claim in getattr(version, name)
            ]
            for name in _CLAIMS
        },
    }


def snapshot_sha256(snapshot: Mapping[str, Any]) -> str:
    """The SHA-256 of the snapshot's RFC 8785 canonical JSON: anyone can recompute it."""
    return hashlib.sha256(rfc8785.dumps(dict(snapshot))).hexdigest()


def cancel(case: Case, actor: Actor, reason: str, version: int | None = None) -> None:
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise ValidationFailed(
            _("Please correct the marked fields."), {"reason": [_("At most 2,000 characters.")]}
        )

    def effects() -> None:
        case.cancel_reason = reason

    move(
        case,
        "cancel",
        actor,
        version=version,
        facts={"reason": reason},
        effects=effects,
        after={"reason": reason},
    )
