"""``python -m benchmarks.ledger [--appends 10000] [--entries 100000]``, which
``make bench-ledger`` runs."""

from __future__ import annotations

import click

from benchmarks.ledger.runner import run


@click.command()
@click.option("--appends", default=10_000, show_default=True, help="Signed appends to time.")
@click.option("--entries", default=100_000, show_default=True, help="Size of the log to verify.")
def main(appends: int, entries: int) -> None:
    """Append signed attestations one committed transaction each into a fresh SQLite database
    (and PostgreSQL when DATABASE_URL points there) beside bare single-row inserts; then build
    a log of ENTRIES with real signatures, verify it (as a bundle, and live) beside the bare
    Ed25519 and SHA-256 work, and count the reads of inclusion proofs."""
    run(appends, entries, echo=click.echo)


if __name__ == "__main__":
    main()
