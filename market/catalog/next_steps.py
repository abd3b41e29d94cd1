"""The catalogue's links in the navigation bar and its next steps on the home page: vendors'
listings and the operator's review."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.catalog import permissions
from market.core.next_steps import NextStep, register
from market.core.permissions import NavLink, register_navigation

register(
    NextStep(
        _l("My listings"),
        _l("Your products in every state: drafts, in review, published."),
        "catalog.vendor_listings",
        permissions.can_list_products,
    ),
    NextStep(
        _l("New listing"),
        _l("List a first-set, first-batch or first-version product with its evidence."),
        "catalog.new_listing",
        permissions.can_list_products,
    ),
    NextStep(
        _l("Review queue"),
        _l("Listings waiting for review, oldest first."),
        "catalog.review_queue",
        permissions.can_review,
    ),
)

register_navigation(
    NavLink(_l("Catalogue"), "catalog.catalogue", lambda user: True, place=20),
    NavLink(_l("My listings"), "catalog.vendor_listings", permissions.can_list_products, place=30),
    NavLink(_l("Review queue"), "catalog.review_queue", permissions.can_review, place=40),
)
