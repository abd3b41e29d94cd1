"""The tantivy index layout and how a ``SearchDocument`` becomes a tantivy document."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import tantivy

from search import completion
from search.analysis import terms
from search.model import Facet, Flag, SearchDocument
from search.ranking import FIELD_WEIGHTS, TIE_KEY_BITS, evidence_multiplier, tie_key

# Bump when the layout below changes: an index of another version is refused until rebuilt.
SCHEMA_VERSION = 2

# Text fields hold our analysis terms joined by spaces, split again by tantivy's whitespace
# tokenizer: the terms tantivy indexes are exactly ours. (PreTokenizedString does the same but
# needs a Python Token object per term: measured at 7,100 against 12,400 docs/s.) Terms never
# contain whitespace: they are runs of word characters or CJK characters.
TERMS_TOKENIZER = "pm_terms"
TEXT_FIELDS: tuple[str, ...] = tuple(FIELD_WEIGHTS)
# Keyword fields, each indexed whole (for filters) and a fast column (for facet counts).
FACET_FIELDS: dict[Facet, str] = {
    Facet.CATEGORY: "category",
    Facet.TECHNICAL_FIELD: "technical_field",
    Facet.REGION: "region",
    Facet.DESIGNATION_KINDS: "designation_kinds",
    Facet.VENDOR: "vendor",
}
FLAGS_FIELD = "flags"
# Completion looks a typed prefix up among every prefix (up to SUGGEST_EDGE_CHARS) of each
# phrase, from the phrase's start and from each later word or CJK character: a term lookup and a
# short walk of its postings, where walking the term dictionary for a one-letter prefix took
# 20 ms at 100k listings. Longer prefixes look up their first SUGGEST_EDGE_CHARS and are checked.
SUGGEST_WHOLE_FIELD = "suggest_whole"
SUGGEST_INNER_FIELD = "suggest_inner"
SUGGEST_EDGE_CHARS = 8
# Spaces inside a prefix become this, so prefixes can be joined by spaces for TERMS_TOKENIZER.
SUGGEST_SPACE = "\x1f"

# The relevance score is multiplied by log2(2 + rank_weight) (tantivy's weight_by_field). The
# weight encodes the evidence multiplier and, in the last TIE_SHARE of it, the tie key: equal
# matches then differ by a hair in the tie key's order, and the backend settles what float
# precision leaves tied by the tie key itself.
TIE_SHARE = 1e-4
_TIE_SPAN = 1 << TIE_KEY_BITS
# Sort keys for "newest" and "trials": the value in the high 32 bits, the inverted tie key in the
# low 32, so one descending sort on a u64 column orders by value, then by ascending tie key.
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_LOW_MASK = _TIE_SPAN - 1


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        # Frequencies without positions: the queries are term queries, never phrases.
        builder.add_text_field(name, tokenizer_name=TERMS_TOKENIZER, index_option="freq")
    for name in FACET_FIELDS.values():
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    for name in (SUGGEST_WHOLE_FIELD, SUGGEST_INNER_FIELD):
        builder.add_text_field(name, tokenizer_name=TERMS_TOKENIZER, index_option="basic")
    # The flags a listing has (``Flag`` values): a filter term each, and one column counts both
    # in the facet aggregation a search runs anyway.
    builder.add_text_field(FLAGS_FIELD, tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_integer_field("price_min", fast=True)
    builder.add_integer_field("price_max", fast=True)
    builder.add_float_field("rank_weight", fast=True)
    builder.add_unsigned_field("tie", fast=True)
    builder.add_unsigned_field("newest_key", fast=True)
    builder.add_unsigned_field("trials_key", fast=True)
    # The original texts, for highlighting: stored once as JSON rather than per field.
    builder.add_bytes_field("source", stored=True)
    return builder.build()


def register_tokenizers(index: tantivy.Index) -> None:
    """Tokenizers are not saved in the index: every ``Index`` opened must register them."""
    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    index.register_tokenizer(TERMS_TOKENIZER, analyzer)


def rank_weight(doc: SearchDocument, tie: int) -> float:
    """The ``weight_by_field`` value giving the evidence multiplier nudged by the tie key."""
    multiplier = evidence_multiplier(doc) * (1 + TIE_SHARE * (1 - tie / _TIE_SPAN))
    return float(2**multiplier - 2)


def _high_low(value: int, tie: int) -> int:
    return (min(max(value, 0), _LOW_MASK) << TIE_KEY_BITS) | (_LOW_MASK - tie)


def newest_key(published_at: datetime, tie: int) -> int:
    return _high_low(math.floor((published_at - _EPOCH).total_seconds()), tie)


def trials_key(trial_successes: int, tie: int) -> int:
    return _high_low(trial_successes, tie)


def source_of(doc: SearchDocument) -> dict[str, Any]:
    """The stored originals: what highlights are made from."""
    return {
        "id": doc.id,
        "name_zh": doc.name_zh,
        "name_en": doc.name_en,
        "tags": list(doc.tags),
        "summary": doc.summary,
        "vendor_name": doc.vendor_name,
        "technical_field_label": doc.technical_field_label,
        "description": doc.description,
        "suggest": list(doc.suggest),
        "payload": dict(doc.payload),
    }


def _texts(doc: SearchDocument) -> dict[str, list[str]]:
    return {
        "name": [doc.name_zh, doc.name_en],
        "tags": list(doc.tags),
        "summary": [doc.summary],
        "vendor_name": [doc.vendor_name],
        "technical_field_label": [doc.technical_field_label],
        "description": [doc.description],
    }


# Vendor names, field labels and tags recur across listings: short texts are analysed once.
_SHORT_TEXT = 40


@lru_cache(maxsize=16384)
def _analysed_short(text: str) -> str:
    return " ".join(terms(text))


def _analysed(text: str) -> str:
    return _analysed_short(text) if len(text) <= _SHORT_TEXT else " ".join(terms(text))


def _keywords(doc: SearchDocument) -> dict[str, list[str]]:
    return {
        "category": [doc.category],
        "technical_field": [doc.technical_field],
        "region": [doc.region],
        "designation_kinds": list(doc.designation_kinds),
        "vendor": [doc.vendor_id],
    }


def flags_of(doc: SearchDocument) -> list[str]:
    having = ((Flag.VERIFIED, doc.verified), (Flag.INSURED, doc.insured))
    return [flag.value for flag, has in having if has]


def suggestion_phrases(doc: SearchDocument) -> list[str]:
    return completion.phrases([doc.name_zh, doc.name_en, *doc.suggest])


def edge_term(folded_prefix: str) -> str:
    """The term a folded prefix is looked up by (its first SUGGEST_EDGE_CHARS)."""
    return folded_prefix[:SUGGEST_EDGE_CHARS].replace(" ", SUGGEST_SPACE)


def _suggest_edges(doc: SearchDocument) -> tuple[str, str]:
    whole: list[str] = []
    inner: list[str] = []
    for phrase in suggestion_phrases(doc):
        starts, later = completion.edges(phrase, SUGGEST_EDGE_CHARS, space=SUGGEST_SPACE)
        whole += starts
        inner += later
    return " ".join(whole), " ".join(inner)


def to_tantivy(doc: SearchDocument) -> tantivy.Document:
    tie = tie_key(doc.id)
    out = tantivy.Document()
    out.add_text("id", doc.id)
    for name, values in _texts(doc).items():
        # One value per field: BM25 sees the same length, and each add_text call costs.
        analysed = " ".join([_analysed(value) for value in values if value])
        if analysed:
            out.add_text(name, analysed)
    for name, values in _keywords(doc).items():
        for value in values:
            if value:
                out.add_text(name, value)
    for name, edges in zip(
        (SUGGEST_WHOLE_FIELD, SUGGEST_INNER_FIELD), _suggest_edges(doc), strict=True
    ):
        if edges:
            out.add_text(name, edges)
    for flag in flags_of(doc):
        out.add_text(FLAGS_FIELD, flag)
    # A listing without a price has no price column at all, so no price range matches it.
    # A listing with one bound is priced at that one value.
    prices = [price for price in (doc.price_min_fen, doc.price_max_fen) if price is not None]
    if prices:
        out.add_integer("price_min", min(prices))
        out.add_integer("price_max", max(prices))
    out.add_float("rank_weight", rank_weight(doc, tie))
    out.add_unsigned("tie", tie)
    out.add_unsigned("newest_key", newest_key(doc.published_at, tie))
    out.add_unsigned("trials_key", trials_key(doc.trial_successes, tie))
    out.add_bytes("source", json.dumps(source_of(doc), ensure_ascii=False).encode())
    return out
