"""The search page: works without JavaScript, and its URL carries the whole query."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from market.accounts.models import Organisation, OrgKind, OrgStatus, organisation_name
from market.catalog import display
from market.catalog.taxonomy import Category, DesignationKind, TechnicalField
from market.core.db import db
from market.discovery.finding import FACET_PARAMS, Ask, find, shown

bp = Blueprint("discovery", __name__, static_folder="static", static_url_path="/static/discovery")

FACET_TITLES = {
    "category": _l("Category"),
    "field": _l("Technical field"),
    "region": _l("Region"),
    "kind": _l("Designation"),
}
_ENUMS = {"category": Category, "field": TechnicalField, "kind": DesignationKind}


def facet_label(name: str, value: str) -> str:
    if name == "region":
        return display.province(value)
    try:
        return display.vocabulary(_ENUMS[name](value))
    except (KeyError, ValueError):
        return value


def vendor_names(ids: tuple[str, ...]) -> dict[str, str]:
    """The names of the listed vendors among ``ids``, for the filter chips (a suspended or unknown
    one is not named: its listings are not shown either)."""
    if not ids:
        return {}
    vendors = db.session.execute(
        sa.select(Organisation.id, Organisation.name_zh, Organisation.name_en).where(
            Organisation.id.in_([uuid.UUID(i) for i in ids]),
            Organisation.kind == OrgKind.VENDOR,
            Organisation.status == OrgStatus.ACTIVE,
        )
    )
    return {str(row.id): organisation_name(row.name_zh, row.name_en) for row in vendors}


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return display.template_helpers()


@bp.get("/search")
def search_page() -> Any:
    ask = Ask.parse(request.args)
    found = find(ask)

    def link(other: Ask, **overrides: Any) -> str:
        return url_for("discovery.search_page", **other.url_args(**overrides))

    return render_template(
        "discovery/search.html",
        ask=ask,
        found=found,
        facet_params=list(FACET_PARAMS),
        facet_titles=FACET_TITLES,
        facet_label=facet_label,
        shown=shown,
        link=link,
        vendor_names=vendor_names(ask.vendors),
        price_reversed=(
            ask.price_min_yuan is not None
            and ask.price_max_yuan is not None
            and ask.price_min_yuan > ask.price_max_yuan
        ),
    )
