"""Ranking rules every backend applies the same way: field weights, evidence boosts, tie order."""

from __future__ import annotations

import hashlib
import math

from search.model import SearchDocument

# How much a match in each text field counts. A name match must beat a description match even
# when the description is short (BM25 favours short fields), hence the wide spread.
FIELD_WEIGHTS: dict[str, float] = {
    "name": 6.0,
    "tags": 4.0,
    "summary": 3.0,
    "vendor_name": 2.0,
    "technical_field_label": 1.5,
    "description": 1.0,
}
# The vendor's company name is not the listing's own text: a word found only there (泵 in a pump
# maker's name, on its tractors) puts the listing in a lower tier (search.tiers).
VENDOR_FIELD = "vendor_name"
CONTENT_FIELD_WEIGHTS: dict[str, float] = {
    name: weight for name, weight in FIELD_WEIGHTS.items() if name != VENDOR_FIELD
}
# A term that matches several fields counts fully in its best field and this share in the others
# (a dis_max tie breaker), so repeating a word everywhere helps a little, not a lot.
OTHER_FIELDS_SHARE = 0.2
# A synonym or abbreviation (search.synonyms) counts this share of what the typed word would:
# PLC finds 可编程逻辑控制器 too, but a listing that says PLC comes first.
SYNONYM_WEIGHT = 0.5

# Evidence nudges the order among comparable matches; it must not lift a weak match over a strong
# one, so the boosts multiply the relevance score by at most 1.5.
VERIFIED_DESIGNATION_BOOST = 0.15
VERIFIED_TEST_REPORT_BOOST = 0.10
TRIALS_BOOST_PER_DOUBLING = 0.05
TRIALS_BOOST_CAP = 0.25


def evidence_multiplier(doc: SearchDocument) -> float:
    """The factor (1.0 to 1.5) a document's relevance score is multiplied by."""
    multiplier = 1.0
    if doc.verified_designation:
        multiplier += VERIFIED_DESIGNATION_BOOST
    if doc.verified_test_report:
        multiplier += VERIFIED_TEST_REPORT_BOOST
    if doc.trial_successes > 0:
        trials = TRIALS_BOOST_PER_DOUBLING * math.log2(1 + doc.trial_successes)
        multiplier += min(TRIALS_BOOST_CAP, trials)
    return multiplier


TIE_KEY_BITS = 32


def tie_key(doc_id: str) -> int:
    """A stable 32-bit hash of a document id; among equal hits the lower key comes first.

    A hash rather than the id or the insertion order, so that no vendor is always listed first
    among equals merely for having registered early or having a low id.
    """
    digest = hashlib.blake2b(doc_id.encode(), digest_size=4, person=b"pm-tie").digest()
    return int.from_bytes(digest, "big")
