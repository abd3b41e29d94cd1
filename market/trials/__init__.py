"""Trials (DESIGN.md, "Green channel procurement"; issue 16): a decided case's trial contract,
confirmed by the vendor, and the trial that the trial start attestation begins. Built in
slices; so far the terms (``models``, ``terms``, ``contracting``), the trial start, and the
running trial's reports and incidents (``reports``, ``reporting``, ``progress``)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from market.attestations import contents
    from market.attestations.records import Section
    from market.core.money import format_cny
    from market.trials import (
        attested,
        audit_views,  # noqa: F401 (how its events read in the log)
        models,  # noqa: F401 (register the tables)
        next_steps,  # noqa: F401 (the vendor's trials on the home page)
        outcome_views,
        outcomes,  # noqa: F401
        reports,  # noqa: F401
        terms,
        views,
    )

    contents.register_section(Section.TERMS, attested.terms_section)
    contents.register_section(Section.RESULTS, attested.results_section)
    app.register_blueprint(views.bp)
    app.register_blueprint(outcome_views.bp)
    app.add_template_global(outcome_views.case_outcome, "case_outcome")
    app.add_template_global(views.case_trial, "case_trial")
    app.add_template_global(terms.canonical, "canonical_terms")
    # The case page is also rendered by the trial's blueprints (a refused form comes back on it).
    app.add_template_global(format_cny, "cny")
