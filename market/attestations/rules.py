"""Named rules other features' state machines use.

``DECISION_ATTESTED``: a decided case goes no further (the trial issue's ``decided →
contracted``) until its decision attestation stands, filed and countersigned by the chair. The
trial issue adds it to that transition's guards."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from market.core.states import Guard


def _decision_attested(case: Any, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    from market.attestations.filing import standing

    attestation = standing(case, "decision")
    if attestation is None:
        return {"attestation": [_("File the decision attestation first.")]}
    if not attestation.complete:
        return {"attestation": [_("The chair has not countersigned the decision attestation.")]}
    return {}


DECISION_ATTESTED = Guard("decision attestation filed and countersigned", _decision_attested)
