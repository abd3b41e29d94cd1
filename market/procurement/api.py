"""/api/v1/organisations/<id>/green-channel: read the configuration in force and its history;
replace it (a new version) as the organisation's admin."""

from __future__ import annotations

import uuid
from typing import Any

from flask_smorest import Blueprint

from market.accounts.models import Organisation
from market.core.db import business_today, db
from market.core.web import current_actor, login_required_json
from market.procurement import green_channel
from market.procurement.case_queries import committed_fen
from market.procurement.schemas import GreenChannelSchema, GreenChannelSettingsSchema

blp = Blueprint(
    "green_channel_api",
    __name__,
    url_prefix="/organisations",
    description="Green channel configuration",
)


def _organisation(org_id: uuid.UUID) -> Organisation:
    org = db.session.get(Organisation, org_id)
    return green_channel.visible_organisation(org, current_actor())


def _green_channel(org: Organisation) -> dict[str, Any]:
    force = green_channel.in_force(org)
    return {
        "organisation_id": org.id,
        "configured": force.version is not None,
        "inherited": force.inherited,
        "in_force": force.version,
        "versions": green_channel.history(org),
        "committed_this_year": committed_fen(org, business_today().year),
    }


@blp.route("/<uuid:org_id>/green-channel", methods=["GET"])
@login_required_json
@blp.response(200, GreenChannelSchema)
def get_green_channel(org_id: uuid.UUID) -> Any:
    """The rules the organisation's cases are routed under (its own, or its group's), and its
    own versions. Members, and the group's admins, officers and auditors."""
    return _green_channel(_organisation(org_id))


@blp.route("/<uuid:org_id>/green-channel", methods=["PUT"])
@login_required_json
@blp.arguments(GreenChannelSettingsSchema)
@blp.response(200, GreenChannelSchema)
def put_green_channel(body: dict[str, Any], org_id: uuid.UUID) -> Any:
    """Replace the configuration: a new version; cases already routed keep theirs. The
    organisation's admins."""
    org = _organisation(org_id)
    note, based_on = body.pop("note"), body.pop("based_on")
    settings = {
        **body,
        "designation_kinds": [kind.value for kind in body["designation_kinds"]],
        "verified_claims": [kind.value for kind in body["verified_claims"]],
        "methods": [method.value for method in body["methods"]],
        "thresholds": [{**row, "majority": row["majority"].value} for row in body["thresholds"]],
    }
    green_channel.configure(org, settings, current_actor(), note=note, based_on=based_on)
    return _green_channel(org)
