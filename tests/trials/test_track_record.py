"""An accepted trial feeds back into the catalogue: the product page shows its trial record
(the buyer named only if it chose so), search ranks it above an equal product without one and
filters on "tried successfully"; a failed trial shows nowhere public."""

from __future__ import annotations

import pytest

from market.core.audit import Actor
from market.core.db import db
from market.discovery import sync
from market.trials import concluding
from search.model import Filters, SearchQuery
from tests.attestations.case_fixtures import product_with_report
from tests.discovery.conftest import index  # noqa: F401 (fixture)
from tests.trials.test_outcomes import measure


def accept(case, buyer, vendor, show_buyer_name):
    measure(case, vendor)
    review = concluding.review_of(case)
    for approver in review.attendees[: review.needed]:
        concluding.sign_off(case, Actor(approver))
    concluding.accept(case, Actor(buyer.officer), "Met.", show_buyer_name=show_buyer_name)
    db.session.commit()


@pytest.fixture
def twin(running_case, make_product, vendor_staff, reviewer, storage):
    """A listing equal to the trial's product in every field search reads, without a trial."""
    return product_with_report(make_product, vendor_staff, reviewer, storage)


def hits(index, **query):  # noqa: F811
    return index.search(SearchQuery(text="五轴加工中心", per_page=10, **query)).hits


def test_an_accepted_trial_shows_on_the_product_page_and_lifts_it_in_search(
    running_case,
    twin,
    index,  # noqa: F811
    client,
):
    case, buyer, vendor = running_case
    tried = case.selected_entry.product_id
    sync.drain(index)
    before = {h.id: h.score for h in hits(index)}
    # Equal listings score alike (up to the tie key folded into the low bits).
    assert before[str(tried)] == pytest.approx(before[str(twin.id)], rel=1e-3)
    assert "No accepted green channel trial on record yet." in client.get(
        f"/products/{tried}"
    ).get_data(as_text=True)

    accept(case, buyer, vendor, show_buyer_name=True)
    sync.drain(index)
    ranked = hits(index)
    assert [h.id for h in ranked][:2] == [str(tried), str(twin.id)]
    assert ranked[0].score > ranked[1].score
    assert [h.id for h in hits(index, filters=Filters(tried=True))] == [str(tried)]

    page = client.get(f"/products/{tried}").get_data(as_text=True)
    assert "Tried successfully" in page
    assert buyer.org.display_name in page
    assert "Positioning accuracy: 0.004 mm against a target of ≤ 0.005" in page
    search_page = client.get("/search?q=五轴加工中心&tried=1").get_data(as_text=True)
    assert str(tried) in search_page
    assert str(twin.id) not in search_page


def test_the_buyer_is_named_only_if_it_chose_so(running_case, client):
    case, buyer, vendor = running_case
    accept(case, buyer, vendor, show_buyer_name=False)
    page = client.get(f"/products/{case.selected_entry.product_id}").get_data(as_text=True)
    assert "Tried successfully" in page
    assert buyer.org.display_name not in page
    assert "a central enterprise buyer" in page


def test_a_failed_trial_is_not_shown_publicly(running_case, client, index):  # noqa: F811
    case, buyer, _vendor = running_case
    concluding.fail(case, Actor(buyer.officer), "Seized.")
    db.session.commit()
    sync.drain(index)
    page = client.get(f"/products/{case.selected_entry.product_id}").get_data(as_text=True)
    assert "No accepted green channel trial on record yet." in page
    assert "Seized." not in page
    assert hits(index, filters=Filters(tried=True)) == []
