"""The operator's review: the queue (oldest first) and the review page, where a reviewer compares
the submitted version with the live one, verifies or rejects each claim, asks for changes or
publishes. Pages for reviewers only; everyone else gets a 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.orm import selectinload

from market.accounts.forms import ConfirmForm, apply_field_errors
from market.catalog import permissions, queries, rules, services
from market.catalog.evidence import CLAIM_TYPES, Claim, ReviewStatus
from market.catalog.forms import ClaimReviewForm, FeedbackForm
from market.catalog.models import Product, VersionStatus
from market.catalog.views import FORM_ERROR, bp, viewer, visible_product
from market.core.db import business_today, db
from market.core.errors import Conflict, NotFound, ValidationFailed
from market.core.paging import page_number, paginate
from market.core.web import current_actor

QUEUE_PER_PAGE = 50


def _require_reviewer() -> None:
    if not permissions.can_review(viewer()):
        raise NotFound(_("No such page."))


@bp.get("/review")
@login_required
def review_queue() -> Any:
    _require_reviewer()
    query = queries.review_queue().options(
        selectinload(Product.vendor), selectinload(Product.working_version)
    )
    page = paginate(query, page_number(), QUEUE_PER_PAGE)
    return render_template("catalog/review_queue.html", page=page)


@bp.get("/review/<uuid:product_id>")
@login_required
def review(product_id: uuid.UUID) -> Any:
    _require_reviewer()
    return render_review(visible_product(product_id))


def render_review(
    product: Product,
    feedback_form: FeedbackForm | None = None,
    claim_form: tuple[uuid.UUID, ClaimReviewForm] | None = None,
    status: int = 200,
) -> Any:
    working = product.working_version
    in_review = working is not None and working.status == VersionStatus.SUBMITTED
    claim_forms: dict[uuid.UUID, ClaimReviewForm] = {}
    if working is not None:
        claim_forms = {
            claim.id: ClaimReviewForm(prefix=_claim_prefix(claim), formdata=None)
            for claim in working.claims
        }
    if claim_form is not None:
        claim_forms[claim_form[0]] = claim_form[1]
    return render_template(
        "catalog/review.html",
        claim_anchor=claim_anchor,
        product=product,
        live=product.live_version,
        working=working,
        in_review=in_review,
        changes=queries.version_diff(product.live_version, working) if working else [],
        problems=rules.publication_problems(working, business_today()) if in_review else [],
        badges=queries.badges(working) if working else [],
        claim_forms=claim_forms,
        feedback_form=feedback_form or FeedbackForm(formdata=None, version=product.lock_version),
        confirm_form=ConfirmForm(formdata=None, version=product.lock_version),
        state=services.effective_state(product, business_today()),
    ), status


@bp.post("/review/<uuid:product_id>/claims/<kind>/<uuid:claim_id>")
@login_required
def review_claim(product_id: uuid.UUID, kind: str, claim_id: uuid.UUID) -> Any:
    _require_reviewer()
    product = visible_product(product_id)
    claim = _claim_of(product, kind, claim_id)
    form = ClaimReviewForm(prefix=_claim_prefix(claim))
    if form.validate_on_submit() and (form.verify.data or form.reject.data):
        decision = ReviewStatus.VERIFIED if form.verify.data else ReviewStatus.REJECTED
        try:
            services.review_claim(claim, decision, form.note.data or "", current_actor())
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        except Conflict as exc:  # decided already (a second click, a stale tab)
            db.session.rollback()
            form.form_errors.append(exc.message)
            return render_review(product, claim_form=(claim_id, form), status=exc.status)
        else:
            if decision == ReviewStatus.VERIFIED:
                flash(_("Verified."), "success")
            else:
                flash(_("Rejected; the vendor sees your note."), "success")
            # Back to the claim just reviewed, not to the top of a long page: the browser
            # scrolls to the fragment's anchor, the claim's card.
            return redirect(
                url_for("catalog.review", product_id=product.id, _anchor=claim_anchor(claim))
            )
    return render_review(product, claim_form=(claim_id, form), status=FORM_ERROR)


@bp.post("/review/<uuid:product_id>/request-changes")
@login_required
def request_changes(product_id: uuid.UUID) -> Any:
    _require_reviewer()
    product = visible_product(product_id)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            services.request_changes(
                product, form.feedback.data, current_actor(), read_version=form.version.data
            )
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        else:
            flash(_("Sent back to the vendor with your feedback."), "success")
            return redirect(url_for("catalog.review_queue"))
    return render_review(product, feedback_form=form, status=FORM_ERROR)


@bp.post("/review/<uuid:product_id>/publish")
@login_required
def publish(product_id: uuid.UUID) -> Any:
    _require_reviewer()
    product = visible_product(product_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.publish(product, current_actor(), read_version=form.version.data)
        except ValidationFailed as exc:
            db.session.rollback()
            flash(exc.message, "danger")
            return render_review(product, status=FORM_ERROR)
        flash(_("Published: buyers now see this version."), "success")
        return redirect(url_for("catalog.product", product_id=product.id))
    return redirect(url_for("catalog.review", product_id=product.id))


def _claim_of(product: Product, kind: str, claim_id: uuid.UUID) -> Claim:
    claim_type = CLAIM_TYPES.get(kind)
    claim = db.session.get(claim_type, claim_id) if claim_type else None
    if claim is None or claim.version.product_id != product.id:
        raise NotFound(_("No such evidence."))
    return claim


def _claim_prefix(claim: Claim) -> str:
    return f"claim-{claim.id.hex}"


def claim_anchor(claim: Claim) -> str:
    """The id of the claim's card on the review page (templates/catalog/review.html)."""
    return f"claim-{claim.id}"
