"""The demo catalog: some 330 bilingual listings across every category and technical field,
generated from templates (``fields``) with a seeded random generator (``generate``) and moved
through the real workflow verbs (``seed``)."""

from market.demo.catalog.seed import seed_catalog

__all__ = ["seed_catalog"]
