"""One line of ``flask catalog import``: validated like the API, written (and published) in one
transaction, or refused with every problem named by its field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import marshmallow as ma
import sqlalchemy as sa

from market.accounts.models import Organisation, OrgKind, OrgStatus
from market.catalog import editing, rules, services
from market.catalog.evidence import ReviewStatus
from market.catalog.import_schema import ImportLineSchema
from market.catalog.schemas import (
    CLAIM_SCHEMAS,
    EVIDENCE_KEYS,
    DesignationSchema,
    TestReportSchema,
    api_field_names,
)
from market.core.audit import Actor
from market.core.db import db
from market.core.errors import DomainError

CLI_ACTOR = Actor(user=None, address="cli", is_system=True)
VERIFIED_ON_IMPORT = "Verified by the operator on bulk import (flask catalog import --publish)."


class LineFailed(Exception):
    """A line that cannot be imported; ``problems`` are "field: message" strings."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class _DryRun(Exception):
    """Rolls a line back after it went through every check."""


def import_line(
    line: str,
    vendor_code: str | None,
    *,
    dry_run: bool,
    publish: bool,
    category: str | None = None,
) -> str:
    """Validate one line like the API does, then create it (and publish it) in one transaction.

    Without ``publish`` the line may be a published list's entry only (``ImportLineSchema``):
    it becomes a draft its vendor completes. ``category`` is the category of a line that names
    none. Returns what was done; raises LineFailed with the problems.
    """
    data = _parse(line, complete=publish, category=category)
    code = data.pop("vendor_credit_code", None)
    if vendor_code and code and code.upper() != vendor_code.upper():
        raise LineFailed(["vendor_credit_code: differs from --vendor"])
    code = vendor_code or code
    if not code:
        raise LineFailed(["vendor_credit_code: required without --vendor"])
    evidence = {slug: data.pop(EVIDENCE_KEYS[slug]) for slug in CLAIM_SCHEMAS}
    category = data.pop("category")
    try:
        with db.session.begin():
            vendor_id = active_vendor_id(code)
            if vendor_id is None:
                raise LineFailed(["vendor_credit_code: no active vendor with this credit code"])
            vendor = db.session.get_one(Organisation, vendor_id)
            product = editing.create_product(vendor, category, data, CLI_ACTOR, complete=publish)
            claims = []
            for slug, items in evidence.items():
                for index, item in enumerate(items):
                    with _field_prefix(f"{EVIDENCE_KEYS[slug]}.{index}."):
                        claims.append(editing.add_claim(product, slug, item, CLI_ACTOR))
            if publish:
                _publish(product, claims)
            done = f"{product.display_name} as {product.state.value}"
            missing = _missing_columns(product)
            if missing:
                done += f" (its vendor completes {', '.join(missing)})"
            if dry_run:
                if not publish:  # what a real run with --publish would make of the line
                    done += f"; {_publish_readiness(product, claims)}"
                raise _DryRun
            done = f"imported {done} ({product.id})"
    except _DryRun:
        return f"ok, would import {done}"
    except DomainError as error:
        raise LineFailed(_domain_problems(error)) from None
    except sa.exc.IntegrityError as error:  # a rule the checks above missed; never half a line
        raise LineFailed([f"refused by the database: {error.orig}"]) from None
    return done


def _publish(product: Any, claims: list[Any]) -> None:
    """Submit, verify every claim and publish, as the operator; raises LineFailed saying what
    the line lacks."""
    problems = [f"{name}: required with --publish" for name in _missing_columns(product)]
    if not rules.has_core_evidence(product.working_version):
        problems.append(MISSING_CORE_EVIDENCE)
    if problems:
        raise LineFailed(problems)
    try:
        services.submit(product, CLI_ACTOR)
        for claim in claims:
            services.review_claim(claim, ReviewStatus.VERIFIED, VERIFIED_ON_IMPORT, CLI_ACTOR)
        services.publish(product, CLI_ACTOR)
    except DomainError as error:
        raise LineFailed([f"--publish refused: {p}" for p in _domain_problems(error)]) from None


def _missing_columns(product: Any) -> list[str]:
    """What the line's draft lacks to be submitted, by the line's column names (nothing, once
    it is published)."""
    draft = product.working_version
    return list(api_field_names(dict.fromkeys(editing.missing_fields(draft)))) if draft else []


def _required_fields(schema: type[ma.Schema]) -> str:
    return ", ".join(name for name, field in schema._declared_fields.items() if field.required)


# What publishing rests on (rules.has_core_evidence), said in the line's own terms.
MISSING_CORE_EVIDENCE = (
    "evidence: --publish needs at least one designation or test report; add "
    f'"designations": [{{{_required_fields(DesignationSchema)}, ...}}] or '
    f'"test_reports": [{{{_required_fields(TestReportSchema)}}}] to the line, '
    "or import it without --publish as a draft"
)


def _publish_readiness(product: Any, claims: list[Any]) -> str:
    """Whether --publish would publish the line: it is tried inside a savepoint, which is
    rolled back either way, so a dry run without --publish still says what publishing needs."""
    savepoint = db.session.begin_nested()
    try:
        _publish(product, claims)
    except LineFailed as refusal:
        return f"with --publish it would be refused: {'; '.join(refusal.problems)}"
    finally:
        savepoint.rollback()
    return "with --publish it would be published"


def _parse(line: str, *, complete: bool, category: str | None) -> dict[str, Any]:
    try:
        raw = json.loads(line.strip())
    except json.JSONDecodeError as error:
        raise LineFailed([f"invalid JSON: {error.msg} (character {error.pos + 1})"]) from None
    if not isinstance(raw, dict):
        raise LineFailed(["a line must be one JSON object"])
    if category is not None:
        raw.setdefault("category", category)
    try:
        return ImportLineSchema(complete=complete).load(raw)
    except ma.ValidationError as error:
        raise LineFailed(field_problems(error.messages)) from None


def active_vendor_id(code: str) -> Any:
    return db.session.scalar(
        sa.select(Organisation.id).where(
            Organisation.credit_code == code.strip().upper(),
            Organisation.kind == OrgKind.VENDOR,
            Organisation.status == OrgStatus.ACTIVE,
        )
    )


def field_problems(messages: Any, path: str = "") -> list[str]:
    """marshmallow's nested messages as "designations.0.valid_until: message" lines."""
    if isinstance(messages, dict):
        return [
            problem
            for key, value in messages.items()
            for problem in field_problems(value, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(messages, list):
        return [problem for message in messages for problem in field_problems(message, path)]
    return [f"{path}: {messages}" if path else str(messages)]


def _domain_problems(error: DomainError) -> list[str]:
    if not error.fields:
        return [error.message]
    return field_problems(api_field_names(error.fields))


@contextmanager
def _field_prefix(prefix: str) -> Iterator[None]:
    """Name the evidence item a domain rule refused: "designations.1.valid_until"."""
    try:
        yield
    except DomainError as error:
        error.fields = {f"{prefix}{name}": messages for name, messages in error.fields.items()}
        raise
