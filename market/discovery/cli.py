"""``flask search sync|reindex|status``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from market.discovery import sync

search_commands = AppGroup("search", help="Keep the search index in step with the catalog.")


@search_commands.command("sync")
@click.option("--batch", default=sync.DEFAULT_BATCH, show_default=True, help="Rows per batch.")
def sync_command(batch: int) -> None:
    """Push queued catalog changes to the index until the outbox is drained (rebuilding the
    index first if it has an older layout)."""
    backend = sync.get_backend()
    if sync.needs_rebuild(backend):
        click.echo("The search index has an older layout: rebuilding it from the database…")
        count = sync.reindex(backend, lambda n: click.echo(f"  {n} documents…"))
        click.echo(f"Reindexed {count} listings.")

    def report(result: sync.DrainResult) -> None:
        click.echo(f"  {result.indexed} indexed, {result.deleted} removed, {result.failed} failed")

    total = sync.drain_all(backend, batch, report)
    click.echo(
        f"Synced {total.rows} outbox rows: {total.indexed} indexed, {total.deleted} removed."
    )
    if total.error:
        raise click.ClickException(f"{total.failed} rows will be retried: {total.error}")


@search_commands.command("reindex")
def reindex_command() -> None:
    """Rebuild the whole index from the database; searches go on meanwhile."""
    count = sync.reindex(sync.get_backend(), lambda n: click.echo(f"  {n} documents…"))
    click.echo(f"Reindexed {count} listings.")


@search_commands.command("status")
def status_command() -> None:
    """Documents indexed, outbox backlog and the last error."""
    info = sync.status(sync.get_backend())
    click.echo(f"Backend: {info.get('backend')}")
    click.echo(f"Documents indexed: {info.get('documents')}")
    click.echo(f"Outbox backlog: {info['outbox_backlog']}")
    click.echo(f"Last error: {info['last_error'] or 'none'}")
