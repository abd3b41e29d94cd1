"""The tantivy index layout and how a ``SearchDocument`` becomes a tantivy document."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson
import tantivy

from search import completion
from search.analysis import (
    IndexedText,
    edges_of_folded,
    fold,
    indexed_folded,
    indexed_text,
    is_cjk_term,
)
from search.model import Facet, Flag, SearchDocument
from search.ranking import FIELD_WEIGHTS, TIE_KEY_BITS, evidence_multiplier, tie_key

# Bump when the layout below changes: an index of another version is refused until rebuilt.
# (3: CJK terms in fields of their own, cut by tantivy; completion edges cut by tantivy.
# 4: completion words, and the vendor id in the stored source.)
SCHEMA_VERSION = 4

# Each text field is two tantivy fields. Words: our analysis terms joined by spaces, split again
# by tantivy's whitespace tokenizer, so the terms tantivy indexes are exactly ours (terms never
# contain whitespace). (PreTokenizedString does the same but needs a Python Token object per
# term: measured at 7,100 against 12,400 docs/s.) CJK: the runs our analysis finds, one value
# each, which tantivy's n-gram tokenizer cuts into the characters and overlapping pairs of our
# rule (tests/search/test_analysis.py checks that both give our terms).
TERMS_TOKENIZER = "pm_terms"
CJK_TOKENIZER = "pm_cjk"
# Completion values are cut into their prefixes by tantivy itself (on its indexing threads).
EDGES_TOKENIZER = "pm_edges"
TEXT_FIELDS: tuple[str, ...] = tuple(FIELD_WEIGHTS)
CJK_SUFFIX = "_cjk"
_CJK_FIELDS = {name: f"{name}{CJK_SUFFIX}" for name in TEXT_FIELDS}


def text_field(name: str, term: str) -> str:
    """The tantivy field of text field ``name`` that holds ``term``."""
    return _CJK_FIELDS[name] if is_cjk_term(term) else name


# Keyword fields, each indexed whole (for filters) and a fast column (for facet counts).
FACET_FIELDS: dict[Facet, str] = {
    Facet.CATEGORY: "category",
    Facet.TECHNICAL_FIELD: "technical_field",
    Facet.REGION: "region",
    Facet.DESIGNATION_KINDS: "designation_kinds",
    Facet.VENDOR: "vendor",
}
FLAGS_FIELD = "flags"
# A multi-valued field is counted through a single-valued twin holding the listing's whole set
# as one value (sorted, joined by SET_SEPARATOR): tantivy counts a single-valued column many
# times faster (over 12,800 hits: 3 µs for categories, 165 µs for the flags), and the sets are
# few, so every one comes back and the counts per value are summed from them.
SET_FIELDS: dict[str, str] = {
    FACET_FIELDS[Facet.DESIGNATION_KINDS]: "designation_kinds_set",
    FLAGS_FIELD: "flags_set",
}
SET_SEPARATOR = "\x1f"
# Completion looks a typed prefix up among every short prefix ("edge") of each phrase, from the
# phrase's start and from each later word or CJK character: a term lookup and a short walk of its
# postings, where walking the term dictionary for a one-letter prefix took 20 ms at 100k
# listings. Longer prefixes look up their first edge and are checked. Each start gives one value
# of a field whose tokenizer makes its edges (building them in Python cost a fifth of the time to
# index a listing). An edge from a CJK character stops at 4 characters, one from a word at 8:
# four Chinese characters say about as much as eight letters, and the longer CJK edges (which
# run into model numbers) were unique terms that took a third of tantivy's indexing time.
SUGGEST_WHOLE_FIELD = "suggest_whole"
SUGGEST_INNER_FIELD = "suggest_inner"
SUGGEST_EDGE_CHARS = 8
SUGGEST_CJK_EDGE_CHARS = 4
# The words a listing offers as completions (search.completion.word_terms), a term each: the
# backend walks the terms that start with a typed prefix, with how many listings have each.
SUGGEST_WORDS_FIELD = "suggest_words"

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
        builder.add_text_field(_CJK_FIELDS[name], tokenizer_name=CJK_TOKENIZER, index_option="freq")
    for name in FACET_FIELDS.values():
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    for name in (SUGGEST_WHOLE_FIELD, SUGGEST_INNER_FIELD):
        builder.add_text_field(name, tokenizer_name=EDGES_TOKENIZER, index_option="basic")
    builder.add_text_field(SUGGEST_WORDS_FIELD, tokenizer_name="raw", index_option="basic")
    # The flags a listing has (``Flag`` values): a filter term each; their set column (below)
    # counts both in the facet aggregation a search runs anyway.
    builder.add_text_field(FLAGS_FIELD, tokenizer_name="raw", index_option="basic", fast=True)
    for name in SET_FIELDS.values():
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
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
    index.register_tokenizer(TERMS_TOKENIZER, terms_analyzer())
    index.register_tokenizer(CJK_TOKENIZER, cjk_analyzer())
    index.register_tokenizer(EDGES_TOKENIZER, edges_analyzer())


def terms_analyzer() -> tantivy.TextAnalyzer:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def cjk_analyzer() -> tantivy.TextAnalyzer:
    """A run of CJK characters as every character and every pair of neighbours."""
    pairs = tantivy.Tokenizer.ngram(min_gram=1, max_gram=2, prefix_only=False)
    return tantivy.TextAnalyzerBuilder(pairs).build()


def edges_analyzer() -> tantivy.TextAnalyzer:
    """Every prefix of a value of up to SUGGEST_EDGE_CHARS characters (spaces included)."""
    edges = tantivy.Tokenizer.ngram(min_gram=1, max_gram=SUGGEST_EDGE_CHARS, prefix_only=True)
    return tantivy.TextAnalyzerBuilder(edges).build()


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
    """The stored originals: what highlights are made from (as orjson writes them: tuples and
    any mapping of JSON values as they are)."""
    return {
        "id": doc.id,
        "name_zh": doc.name_zh,
        "name_en": doc.name_en,
        # Completion folds one vendor's models into one line.
        "vendor_id": doc.vendor_id,
        "tags": doc.tags,
        "summary": doc.summary,
        "vendor_name": doc.vendor_name,
        "technical_field_label": doc.technical_field_label,
        "description": doc.description,
        "suggest": doc.suggest,
        "payload": doc.payload if isinstance(doc.payload, dict) else dict(doc.payload),
    }


def read_source(stored: bytes) -> dict[str, Any]:
    return orjson.loads(stored)


# Vendor names, field labels and tags recur across listings: they are analysed once.
@lru_cache(maxsize=16384)
def _analysed_short(text: str) -> IndexedText:
    return indexed_text(text)


# Cached, so the list of runs is shared between listings: it is only ever read.
@lru_cache(maxsize=16384)
def _analysed_tags(tags: tuple[str, ...]) -> IndexedText:
    analysed = [_analysed_short(tag) for tag in tags]
    return IndexedText(
        " ".join([tag.words for tag in analysed if tag.words]),
        [run for tag in analysed for run in tag.cjk_runs],
    )


def _texts(doc: SearchDocument, folded_names: list[str]) -> dict[str, IndexedText]:
    """Each text field's analysed terms. Several values of a field are analysed as one text
    (one value per field: BM25 sees the same length); a line break keeps their terms apart."""
    return {
        "name": indexed_folded("\n".join(folded_names)),
        "tags": _analysed_tags(tuple(doc.tags)),
        "summary": indexed_text(doc.summary),
        "vendor_name": _analysed_short(doc.vendor_name),
        "technical_field_label": _analysed_short(doc.technical_field_label),
        "description": indexed_text(doc.description),
    }


def _set_value(values: Sequence[str]) -> str:
    if any(SET_SEPARATOR in value for value in values):
        raise ValueError(f"a code must not contain {SET_SEPARATOR!r}: {values!r}")
    return SET_SEPARATOR.join(sorted(set(values)))


def flags_of(doc: SearchDocument) -> list[str]:
    having = ((Flag.VERIFIED, doc.verified), (Flag.INSURED, doc.insured), (Flag.TRIED, doc.tried))
    return [flag.value for flag, has in having if has]


def suggestion_phrases(doc: SearchDocument) -> list[str]:
    return completion.phrases([doc.name_zh, doc.name_en, *doc.suggest])


def edge_term(folded_prefix: str) -> str:
    """The edge a folded prefix (or the folded text from a start) is looked up (or indexed) by."""
    if is_cjk_term(folded_prefix):
        return folded_prefix[:SUGGEST_CJK_EDGE_CHARS]
    return folded_prefix[:SUGGEST_EDGE_CHARS]


def _suggest_values(folded_phrases: list[str]) -> tuple[list[str], list[str]]:
    """The folded text of each phrase from its first start (whole) and from each later start
    (inner), cut to its longest edge."""
    whole: list[str] = []
    inner: list[str] = []
    for folded in folded_phrases:
        # As completion.match sees the phrase (whitespace collapsed after folding).
        first, later = edges_of_folded(
            " ".join(folded.split()), SUGGEST_CJK_EDGE_CHARS, SUGGEST_EDGE_CHARS
        )
        if first:
            whole.append(first)
            inner += later
    return whole, inner


def to_tantivy(doc: SearchDocument, schema: tantivy.Schema) -> tantivy.Document:
    tie = tie_key(doc.id)
    # The names are folded once, for their terms and for their completions.
    phrases = suggestion_phrases(doc)
    folded = {phrase: fold(phrase).text for phrase in phrases}
    names = [folded.get(name) or fold(name).text for name in (doc.name_zh, doc.name_en) if name]
    # Empty texts and lists are left out: a field without a value, as tantivy sees no value.
    fields: dict[str, Any] = {"id": doc.id}
    for name, (words, runs) in _texts(doc, names).items():
        if words:
            fields[name] = words
        if runs:
            fields[_CJK_FIELDS[name]] = runs
    for facet, value in (
        (Facet.CATEGORY, doc.category),
        (Facet.TECHNICAL_FIELD, doc.technical_field),
        (Facet.REGION, doc.region),
        (Facet.VENDOR, doc.vendor_id),
    ):
        if value:
            fields[FACET_FIELDS[facet]] = value
    for name, values in (
        (FACET_FIELDS[Facet.DESIGNATION_KINDS], doc.designation_kinds),
        (FLAGS_FIELD, flags_of(doc)),
    ):
        if values:
            fields[name] = list(values)
            fields[SET_FIELDS[name]] = _set_value(values)
    whole, inner = _suggest_values(list(folded.values()))
    if whole:
        fields[SUGGEST_WHOLE_FIELD] = whole
    if inner:
        fields[SUGGEST_INNER_FIELD] = inner
    if words := completion.word_terms(
        (doc.name_zh, doc.name_en), doc.tags, doc.technical_field_label
    ):
        fields[SUGGEST_WORDS_FIELD] = words
    # A listing without a price has no price column at all, so no price range matches it.
    # A listing with one bound is priced at that one value.
    prices = [price for price in (doc.price_min_fen, doc.price_max_fen) if price is not None]
    if prices:
        fields["price_min"], fields["price_max"] = min(prices), max(prices)
    fields["rank_weight"] = rank_weight(doc, tie)
    fields["tie"] = tie
    fields["newest_key"] = newest_key(doc.published_at, tie)
    fields["trials_key"] = trials_key(doc.trial_successes, tie)
    fields["source"] = orjson.dumps(source_of(doc))
    # One call that converts every field by the schema: a call per value cost 6 µs more.
    return tantivy.Document.from_dict(fields, schema)
