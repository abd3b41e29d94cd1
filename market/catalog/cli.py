"""Operator commands: ``flask catalog import FILE.jsonl`` (each line: ``market.catalog.importing``),
``flask catalog codes``, ``flask catalog expire`` and ``flask catalog files sweep|check``."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from market.catalog import file_upkeep, services
from market.catalog.forms import PRICE_VISIBILITY_LABELS
from market.catalog.importing import CLI_ACTOR, LineFailed, active_vendor_id, import_line
from market.catalog.taxonomy import (
    CATEGORY_LABELS,
    DEPLOYMENT_LABELS,
    DESIGNATION_KINDS,
    DESIGNATION_LABELS,
    FIELD_LABELS,
    IP_LABELS,
    PROVINCES,
    DesignationKind,
)
from market.core.db import business_today, db
from market.discovery import sync
from market.discovery.models import SearchOutbox

catalog = AppGroup("catalog", help="The product catalog.")
files = AppGroup("files", help="The store of uploaded documents (DOCUMENT_STORAGE).")
catalog.add_command(files)

PROGRESS_EVERY = 500  # lines between progress reports on stderr; a smaller file gets none


@catalog.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--vendor", "vendor_code", help="Credit code of the vendor of every line.")
@click.option("--dry-run", is_flag=True, help="Check every line, write nothing.")
@click.option(
    "--publish",
    is_flag=True,
    help="Verify each listing's evidence and publish it, as the operator.",
)
@click.option(
    "--category",
    type=click.Choice([c.value for c in CATEGORY_LABELS]),
    help="The category of lines that give none (a published list is of one category).",
)
def import_products(
    file: IO[str], vendor_code: str | None, dry_run: bool, publish: bool, category: str | None
) -> None:
    """Import listings from a JSON Lines FILE, one listing per line.

    Each line is the API's create body (POST /api/v1/products; the region may also be a
    province's name) plus its evidence as lists ("designations", "test_reports", "ip_rights",
    "references", "insurance") and, without --vendor, its "vendor_credit_code". `flask catalog
    codes` lists the accepted codes. Lines are drafts unless --publish, and a draft may hold only
    what a published list gives (a Chinese name, the technical field and a line of description):
    its vendor completes the rest before submitting it. Each line is its own
    transaction, so a bad line costs only itself. The imported listings are then pushed to the
    search index. Exits 1 when any line failed.
    """
    if vendor_code:
        with db.session.begin():
            if active_vendor_id(vendor_code) is None:
                raise click.ClickException(f"no active vendor with credit code {vendor_code}")
    lines = _count_lines(file)
    imported = failed = 0
    for number, line in enumerate(file, start=1):
        if line.strip():
            try:
                summary = import_line(
                    line, vendor_code, dry_run=dry_run, publish=publish, category=category
                )
            except LineFailed as failure:
                failed += 1
                for problem in failure.problems:
                    click.echo(f"line {number}: {problem}", err=True)
            else:
                imported += 1
                click.echo(f"line {number}: {summary}")
        if number % PROGRESS_EVERY == 0 and number != lines:
            of = f" of {lines}" if lines else ""
            verb = "would be imported" if dry_run else "imported"
            click.echo(f"line {number}{of}: {imported} {verb}, {failed} failed", err=True)
    if dry_run:
        click.echo(f"dry run: {imported} would be imported, {failed} failed; nothing written")
    else:
        click.echo(f"{imported} imported, {failed} failed")
        if imported:
            index_queued_changes()
    if failed:
        raise click.exceptions.Exit(1)


def _count_lines(file: IO[str]) -> int | None:
    """The file's lines, for the progress report; None when it cannot be read twice (a pipe)."""
    if not file.seekable():
        return None
    count = sum(1 for _ in file)
    file.seek(0)
    return count


def index_queued_changes() -> None:
    """Drain the search outbox, as the web process does after a request and `flask search sync`
    does, so the imported listings are searchable now. An index out of reach leaves them
    queued for `flask search sync`; the import stands either way."""
    queued = _outbox_backlog()
    try:
        backend = sync.get_backend()
        if sync.needs_rebuild(backend):
            _index_later("the search index has an older layout and must be rebuilt first")
            return
    except Exception as error:  # a backend's errors are many; each means "not now"
        _index_later(f"the search index cannot be reached ({type(error).__name__}: {error})")
        return
    click.echo(f"search: indexing {queued} queued change(s)…", err=True)
    done = 0

    def report(result: sync.DrainResult) -> None:
        nonlocal done
        done += result.rows
        if done < queued:  # after the only batch, the summary says it all
            click.echo(f"search: {done} of {queued} queued change(s) pushed", err=True)

    try:
        total = sync.drain_all(backend, progress=report)
    except Exception as error:  # the listings are saved: a failure here only delays search
        db.session.rollback()
        _index_later(f"indexing failed ({type(error).__name__}: {error})")
        return
    if total.error:
        _index_later(f"the search index refused the changes ({total.error})")
        return
    click.echo(
        f"search: {total.indexed} listing(s) indexed, {total.deleted} not searchable "
        f"(not published); {_outbox_backlog()} change(s) left in the outbox"
    )


def _index_later(reason: str) -> None:
    click.echo(
        f"search: {reason}. The imported listings are saved and wait in the search outbox: "
        "run `flask search sync` to index them.",
        err=True,
    )


def _outbox_backlog() -> int:
    with db.session.begin():
        return db.session.scalar(sa.select(sa.func.count()).select_from(SearchOutbox)) or 0


@catalog.command("codes")
def list_codes() -> None:
    """The values the coded fields of an import line accept (`flask catalog import`)."""
    kinds = {
        kind: ", ".join(c.value for c, fits in DESIGNATION_KINDS.items() if kind in fits)
        for kind in DesignationKind
    }
    sections: list[tuple[str, dict[Any, Any], dict[Any, str]]] = [
        ("category", CATEGORY_LABELS, {}),
        ("technical_field", FIELD_LABELS, {}),
        ("deployment_model (software)", DEPLOYMENT_LABELS, {}),
        ("price_visibility", PRICE_VISIBILITY_LABELS, {}),
        ("designations: kind (the categories it fits)", DESIGNATION_LABELS, kinds),
        ("ip_rights: kind", IP_LABELS, {}),
    ]
    with force_locale("en"):
        for title, labels, notes in sections:
            click.echo(f"{title}:")
            for value, words in labels.items():
                text = " / ".join(map(str, words)) if isinstance(words, tuple) else str(words)
                note = f" ({notes[value]})" if value in notes else ""
                click.echo(f"  {value:<24} {text}{note}")
    click.echo("region (the code, or the name: 320000, 江苏, 江苏省, Jiangsu or jiangsu):")
    for code, (zh, en) in PROVINCES.items():
        click.echo(f"  {code}  {zh} / {en}")


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
