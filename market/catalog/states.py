"""The listing's transition table (DESIGN.md, "Catalog"): who takes each action, from where, to
where, and the evidence it needs. The version's own table (``VERSION_STATES``) moves with it
inside the verbs; the services in ``market.catalog.services`` take every step through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from market.catalog import permissions, rules
from market.catalog.editing import missing_fields
from market.catalog.models import (
    LIVE_STATES,
    VERSION_STATES,
    ListingState,
    Product,
    VersionStatus,
)
from market.core.db import business_today
from market.core.states import Guard, Permit, StateMachine, Transition

if TYPE_CHECKING:
    from market.accounts.models import User

_S = ListingState


def _vendor_staff(message: Any) -> Permit[Product]:
    return Permit("vendor staff", permissions.is_vendor_staff, message)


def _reviewer(message: Any) -> Permit[Product]:
    return Permit("operator reviewer", lambda user, product: permissions.can_review(user), message)


def _moderator(message: Any) -> Permit[Product]:
    return Permit(
        "operator reviewer or admin", lambda user, product: permissions.can_moderate(user), message
    )


def _evidence_present(product: Product, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    # A reviewer can only verify what is there: without the evidence publishing needs, the
    # version would wait in the queue only to be sent back.
    working = product.working_version
    if working is None or rules.has_core_evidence(working):
        return {}
    return {
        "evidence": [_("Add at least one designation or test report before submitting for review.")]
    }


# The editor's names of the fields a draft must hold to be submitted (catalog.forms).
CONTENT_LABELS = {
    "name_zh": _l("Name (Chinese)"),
    "name_en": _l("Name (English)"),
    "summary": _l("Summary"),
    "technical_field": _l("Technical field"),
    "region": _l("Region (province)"),
    "unit_value_fen": _l("Unit value (yuan)"),
    "unit_ordinal": _l("Unit ordinal"),
    "variety_spec": _l("Variety and specification"),
    "version_number": _l("Version number"),
    "deployment_model": _l("Deployment model"),
}


def _content_complete(product: Product, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    # Only a draft imported from a published list lacks any (editing.create_product).
    working = product.working_version
    if working is None:
        return {}
    return {
        name: [_("%(field)s: fill it in before submitting for review.", field=CONTENT_LABELS[name])]
        for name in missing_fields(working)
    }


def _publishable(product: Product, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    working = product.working_version
    if working is None or working.status != VersionStatus.SUBMITTED:
        return {}  # nothing to publish: the verb answers 409
    problems = rules.publication_problems(working, facts.get("today") or business_today())
    return {"evidence": problems} if problems else {}


CONTENT_COMPLETE = Guard("content complete", _content_complete)
EVIDENCE_PRESENT = Guard("evidence present", _evidence_present)
PUBLISHABLE = Guard("evidence verified and valid", _publishable)

# Everything but the end states: where a vendor may withdraw, an operator delist.
OPEN_STATES = frozenset(set(_S) - {_S.WITHDRAWN, _S.DELISTED})

LISTING_STATES: StateMachine[ListingState, Product] = StateMachine(
    "listing",
    "state",
    (
        Transition(
            "submit",
            frozenset({_S.DRAFT, _S.CHANGES_REQUESTED}),
            _S.SUBMITTED,
            _vendor_staff(_l("Only the vendor's staff submit a listing.")),
            (CONTENT_COMPLETE, EVIDENCE_PRESENT),
        ),
        Transition(
            # A revision of a live listing is submitted and reviewed while the listing stays as
            # it is; publishing it keeps (or makes again) the listing published.
            "submit_revision",
            LIVE_STATES,
            None,
            _vendor_staff(_l("Only the vendor's staff submit a listing.")),
            (CONTENT_COMPLETE, EVIDENCE_PRESENT),
        ),
        Transition(
            "request_changes",
            frozenset({_S.SUBMITTED}),
            _S.CHANGES_REQUESTED,
            _reviewer(_l("Only reviewers review listings.")),
        ),
        Transition(
            "request_changes_revision",
            LIVE_STATES,
            None,
            _reviewer(_l("Only reviewers review listings.")),
        ),
        Transition(
            "publish",
            frozenset({_S.SUBMITTED, _S.PUBLISHED, _S.EXPIRED}),
            _S.PUBLISHED,
            _reviewer(_l("Only reviewers publish listings.")),
            (PUBLISHABLE,),
        ),
        Transition(
            "suspend",
            frozenset({_S.PUBLISHED}),
            _S.SUSPENDED,
            _moderator(_l("Only the operator suspends listings.")),
        ),
        Transition(
            "reinstate",
            frozenset({_S.SUSPENDED}),
            _S.PUBLISHED,
            _moderator(_l("Only the operator reinstates listings.")),
        ),
        # Only the platform's daily job expires a listing, when its designations have lapsed.
        Transition("expire", frozenset({_S.PUBLISHED}), _S.EXPIRED),
        Transition(
            "withdraw",
            OPEN_STATES,
            _S.WITHDRAWN,
            _vendor_staff(_l("Only the vendor's staff withdraw a listing.")),
        ),
        Transition(
            "delist",
            frozenset(set(_S) - {_S.DELISTED}),
            _S.DELISTED,
            _moderator(_l("Only the operator delists listings.")),
        ),
    ),
    verb_prefix="product",
    organisation_of=lambda product: product.vendor_id,
)

# The version move each listing action makes: a page offers the action only when both tables
# allow it (a revision already in review is not submitted again).
_VERSION_MOVES = {
    "submit": "submit",
    "submit_revision": "submit",
    "request_changes": "request_changes",
    "request_changes_revision": "request_changes",
    "publish": "publish",
}


def offered_actions(user: User | None, product: Product) -> frozenset[str]:
    """What ``user`` may do to ``product`` now, by the names the pages and the API use (a
    revision's ``submit_revision`` is offered as ``submit``). Guards are left to the action, so
    its refusal says what is missing."""
    offered = set()
    for action in LISTING_STATES.allowed_actions(user, product):
        move = _VERSION_MOVES.get(action)
        if move is not None:
            working = product.working_version
            if working is None or working.status not in VERSION_STATES.transition(move).sources:
                continue
        offered.add(action.removesuffix("_revision"))
    return frozenset(offered)
