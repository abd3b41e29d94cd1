"""Green channel procurement (DESIGN.md, "Green channel procurement"): a buyer organisation's
green channel configuration, and the routing of a purchase by it. Cases, evaluation, risks and
the collective decision build on these."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from market.core.audit_display import verb_label
    from market.procurement import (
        audit_views,  # noqa: F401 (how its events read in the log)
        cases,  # noqa: F401 (register the tables)
        configuration,  # noqa: F401
        decisions,  # noqa: F401
        evaluation,  # noqa: F401
        next_steps,  # noqa: F401 (its page on the home page)
        risks,  # noqa: F401
    )
    from market.procurement.case_views import bp as cases_bp
    from market.procurement.case_views import search_filters_arg
    from market.procurement.permissions import may_raise_case
    from market.procurement.product_routing import green_channel_routing
    from market.procurement.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(cases_bp)
    app.add_template_global(green_channel_routing, "green_channel_routing")
    app.add_template_global(may_raise_case, "may_raise_case")
    app.add_template_global(search_filters_arg, "search_filters_arg")
    app.add_template_global(verb_label, "verb_label")
