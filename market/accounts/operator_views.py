"""Pages of the operator's admins for organisations: the list by status and kind, approving,
rejecting, suspending and reinstating, renaming, and creating buyer organisations. They attach
to the ``organisations`` blueprint of ``market.accounts.organisation_views``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from market.accounts import name_changes, permissions, services
from market.accounts.forms import (
    BuyerOrganisationForm,
    ConfirmForm,
    RejectForm,
    RenameForm,
    apply_field_errors,
)
from market.accounts.models import NameChangeRequest, Organisation, OrgKind, OrgStatus
from market.accounts.organisation_views import FORM_ERROR, bp
from market.accounts.states import organisation_actions
from market.core.db import db
from market.core.errors import NotFound, ValidationFailed
from market.core.permissions import requires
from market.core.web import current_actor

# Not a 403: these pages' existence is nobody else's business.
operator_admins_only = requires(permissions.can_manage_organisations, hidden=True)


@bp.get("/operator/organisations")
@operator_admins_only
def operator_organisations() -> Any:
    status_filter = request.args.get("status", "")
    kind_filter = request.args.get("kind", "")
    query = sa.select(Organisation).order_by(Organisation.created_at.desc())
    if status_filter in OrgStatus.__members__.values():
        query = query.where(Organisation.status == OrgStatus(status_filter))
    if kind_filter in OrgKind.__members__.values():
        query = query.where(Organisation.kind == OrgKind(kind_filter))
    organisations = list(db.session.scalars(query))
    return render_template(
        "organisations/operator_list.html",
        organisations=organisations,
        actions={org.id: organisation_actions(current_user, org) for org in organisations},
        status_filter=status_filter,
        kind_filter=kind_filter,
        statuses=list(OrgStatus),
        kinds=list(OrgKind),
        confirm_form=ConfirmForm(),
        reject_form=RejectForm(),
        name_changes=name_changes.waiting_name_changes(),
    )


@dataclass(frozen=True)
class _Decision:
    """One of the operator's decisions on an organisation, as its list page offers them."""

    verb: Callable[..., None]  # (org, actor), or (org, reason, actor) when it takes a reason
    done: Callable[[str], str]  # what the admin is told, given the organisation's name
    without_reason: Callable[[], str] | None = None  # the complaint, when it takes a reason
    # The list to go back to: reviews return to the pending queue, the rest to the new status.
    back_to: OrgStatus | None = None


_DECISIONS = {
    "approve": _Decision(
        services.approve_organisation,
        lambda name: _("%(name)s is approved.", name=name),
        back_to=OrgStatus.PENDING,
    ),
    "reject": _Decision(
        services.reject_organisation,
        lambda name: _("%(name)s is rejected.", name=name),
        lambda: _("Give a reason to reject an organisation."),
        back_to=OrgStatus.PENDING,
    ),
    "suspend": _Decision(
        services.suspend_organisation,
        lambda name: _("%(name)s is suspended.", name=name),
        lambda: _("Give a reason to suspend an organisation."),
    ),
    "reinstate": _Decision(
        services.reinstate_organisation, lambda name: _("%(name)s is reinstated.", name=name)
    ),
}


@bp.post("/operator/organisations/<uuid:org_id>/<any(approve, reject, suspend, reinstate):action>")
@operator_admins_only
def decide(org_id: uuid.UUID, action: str) -> Any:
    org = _any_organisation_or_404(org_id)
    decision = _DECISIONS[action]
    form = ConfirmForm() if decision.without_reason is None else RejectForm()
    if form.validate_on_submit():
        reason = () if decision.without_reason is None else (form.reason.data,)
        decision.verb(org, *reason, current_actor(), read_version=form.version.data)
        flash(decision.done(org.display_name), "success")
    elif decision.without_reason is not None:
        flash(decision.without_reason(), "danger")
    status = decision.back_to or org.status
    return redirect(url_for("organisations.operator_organisations", status=status.value))


@bp.post("/operator/name-changes/<uuid:request_id>/<any(approve, decline):action>")
@operator_admins_only
def decide_name_change(request_id: uuid.UUID, action: str) -> Any:
    change = db.session.get(NameChangeRequest, request_id)
    if change is None:
        raise NotFound(_("No such request."))
    confirm = ConfirmForm()
    if action == "approve" and confirm.validate_on_submit():
        name_changes.approve_name_change(change, current_actor(), read_version=confirm.version.data)
        flash(_("The names are saved: %(name)s.", name=change.organisation.display_name), "success")
    elif action == "decline":
        form = RejectForm()
        if form.validate_on_submit():
            name_changes.decline_name_change(
                change, form.reason.data, current_actor(), read_version=form.version.data
            )
            flash(
                _(
                    "The name change of %(name)s is declined.",
                    name=change.organisation.display_name,
                ),
                "success",
            )
        else:
            flash(_("Give a reason to decline a name change."), "danger")
    return redirect(url_for("organisations.operator_organisations"))


@bp.route("/operator/organisations/<uuid:org_id>/names", methods=["GET", "POST"])
@operator_admins_only
def rename(org_id: uuid.UUID) -> Any:
    org = _any_organisation_or_404(org_id)
    form = RenameForm(data={"name_zh": org.name_zh, "name_en": org.name_en})
    if form.validate_on_submit():
        try:
            changed = services.rename_organisation(
                org,
                name_zh=form.name_zh.data,
                name_en=form.name_en.data,
                reason=form.reason.data,
                actor=current_actor(),
            )
        except ValidationFailed as exc:
            apply_field_errors(form, exc.fields)
        else:
            if changed:
                flash(_("The names are saved: %(name)s.", name=org.display_name), "success")
            else:
                flash(_("Those are its names already; nothing changed."), "info")
            return redirect(
                url_for("organisations.operator_organisations", status=org.status.value)
            )
    status = FORM_ERROR if form.is_submitted() else 200
    return render_template("organisations/rename.html", org=org, form=form), status


@bp.route("/operator/organisations/new", methods=["GET", "POST"])
@operator_admins_only
def new_buyer() -> Any:
    form = BuyerOrganisationForm()
    groups = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.kind == OrgKind.BUYER, Organisation.parent_id.is_(None))
        .order_by(Organisation.name_en)
    )
    form.parent.choices = [("", _("— none: a group of its own —"))] + [
        (str(o.id), o.display_name) for o in groups
    ]
    if form.validate_on_submit():
        parent = (
            db.session.get(Organisation, uuid.UUID(form.parent.data)) if form.parent.data else None
        )
        try:
            org, raw = services.create_buyer_organisation(
                name_zh=form.name_zh.data,
                name_en=form.name_en.data,
                credit_code=form.credit_code.data,
                parent=parent,
                admin_email=form.admin_email.data,
                actor=current_actor(),
            )
        except ValidationFailed as exc:
            apply_field_errors(form, exc.fields)
        else:
            link = url_for("accounts.accept_invitation", token=raw, _external=True)
            return render_template("organisations/buyer_created.html", org=org, link=link)
    status = FORM_ERROR if form.is_submitted() else 200
    return render_template("organisations/buyer_new.html", form=form), status


def _any_organisation_or_404(org_id: uuid.UUID) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("No such organisation."))
    return org
