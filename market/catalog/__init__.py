"""The catalog: products and their immutable versions, evidence, documents and the review."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from market.catalog import (  # noqa: F401 (register the tables)
        evidence,
        immutability,
        models,
        trial_records,
    )

    immutability.install()

    from market.accounts.services import organisation_changed
    from market.catalog import (
        audit_views,  # noqa: F401 (how its events read in the audit log)
        next_steps,  # noqa: F401 (its pages on the home page)
    )
    from market.catalog.services import requeue_vendor_listings

    organisation_changed.connect(requeue_vendor_listings)

    from market.catalog.cli import catalog as catalog_commands

    app.cli.add_command(catalog_commands)

    # The page modules attach their routes to the one "catalog" blueprint.
    from market.catalog import public_views, review_views, vendor_views  # noqa: F401
    from market.catalog.views import bp

    app.register_blueprint(bp)
    app.add_template_global(trial_records.records_of, "trial_records_of")
