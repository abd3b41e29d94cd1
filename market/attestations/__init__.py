"""Fault-tolerance attestations on a verifiable log (DESIGN.md, "Fault-tolerance attestations
and the verifiable log"; issue 15), built in slices. So far: the log's Merkle tree (``merkle``)
and checkpoint notes (``notes``), which the offline verifier shares and so need nothing beyond
the standard library and ``cryptography``; and the log itself (``models``, ``ledger``, with
its key in ``log_key``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at run time: the offline verifier runs without Flask
    from flask import Flask


def init_app(app: Flask) -> None:
    from market.attestations import (
        audit_views,  # noqa: F401 (how its events read in the log)
        cli,
        key_views,
        keys,  # noqa: F401 (register the tables)
        ledger_views,
        models,  # noqa: F401
        records,  # noqa: F401
        signing_keys,
        views,
    )

    signing_keys.connect()
    app.cli.add_command(cli.ledger_cli)
    app.register_blueprint(key_views.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(ledger_views.bp)
    app.add_template_global(views.case_attestations, "case_attestations")
