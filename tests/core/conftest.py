"""The catalog's fixtures, for the pages here that show listings (the audit log, its links)."""

from tests.catalog.conftest import (  # noqa: F401 (fixtures)
    make_product,
    reviewer,
    vendor,
    vendor_staff,
)
