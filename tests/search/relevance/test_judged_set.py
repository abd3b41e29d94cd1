"""The judged relevance set (issue 17) is well-formed: big enough, every judgment names a listing
that exists, every technical field and language is covered, and every line is one that
``flask catalog import --publish`` takes. The benchmark itself is ``make bench-relevance``."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from stdnum.cn import uscc

from benchmarks.relevance.judged import (
    DATA,
    GRADES,
    KINDS,
    LANGUAGES,
    Product,
    Query,
    create_vendors,
    load,
)
from market.catalog.import_schema import ImportLineSchema
from market.catalog.taxonomy import FIELD_LABELS, Category, TechnicalField
from market.core.audit import Actor
from market.core.db import db

JUDGED = load()
KEYS = {product.key for product in JUDGED.products}
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def test_the_set_is_big_enough():
    assert len(JUDGED.products) >= 150
    assert len(JUDGED.queries) >= 50


def test_each_language_has_its_share_of_queries():
    languages = Counter(query.language for query in JUDGED.queries)
    assert set(languages) <= set(LANGUAGES)
    assert languages["zh"] >= 15
    assert languages["en"] >= 15
    assert languages["mixed"] >= 10


def test_queries_are_written_in_the_language_they_are_tagged_with():
    for query in JUDGED.queries:
        has_han, has_latin = bool(HAN.search(query.text)), bool(LATIN.search(query.text))
        expected = {"zh": (True, False), "en": (False, True), "mixed": (True, True)}
        assert (has_han, has_latin) == expected[query.language], query.text


def test_about_a_third_of_the_queries_need_a_synonym_or_an_abbreviation():
    kinds = Counter(query.kind for query in JUDGED.queries)
    assert set(kinds) <= set(KINDS)
    assert kinds["synonym"] >= len(JUDGED.queries) / 3


def _writes(product: Product, query: Query) -> bool:
    """Whether the listing's own text (or its technical field's name) holds every query word.

    A Latin word must start a word there ("erp" is not in "enterprise"); a Chinese part is
    written when it, or each of its two-character pieces (五轴 加工 中心), is there: Chinese
    writes its words without spaces.
    """
    field = product.line["technical_field"]
    label = FIELD_LABELS[TechnicalField(field)][0]
    text = f"{product.text()} {label} {field.replace('_', ' ')}".casefold()

    def written(part: str) -> bool:
        if not HAN.search(part):
            return re.search(rf"(?<![a-z0-9]){re.escape(part)}", text) is not None
        pieces = [part[i : i + 2] for i in range(0, len(part), 2)]
        return part in text or all(piece in text for piece in pieces)

    return all(written(part) for part in query.text.casefold().split())


def test_a_plain_query_is_written_by_every_best_listing_and_a_synonym_one_is_not():
    products = {product.key: product for product in JUDGED.products}
    for query in JUDGED.queries:
        best = [products[key] for key, grade in query.judgments.items() if grade == 3]
        written = [_writes(product, query) for product in best]
        assert all(written) == (query.kind == "plain"), f"{query.text} is not {query.kind}"


def test_every_judgment_names_a_listing_of_the_set_with_a_grade():
    for query in JUDGED.queries:
        assert query.judgments, query.text
        assert query.why.strip(), query.text
        assert max(query.judgments.values()) >= 2, f"{query.text}: nothing clearly relevant"
        for key, grade in query.judgments.items():
            assert key in KEYS, f"{query.text}: {key} is not a listing of products.jsonl"
            assert grade in GRADES, f"{query.text}: {key} = {grade}"


def test_queries_and_listing_keys_are_unique():
    assert len({query.text.casefold() for query in JUDGED.queries}) == len(JUDGED.queries)
    # A listing's key is its Chinese name: the bench maps hits back by it.
    assert len(KEYS) == len(JUDGED.products)


def test_every_technical_field_and_category_is_covered():
    fields = Counter(product.line["technical_field"] for product in JUDGED.products)
    assert set(fields) == {field.value for field in TechnicalField}
    assert min(fields.values()) >= 5, fields
    categories = {product.line["category"] for product in JUDGED.products}
    assert categories == {category.value for category in Category}


def test_every_field_has_a_judged_query():
    judged = {key for query in JUDGED.queries for key in query.judgments}
    fields = {p.line["technical_field"] for p in JUDGED.products if p.key in judged}
    assert fields == {field.value for field in TechnicalField}


def test_every_line_is_a_valid_import_line_of_a_listed_vendor():
    vendors = {vendor["credit_code"] for vendor in JUDGED.vendors}
    assert len(vendors) == len(JUDGED.vendors)
    for code in vendors:
        uscc.validate(code)
    schema = ImportLineSchema()
    for product in JUDGED.products:
        assert schema.validate(product.line) == {}, product.key
        assert product.line["vendor_credit_code"] in vendors, product.key
        assert product.line["designations"], f"{product.key}: --publish needs a designation"


@pytest.fixture
def vendors(app, db_session):
    create_vendors(JUDGED.vendors, Actor(user=None, address="test", is_system=True))
    db.session.commit()


def test_a_publishing_dry_run_takes_every_line(app, vendors):
    result = app.test_cli_runner().invoke(
        args=["catalog", "import", str(DATA / "products.jsonl"), "--dry-run", "--publish"]
    )

    assert result.exit_code == 0, result.output
    count = len(JUDGED.products)
    assert f"dry run: {count} would be imported, 0 failed" in result.output
    assert result.output.count("as published") == count
