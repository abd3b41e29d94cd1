"""On a product page, for a signed-in buyer: would this version go through *their* green
channel today, and why? The same ``route_case`` a case will run, against the live version the
buyer is looking at. The catalog knows nothing of procurement: its page calls the template
global registered here when it is there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_login import current_user

from market.catalog.models import ProductVersion
from market.core.db import business_today
from market.procurement import green_channel, permissions
from market.procurement.configuration import GreenChannelVersion
from market.procurement.routing import Route, describe, route_case


@dataclass(frozen=True)
class ProductRouting:
    route: Route
    lines: list[tuple[bool, str]]  # (passed, the rule in the reader's words)
    config: GreenChannelVersion
    organisation_id: Any  # the reader's organisation, whose green channel page explains it


def green_channel_routing(version: ProductVersion) -> ProductRouting | None:
    """None unless the reader belongs to a buyer organisation with a green channel in force."""
    user: Any = current_user
    if not getattr(user, "is_authenticated", False) or user.organisation is None:
        return None
    org = user.organisation
    if not permissions.can_view_green_channel(user, org):
        return None
    config = green_channel.in_force(org).version
    if config is None:
        return None
    routing = route_case(config, version, business_today()).as_json()
    lines = [(check["passed"], describe(check)) for check in routing["checks"]]
    return ProductRouting(Route(routing["route"]), lines, config, org.id)
