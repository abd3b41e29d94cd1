"""Fault-tolerance attestations on a verifiable log (DESIGN.md, "Fault-tolerance attestations
and the verifiable log"; issue 15), built in slices. So far: the log's Merkle tree (``merkle``)
and checkpoint notes (``notes``), which the offline verifier shares and so need nothing beyond
the standard library and ``cryptography``; and the log itself (``models``, ``ledger``, with
its key in ``log_key``).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from market.attestations import (
        audit_views,  # noqa: F401 (how its events read in the log)
        keys,  # noqa: F401 (register the tables)
        models,  # noqa: F401
        records,  # noqa: F401
        signing_keys,
    )

    signing_keys.connect()
