"""Operator commands for the attestation log: ``flask ledger verify`` (the whole log, as the
offline verifier checks a bundle, and the rows' columns too), ``flask ledger export --org
CODE DIR`` (an organisation's bundle, for its auditors) and ``flask ledger checkpoint --out
FILE`` (the latest signed checkpoint, for an auditor to keep and check the log against)."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import click
import sqlalchemy as sa
from flask.cli import AppGroup
from flask_babel import gettext as _

from market.accounts.models import Organisation
from market.attestations import bundles, ledger
from market.core.db import db

ledger_cli = AppGroup("ledger", help="The attestation log.")


def _progress(size: int) -> None:
    click.echo(_("%(size)s entries verified…", size=f"{size:,}"), err=True)


@ledger_cli.command("verify")
@click.option(
    "--trusted",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="A checkpoint note kept earlier (flask ledger checkpoint): the log must extend it.",
)
@click.option(
    "--evidence/--no-evidence",
    default=True,
    show_default=True,
    help="Check the evidence files in DOCUMENT_STORAGE against the entries.",
)
def verify_command(trusted: tuple[Path, ...], evidence: bool) -> None:
    """Verify the whole log; exit status 1 when there are problems."""
    notes = [path.read_text(encoding="utf-8") for path in trusted]
    report = bundles.verify_live(check_evidence=evidence, trusted=notes, progress=_progress)
    for problem in report.problems:
        click.echo(str(problem))
    if report.ok:
        click.echo(
            _(
                "OK: %(entries)s entries, %(checkpoints)s checkpoints verified in %(s).1f s",
                entries=report.entries,
                checkpoints=report.checkpoints,
                s=report.seconds,
            )
        )
    else:
        click.echo(_("FAILED: %(count)s problems", count=len(report.problems)))
        raise SystemExit(1)


@ledger_cli.command("export")
@click.option("--org", "code", required=True, help="The organisation's credit code.")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export_command(code: str, directory: Path) -> None:
    """Write an organisation's bundle of the log into DIRECTORY."""
    organisation = db.session.scalar(
        sa.select(Organisation).where(Organisation.credit_code == code.strip().upper())
    )
    if organisation is None:
        raise click.BadParameter(_("No organisation has this credit code."), param_hint="--org")
    manifest = bundles.write_bundle(organisation, directory)
    click.echo(
        _(
            "Wrote the log bundle of %(name)s (%(size)s entries) to %(directory)s",
            name=organisation.display_name,
            size=manifest["tree_size"],
            directory=directory,
        )
    )


@ledger_cli.command("checkpoint")
@click.option("--out", "out", type=click.File("w", encoding="utf-8"), default="-")
def checkpoint_command(out: IO[str]) -> None:
    """Write the latest checkpoint (a signed note) to FILE, by default to standard output."""
    latest = ledger.checkpoint()
    if latest is None:
        raise click.ClickException(_("The log is empty: there is no checkpoint yet."))
    out.write(latest.note)
