"""``python -m benchmarks.search --count N [--no-http] [--postgres URL]``, which
``make bench-search`` runs."""

from __future__ import annotations

import click

from benchmarks.search.postgres import default_url, postgres_url
from benchmarks.search.runner import run


@click.command()
@click.option("-n", "--count", default=100_000, show_default=True, help="Synthetic listings.")
@click.option("--http/--no-http", default=True, help="Also measure /api/v1/search via gunicorn.")
@click.option(
    "--postgres",
    "postgres",
    metavar="URL",
    default=None,
    help="Compare with PostgreSQL full-text search there (default: DATABASE_URL, when it is "
    "PostgreSQL). The listings go into a scratch schema, dropped afterwards.",
)
def main(count: int, http: bool, postgres: str | None) -> None:
    """Build N synthetic listings, index them and time queries (engine, HTTP API, and PostgreSQL
    full-text search beside the engine)."""
    from market import create_app

    if postgres is None:
        url = default_url()
    else:
        url = postgres_url(postgres)
        if url is None:
            raise click.BadParameter("not a PostgreSQL URL", param_hint="--postgres")
    # The documents are built by the product's own builder, which reads the app's configuration
    # (labels, translations); nothing is written to the app's database or index.
    with create_app().app_context():
        run(count, http=http, postgres=url, echo=click.echo)


if __name__ == "__main__":
    main()
