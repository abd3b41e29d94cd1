"""What the trial contributes to attestations' bodies (``market.attestations.contents``)."""

from __future__ import annotations

from typing import Any

from market.procurement.cases import Case
from market.trials.terms import canonical, terms_of


def terms_section(case: Case) -> dict[str, Any] | None:
    """The terms as they stand, with the vendor's confirmation of them (None if it has not
    confirmed this revision: the trial start refuses before it is signed)."""
    terms = terms_of(case)
    if terms is None:
        return None
    confirmed = terms.confirmed and terms.confirmed_at is not None
    return {
        **canonical(terms),
        "terms_sha256": terms.terms_sha256,
        "confirmed": None
        if not confirmed
        else {
            "by": terms.confirmed_by.name if terms.confirmed_by else None,
            "vendor": case.selected_entry.vendor.display_name if case.selected_entry else None,
            "at": terms.confirmed_at.isoformat() if terms.confirmed_at else None,
            "sha256": terms.confirmed_sha256,
        },
    }
