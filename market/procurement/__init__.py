"""Green channel procurement (DESIGN.md, "Green channel procurement"): a buyer organisation's
green channel configuration, and the routing of a purchase by it. Cases, evaluation, risks and
the collective decision build on these."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from market.procurement import (
        audit_views,  # noqa: F401 (how its events read in the log)
        cases,  # noqa: F401 (register the tables)
        configuration,  # noqa: F401
        decisions,  # noqa: F401
        evaluation,  # noqa: F401
        next_steps,  # noqa: F401 (its page on the home page)
        risks,  # noqa: F401
    )
    from market.procurement.product_routing import green_channel_routing
    from market.procurement.views import bp

    app.register_blueprint(bp)
    app.add_template_global(green_channel_routing, "green_channel_routing")
