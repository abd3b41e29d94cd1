"""API fields shared by the features' schemas."""

from __future__ import annotations

from marshmallow import fields, validate


def read_version() -> fields.Integer:
    """The ``version`` an API caller read and sends back with a transition (optimistic locking:
    ``market.core.states``); omitted, the transition is judged on the state alone."""
    return fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1),
        metadata={
            "description": "The version you read (GET's `version`). When given and the object has "
            "changed since, nothing is done and the answer is 409 `stale`."
        },
    )
