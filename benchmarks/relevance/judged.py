"""The judged set in ``tests/search/relevance/``: its products, vendors and queries, read as the
benchmark and the set's own test need them."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "search" / "relevance"
LANGUAGES = ("zh", "en", "mixed")
KINDS = ("plain", "synonym")
GRADES = (1, 2, 3)
# The text of a line the substring scan reads, names first (a name match ranks first).
NAME_FIELDS = ("name_zh", "name_en")
TEXT_FIELDS = (*NAME_FIELDS, "tags", "summary", "description_md", "variety_spec")


@dataclass(frozen=True)
class Product:
    """One line of ``products.jsonl``, keyed by its Chinese name (unique in the set)."""

    key: str
    line: dict[str, Any]

    def text(self, fields: tuple[str, ...] = TEXT_FIELDS) -> str:
        parts = []
        for name in fields:
            value = self.line.get(name)
            if isinstance(value, list):
                parts.extend(str(item) for item in value)
            elif value:
                parts.append(str(value))
        return "\n".join(parts)


@dataclass(frozen=True)
class Query:
    text: str
    language: str
    kind: str
    why: str
    judgments: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class JudgedSet:
    folder: Path
    products: list[Product]
    vendors: list[dict[str, str]]
    queries: list[Query]

    @property
    def products_file(self) -> Path:
        return self.folder / "products.jsonl"


def load(folder: Path = DATA) -> JudgedSet:
    products = []
    with (folder / "products.jsonl").open(encoding="utf-8") as lines:
        for text in lines:
            if text.strip():
                line = json.loads(text)
                products.append(Product(key=line["name_zh"], line=line))
    vendors = json.loads((folder / "vendors.json").read_text(encoding="utf-8"))
    raw = tomllib.loads((folder / "queries.toml").read_text(encoding="utf-8"))
    queries = [
        Query(
            text=item["text"],
            language=item["language"],
            kind=item["kind"],
            why=item["why"],
            judgments=dict(item["judgments"]),
        )
        for item in raw["queries"]
    ]
    return JudgedSet(folder=folder, products=products, vendors=vendors, queries=queries)


def create_vendors(vendors: list[dict[str, str]], actor: Any) -> None:
    """The set's vendors as active organisations, through the accounts service (as ``flask orgs
    create`` makes them), in the caller's transaction."""
    from market.accounts import services
    from market.accounts.models import OrgKind

    for vendor in vendors:
        services.create_organisation(
            kind=OrgKind.VENDOR,
            name_zh=vendor["name_zh"],
            name_en=vendor["name_en"],
            credit_code=vendor["credit_code"],
            actor=actor,
        )
