"""The green channel page: the rules in force and their versions, for the organisation's members
and its group; the form to change them, for its admins."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.accounts.forms import apply_field_errors
from market.accounts.models import Organisation
from market.catalog.taxonomy import DesignationKind
from market.core.db import business_today, db
from market.core.errors import PermissionDenied, ValidationFailed
from market.core.labels import label_of
from market.core.money import format_cny
from market.core.web import current_actor
from market.procurement import green_channel, permissions
from market.procurement.case_queries import committed_fen
from market.procurement.configuration import ClaimType, ProcurementMethod, Stage
from market.procurement.forms import GreenChannelForm, form_data

bp = Blueprint("procurement", __name__)
FORM_ERROR = 422  # a form shown again with its errors; the request boundary writes nothing

# The enums whose values the configuration stores as JSON, for ``|label_as('ClaimType')``.
STORED_ENUMS = {e.__name__: e for e in (DesignationKind, ClaimType, ProcurementMethod, Stage)}


@bp.app_template_filter("label_as")
def label_as(raw: Any, enum_name: str) -> str:
    return label_of(STORED_ENUMS[enum_name], raw)


@bp.context_processor
def helpers() -> dict[str, Any]:
    return {"cny": format_cny}


@bp.route("/organisations/<uuid:org_id>/green-channel", methods=["GET", "POST"])
@login_required
def green_channel_page(org_id: uuid.UUID) -> Any:
    org = green_channel.visible_organisation(db.session.get(Organisation, org_id), current_actor())
    force = green_channel.in_force(org)
    may_configure = permissions.can_configure_green_channel(current_user, org)
    own = green_channel.newest(org)
    # The version field holds the organisation's own newest number (0: none yet), which a save
    # must still find newest; the rules start from whatever is in force, the group's included.
    form = GreenChannelForm(data=form_data(force.version) | {"version": own.number if own else 0})
    form.offer_choices()
    status = 200
    if form.is_submitted():
        if not may_configure:
            raise PermissionDenied(_("Only the organisation's admins configure its green channel."))
        if form.validate():
            try:
                saved = green_channel.configure(
                    org,
                    form.settings(),
                    current_actor(),
                    note=form.note.data or "",
                    based_on=form.version.data,
                )
            except ValidationFailed as exc:
                db.session.rollback()
                apply_field_errors(form, _form_fields(exc.fields))
            else:
                flash(_("Saved as version %(n)d.", n=saved.number), "success")
                return redirect(url_for("procurement.green_channel_page", org_id=org.id))
        status = FORM_ERROR
    return render_template(
        "procurement/green_channel.html",
        org=org,
        force=force,
        versions=green_channel.history(org),
        form=form if may_configure else None,
        year=business_today().year,
        committed=committed_fen(org, business_today().year),
    ), status


def _form_fields(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The service's field names as the form's. The thresholds and the stage table are groups
    of fields: their messages go above the form (``form_errors``)."""
    renamed = {"reserved_annual_fen": "reserved_annual", "thresholds": "", "stage_days": ""}
    merged: dict[str, list[str]] = {}
    for name, messages in fields.items():
        merged.setdefault(renamed.get(name, name), []).extend(messages)
    return merged
