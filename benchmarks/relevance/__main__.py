"""``python -m benchmarks.relevance [--json PATH] [--check]``, run by ``make bench-relevance``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from benchmarks.relevance.judged import DATA, load
from benchmarks.relevance.runner import report, run


@click.command()
@click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DATA,
    show_default=True,
    help="The judged set: products.jsonl, vendors.json, queries.toml.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the results (per query too) as JSON here.",
)
@click.option("--check", is_flag=True, help="Exit 1 when a target is missed.")
def main(data: Path, json_path: Path | None, check: bool) -> None:
    """Import the judged set into a fresh instance, run every query through GET /api/v1/search
    and print recall@20 and nDCG@10 beside a plain substring scan."""
    results = run(load(data), click.echo)
    report(results, click.echo)
    if json_path is not None:
        json_path.write_text(
            json.dumps(results.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        click.echo(f"results written to {json_path}")
    if check and results.shortfalls():
        raise click.exceptions.Exit(1)


if __name__ == "__main__":
    main()
