"""``python -m benchmarks.search --count N [--no-http]``, which ``make bench-search`` runs."""

from __future__ import annotations

import click

from benchmarks.search.runner import run


@click.command()
@click.option("-n", "--count", default=100_000, show_default=True, help="Synthetic listings.")
@click.option("--http/--no-http", default=True, help="Also measure /api/v1/search via gunicorn.")
def main(count: int, http: bool) -> None:
    """Build N synthetic listings, index them and time queries (engine and HTTP API)."""
    from market import create_app

    # The documents are built by the product's own builder, which reads the app's configuration
    # (labels, translations); nothing is written to the app's database or index.
    with create_app().app_context():
        run(count, http=http, echo=click.echo)


if __name__ == "__main__":
    main()
