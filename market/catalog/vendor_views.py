"""The vendor's pages: dashboard, listing editor, evidence and documents, submit and withdraw;
and the workflow buttons of the product page, the operator's moderation among them.

Every page edits the listing's working draft through ``market.catalog.editing``; for a published
listing the first change starts a new version, reviewed while the live one stays visible.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from market.accounts.forms import ConfirmForm, apply_field_errors
from market.catalog import editing, permissions, queries, services
from market.catalog.evidence import CLAIM_TYPES, Claim, Document, DocumentVisibility
from market.catalog.evidence_forms import CLAIM_FORMS, DocumentForm
from market.catalog.forms import PRODUCT_FORMS, ActionForm
from market.catalog.models import EDITABLE_VERSION_STATUSES, ListingState, Product
from market.catalog.public_views import PRODUCT_ACTIONS, render_product
from market.catalog.taxonomy import Category
from market.catalog.views import (
    FORM_ERROR,
    PER_PAGE,
    bp,
    editable_product,
    viewer,
    visible_product,
)
from market.core.db import business_today, db
from market.core.errors import Conflict, NotFound, ValidationFailed
from market.core.paging import page_number, paginate
from market.core.web import current_actor

DONE = {
    "submit": _l("Submitted for review. A reviewer will look at it."),
    "withdraw": _l("The listing is withdrawn."),
    "suspend": _l("The listing is suspended."),
    "reinstate": _l("The listing is reinstated."),
    "delist": _l("The listing is delisted."),
}


def _require_vendor() -> None:
    if not permissions.can_list_products(viewer()):
        raise NotFound(_("No such page."))


@bp.get("/vendor/listings")
@login_required
def vendor_listings() -> Any:
    _require_vendor()
    state_filter = request.args.get("state", "")
    state = ListingState(state_filter) if state_filter in set(ListingState) else None
    page = paginate(
        queries.vendor_listings(current_user.organisation_id, state), page_number(), PER_PAGE
    )
    return render_template(
        "catalog/vendor_listings.html",
        page=page,
        state_filter=state_filter,
        states=list(ListingState),
        categories=list(Category),
        today=business_today(),
        effective_state=services.effective_state,
    )


@bp.route("/vendor/listings/new", methods=["GET", "POST"])
@login_required
def new_listing() -> Any:
    _require_vendor()
    chosen = request.args.get("category", "")
    if not chosen:
        return render_template("catalog/new_listing.html", categories=list(Category), form=None)
    if chosen not in set(Category):
        raise NotFound(_("No such kind of product."))
    category = Category(chosen)
    form = PRODUCT_FORMS[category]()
    form.submit.label.text = _("Create draft")
    if form.validate_on_submit():
        try:
            listing = editing.create_product(
                current_user.organisation, category, form.content(), current_actor()
            )
        except ValidationFailed as exc:
            db.session.rollback()
            form.show_errors(exc.fields)
        else:
            flash(_("Draft saved. Now add the evidence buyers rely on."), "success")
            return redirect(url_for("catalog.evidence", product_id=listing.id))
    status = FORM_ERROR if form.is_submitted() else 200
    return render_template(
        "catalog/new_listing.html", categories=list(Category), category=category, form=form
    ), status


@bp.route("/products/<uuid:product_id>/edit", methods=["GET", "POST"])
@login_required
def edit(product_id: uuid.UUID) -> Any:
    product = editable_product(product_id)
    base = product.current_version
    under_review = base.status not in EDITABLE_VERSION_STATUSES and not base.is_frozen
    if under_review and request.method == "POST":
        raise Conflict(_("This version is under review; wait for the reviewer's decision."))
    form_class = PRODUCT_FORMS[product.category]
    form = form_class() if request.method == "POST" else form_class(data=form_class.data_from(base))
    if form.validate_on_submit():
        content = form.content()
        changes = {name: value for name, value in content.items() if getattr(base, name) != value}
        if not changes:
            flash(_("Nothing changed."), "info")
            return redirect(url_for("catalog.product", product_id=product.id))
        try:
            version = editing.update_draft(product, changes, current_actor())
        except ValidationFailed as exc:
            db.session.rollback()
            form.show_errors(exc.fields)
        else:
            flash(_("Version %(n)d saved as a draft.", n=version.number), "success")
            return redirect(
                url_for("catalog.product", product_id=product.id, version=version.number)
            )
    status = FORM_ERROR if form.is_submitted() else 200
    return render_template(
        "catalog/edit.html", product=product, base=base, form=form, under_review=under_review
    ), status


# -- evidence and documents ----------------------------------------------------------------------


@bp.get("/products/<uuid:product_id>/evidence")
@login_required
def evidence(product_id: uuid.UUID) -> Any:
    return render_evidence(editable_product(product_id), DocumentForm(formdata=None))


def render_evidence(product: Product, upload_form: DocumentForm, status: int = 200) -> Any:
    version = product.current_version
    return render_template(
        "catalog/evidence.html",
        product=product,
        version=version,
        editable=version.status in EDITABLE_VERSION_STATUSES,
        under_review=version.status not in EDITABLE_VERSION_STATUSES and not version.is_frozen,
        upload_form=upload_form,
        confirm_form=ConfirmForm(formdata=None),
        submit_form=ActionForm(prefix="submit", formdata=None),
    ), status


@bp.route("/products/<uuid:product_id>/evidence/<kind>/new", methods=["GET", "POST"])
@login_required
def add_claim(product_id: uuid.UUID, kind: str) -> Any:
    if kind not in CLAIM_FORMS:
        raise NotFound(_("No such kind of evidence."))
    product = editable_product(product_id)
    form = CLAIM_FORMS[kind]()
    form.fit(product.category)
    if form.validate_on_submit():
        try:
            editing.add_claim(product, kind, form.content(), current_actor())
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        else:
            flash(_("Added. A reviewer verifies it before it shows as verified."), "success")
            return redirect(url_for("catalog.evidence", product_id=product.id))
    status = FORM_ERROR if form.is_submitted() else 200
    return render_template("catalog/claim_form.html", product=product, kind=kind, form=form), status


@bp.post("/products/<uuid:product_id>/evidence/<kind>/<uuid:claim_id>/remove")
@login_required
def remove_claim(product_id: uuid.UUID, kind: str, claim_id: uuid.UUID) -> Any:
    product = editable_product(product_id)
    claim_type = CLAIM_TYPES.get(kind)
    claim: Claim | None = db.session.get(claim_type, claim_id) if claim_type else None
    if claim is None or claim.version.product_id != product.id:
        raise NotFound(_("No such evidence."))
    if ConfirmForm().validate_on_submit():
        editing.remove_claim(claim, current_actor())
        flash(_("Removed."), "success")
    return redirect(url_for("catalog.evidence", product_id=product.id))


@bp.post("/products/<uuid:product_id>/documents")
@login_required
def upload_document(product_id: uuid.UUID) -> Any:
    product = editable_product(product_id)
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            document = editing.attach_document(
                product,
                stream=upload.stream,
                filename=upload.filename or "",
                title=form.title.data,
                visibility=DocumentVisibility(form.visibility.data),
                storage_root=Path(current_app.config["DOCUMENT_STORAGE"]),
                max_bytes=current_app.config["MAX_DOCUMENT_BYTES"],
                actor=current_actor(),
            )
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        else:
            flash(_("%(name)s uploaded.", name=document.filename), "success")
            return redirect(url_for("catalog.evidence", product_id=product.id))
    return render_evidence(product, form, FORM_ERROR)


@bp.post("/products/<uuid:product_id>/documents/<uuid:document_id>/remove")
@login_required
def remove_document(product_id: uuid.UUID, document_id: uuid.UUID) -> Any:
    product = editable_product(product_id)
    document = db.session.get(Document, document_id)
    if document is None or document.version.product_id != product.id:
        raise NotFound(_("No such document."))
    if ConfirmForm().validate_on_submit():
        editing.remove_document(document, current_actor())
        flash(_("%(name)s removed.", name=document.filename), "success")
    return redirect(url_for("catalog.evidence", product_id=product.id))


@bp.post("/products/<uuid:product_id>/revision")
@login_required
def start_revision(product_id: uuid.UUID) -> Any:
    """Start a new version of a published listing (also started by its first edit)."""
    product = editable_product(product_id)
    if ConfirmForm().validate_on_submit():
        version = editing.editable_version(product, current_actor())
        flash(_("Version %(n)d started as a draft.", n=version.number), "success")
    return redirect(url_for("catalog.evidence", product_id=product.id))


# -- workflow buttons ----------------------------------------------------------------------------


@bp.post("/products/<uuid:product_id>/actions/<action>")
@login_required
def act(product_id: uuid.UUID, action: str) -> Any:
    """Submit and withdraw (the vendor); suspend, reinstate, delist (the operator). The verbs
    check who may: others get 403 (or 404 where they may not see the listing at all)."""
    if action not in PRODUCT_ACTIONS:
        raise NotFound(_("No such action."))
    product = visible_product(product_id)
    form = ActionForm(prefix=action)
    if form.validate_on_submit():
        try:
            services.transition(
                product, action, current_actor(), form.reason.data or "", form.version.data
            )
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        else:
            flash(str(DONE[action]), "success")
            return redirect(url_for("catalog.product", product_id=product.id))
    return render_product(product, forms={action: form}, status=FORM_ERROR)
