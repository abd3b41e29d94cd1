"""Operator commands: ``flask catalog import FILE.jsonl``, ``flask catalog expire`` and
``flask catalog files sweep|check``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click
import marshmallow as ma
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from market.accounts.models import Organisation, OrgKind, OrgStatus
from market.catalog import editing, file_upkeep, services
from market.catalog.evidence import ReviewStatus
from market.catalog.schemas import CLAIM_SCHEMAS, EVIDENCE_KEYS, ImportLineSchema, api_field_names
from market.core.audit import Actor
from market.core.db import business_today, db
from market.core.errors import DomainError

catalog = AppGroup("catalog", help="The product catalog.")
files = AppGroup("files", help="The store of uploaded documents (DOCUMENT_STORAGE).")
catalog.add_command(files)

CLI_ACTOR = Actor(user=None, address="cli", is_system=True)
VERIFIED_ON_IMPORT = "Verified by the operator on bulk import (flask catalog import --publish)."


class LineFailed(Exception):
    """A line that cannot be imported; ``problems`` are "field: message" strings."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class _DryRun(Exception):
    """Rolls a line back after it went through every check."""


@catalog.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--vendor", "vendor_code", help="Credit code of the vendor of every line.")
@click.option("--dry-run", is_flag=True, help="Check every line, write nothing.")
@click.option(
    "--publish",
    is_flag=True,
    help="Verify each listing's evidence and publish it, as the operator.",
)
def import_products(file: IO[str], vendor_code: str | None, dry_run: bool, publish: bool) -> None:
    """Import listings from a JSON Lines FILE, one listing per line.

    Each line is the API's create body (POST /api/v1/products) plus its evidence as lists
    ("designations", "test_reports", "ip_rights", "references", "insurance") and, without
    --vendor, its "vendor_credit_code". Lines are drafts unless --publish; each line is its own
    transaction, so a bad line costs only itself. Exits 1 when any line failed.
    """
    if vendor_code:
        with db.session.begin():
            if _active_vendor_id(vendor_code) is None:
                raise click.ClickException(f"no active vendor with credit code {vendor_code}")
    imported = failed = 0
    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        try:
            summary = import_line(line, vendor_code, dry_run=dry_run, publish=publish)
        except LineFailed as failure:
            failed += 1
            for problem in failure.problems:
                click.echo(f"line {number}: {problem}", err=True)
            continue
        imported += 1
        click.echo(f"line {number}: {summary}")
    if dry_run:
        click.echo(f"dry run: {imported} would be imported, {failed} failed; nothing written")
    else:
        click.echo(f"{imported} imported, {failed} failed")
    if failed:
        raise click.exceptions.Exit(1)


@catalog.command("expire")
def expire_listings() -> None:
    """Expire published listings whose designations have all lapsed (run it daily)."""
    with db.session.begin():
        expired = [p.display_name for p in services.expire_lapsed(CLI_ACTOR, business_today())]
    for name in expired:
        click.echo(f"expired: {name}")
    click.echo(f"{len(expired)} listing(s) expired")


@files.command("sweep")
@click.option(
    "--older-than",
    "hours",
    type=click.FloatRange(min=1),
    default=24.0,
    show_default=True,
    help="Hours since a file was last written or reused.",
)
@click.option("--dry-run", is_flag=True, help="Count what would go, remove nothing.")
def sweep_files(hours: float, dry_run: bool) -> None:
    """Remove stored bytes no document row names (uploads rolled back) and abandoned uploads.

    Files written or reused within --older-than hours stay: an upload may still be committing.
    Safe to run while the site serves, and twice at once.
    """
    report = file_upkeep.sweep_store(
        _document_store(), hours * 3600, dry_run=dry_run, progress=click.echo
    )
    verb = "would be removed" if dry_run else "removed"
    click.echo(
        f"{report.removed} unreferenced file(s) {verb} ({report.removed_bytes:,} bytes), "
        f"{report.temporary} abandoned upload(s) {verb}; {report.kept_in_use} in use kept"
    )


@files.command("check")
def check_files() -> None:
    """Read every stored file and compare it with its row (size, SHA-256). Exits 1 when any
    is missing or differs: restore those from a backup."""
    problems = 0
    for found in file_upkeep.check_store(_document_store(), progress=click.echo):
        problems += 1
        click.echo(f"{found.problem}: {found.sha256} ({found.documents} document(s))", err=True)
    click.echo(f"{problems} problem(s)")
    if problems:
        raise click.exceptions.Exit(1)


def _document_store() -> Path:
    return Path(current_app.config["DOCUMENT_STORAGE"])


def import_line(line: str, vendor_code: str | None, *, dry_run: bool, publish: bool) -> str:
    """Validate one line like the API does, then create it (and publish it) in one transaction.

    Returns what was done; raises LineFailed with the problems.
    """
    data = _parse(line)
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
            vendor_id = _active_vendor_id(code)
            if vendor_id is None:
                raise LineFailed(["vendor_credit_code: no active vendor with this credit code"])
            vendor = db.session.get_one(Organisation, vendor_id)
            product = editing.create_product(vendor, category, data, CLI_ACTOR)
            claims = []
            for slug, items in evidence.items():
                for index, item in enumerate(items):
                    with _field_prefix(f"{EVIDENCE_KEYS[slug]}.{index}."):
                        claims.append(editing.add_claim(product, slug, item, CLI_ACTOR))
            if publish:
                _publish(product, claims)
            done = f"{product.display_name} as {product.state.value}"
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
    services.submit(product, CLI_ACTOR)
    for claim in claims:
        services.review_claim(claim, ReviewStatus.VERIFIED, VERIFIED_ON_IMPORT, CLI_ACTOR)
    services.publish(product, CLI_ACTOR)


def _publish_readiness(product: Any, claims: list[Any]) -> str:
    """Whether --publish would publish the line: it is tried inside a savepoint, which is
    rolled back either way, so a dry run without --publish still says what publishing needs."""
    savepoint = db.session.begin_nested()
    try:
        _publish(product, claims)
    except DomainError as error:
        problems = "; ".join(_domain_problems(error))
        return f"with --publish it would be refused: {problems}"
    finally:
        savepoint.rollback()
    return "with --publish it would be published"


def _parse(line: str) -> dict[str, Any]:
    try:
        raw = json.loads(line.strip())
    except json.JSONDecodeError as error:
        raise LineFailed([f"invalid JSON: {error.msg} (character {error.pos + 1})"]) from None
    if not isinstance(raw, dict):
        raise LineFailed(["a line must be one JSON object"])
    try:
        return ImportLineSchema().load(raw)
    except ma.ValidationError as error:
        raise LineFailed(field_problems(error.messages)) from None


def _active_vendor_id(code: str) -> Any:
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
