"""The catalog's fixtures, for the product pages that show a buyer's routing."""

from tests.catalog.conftest import (  # noqa: F401 (fixtures)
    make_product,
    reviewer,
    vendor,
    vendor_staff,
)
