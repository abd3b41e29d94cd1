"""Discovery: a buyer finding suppliers it has never heard of.

The market side of search (DESIGN.md, "Search"): the outbox that every catalog change writes to,
the documents built from live listings, the drain that keeps the index in step, the search page,
the API and the ``flask search`` commands. The engine itself is the standalone ``search`` package.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from market.discovery import (
        models,  # noqa: F401 (register the table)
        next_steps,  # noqa: F401 (its page on the home page)
        sync,
    )
    from market.discovery.cli import search_commands
    from market.discovery.views import bp

    sync.init_app(app)
    app.cli.add_command(search_commands)
    app.register_blueprint(bp)
