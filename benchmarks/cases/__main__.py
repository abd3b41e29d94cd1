"""``python -m benchmarks.cases [--sizes 100,10000] [--requests 100]``, which
``make bench-cases`` runs."""

from __future__ import annotations

import click

from benchmarks.cases.runner import run


@click.command()
@click.option("--sizes", default="100,10000", show_default=True, help="Case counts, ascending.")
@click.option("--requests", default=200, show_default=True, help="Requests per page and size.")
def main(sizes: str, requests: int) -> None:
    """Raise cases through the verbs into a fresh SQLite database, grow it to each size, and
    time the case list, a case page, the inbox and GET /api/v1/cases at every size."""
    run([int(size) for size in sizes.split(",")], requests, echo=click.echo)


if __name__ == "__main__":
    main()
