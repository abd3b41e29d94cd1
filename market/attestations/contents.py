"""What an attestation's body says, built from the case as it stands when the officer files it:
the sections its kind lists, each derived from the record (the timeline, the meeting, the risk
register, the selected version's documents), and the officer's own words and declarations.

The body is JSON without floats (money as yuan strings), so its RFC 8785 canonical bytes, the
bytes the officer's key signs, are the same wherever they are computed.
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import rfc8785
import sqlalchemy as sa

from market.accounts.models import User
from market.attestations.records import Attestation, AttestationKind, Section
from market.catalog.evidence import Document
from market.core.db import db
from market.core.money import fen_to_yuan
from market.procurement.case_queries import CaseView
from market.procurement.cases import Case

FORMAT = "pioneer-market/attestation/1"

# Sections a later stage of the case derives from its own records (the trial's terms): each
# builder reads the case and returns the section's JSON. Registered by the feature that owns
# the records, so this module needs no import of it.
SECTION_BUILDERS: dict[Section, Callable[[Case], Any]] = {}


def register_section(section: Section, builder: Callable[[Case], Any]) -> None:
    SECTION_BUILDERS[section] = builder


def plain(value: Any) -> Any:
    """``value`` as the body holds it: times in ISO 8601, identifiers and amounts as strings."""
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float):
        raise TypeError("an attestation holds no floats")
    return value


def sha256_of(value: Any) -> str:
    return hashlib.sha256(rfc8785.dumps(plain(value))).hexdigest()


def yuan(fen: int | None) -> str | None:
    return None if fen is None else f"{fen_to_yuan(fen):.2f}"


def case_state(view: CaseView) -> dict[str, Any]:
    """The case as it stands: what the procedure's hash covers."""
    case = view.case
    meeting = view.meeting
    return plain(
        {
            "case": case.id,
            "number": case.number,
            "state": case.state,
            "title": case.title,
            "description": case.description,
            "quantity": case.quantity,
            "budget": yuan(case.budget_fen),
            "delivery_site": case.delivery_site,
            "wanted_by": case.wanted_by,
            "green_channel_version": case.config_version.number if case.config_version else None,
            "route": case.route,
            "routing": case.routing,
            "method": case.method,
            "selection_reason": case.selection_reason,
            "insurance_policy": case.insurance_policy,
            "no_insurance_reason": case.no_insurance_reason,
            "fallback_supply": case.fallback_supply,
            "result": case.result,
            "decided_at": case.decided_at,
            "shortlist": [
                {
                    "position": e.position,
                    "version": e.version_id,
                    "snapshot_sha256": e.snapshot_sha256,
                    "selected": e.selected,
                }
                for e in case.shortlist
            ],
            "criteria": [{"name": c.name, "weight": c.weight} for c in view.criteria],
            "scores": sorted(
                (
                    {
                        "criterion": s.criterion_id,
                        "entry": s.entry_id,
                        "scorer": s.scorer_id,
                        "value": s.value,
                    }
                    for s in view.scores
                ),
                key=lambda s: (s["criterion"], s["entry"], s["scorer"]),
            ),
            "risks": [_risk(r) for r in view.risks],
            "meeting": _meeting(view) if meeting is not None else None,
        }
    )


def _risk(risk: Any) -> dict[str, Any]:
    return {
        "description": risk.description,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "rating": risk.rating,
        "mitigation": risk.mitigation,
        "owner": risk.owner,
    }


def _meeting(view: CaseView) -> dict[str, Any]:
    meeting = view.meeting
    assert meeting is not None
    return {
        "held_on": meeting.held_on,
        "kind": meeting.kind,
        "attendees": [
            {
                "user": a.approver_id,
                "name": a.approver.name,
                "conflict": a.conflict,
                "conflict_note": a.conflict_note,
                "vote": a.vote,
                "vote_comment": a.vote_comment,
            }
            for a in meeting.attendances
        ],
    }


def procedure(view: CaseView) -> dict[str, Any]:
    """The steps the record shows, in order, and the hash of the case they led to."""
    steps = [
        {
            "at": event.occurred_at,
            "step": event.verb,
            "by": view.actor_names.get(event.actor_user_id) if event.actor_user_id else None,
        }
        for event in view.events
    ]
    return plain(
        {
            "steps": steps,
            "case_state": view.case.state,
            "case_state_sha256": sha256_of(case_state(view)),
        }
    )


def evidence(case: Case) -> list[dict[str, Any]]:
    """The selected version's documents: what the decision had before it."""
    entry = case.selected_entry
    if entry is None:
        return []
    documents = db.session.scalars(
        sa.select(Document)
        .where(Document.version_id == entry.version_id)
        .order_by(Document.created_at, Document.id)
    )
    return [
        {
            "document": str(d.id),
            "name": d.filename,
            "title": d.title,
            "type": d.file.media_type,
            "size": d.file.size,
            "sha256": d.sha256,
        }
        for d in documents
    ]


def invoked(case: Case, kind: AttestationKind) -> list[dict[str, Any]]:
    """The case's standing attestations of other kinds, which this one invokes: each by its
    number, kind, log entry and the hash of its body."""
    standing = db.session.scalars(
        sa.select(Attestation)
        .where(
            Attestation.case_id == case.id,
            Attestation.kind != kind.code,
            Attestation.superseded_at.is_(None),
        )
        .order_by(Attestation.number)
    )
    return [
        {
            "attestation": a.id,
            "number": a.number,
            "kind": a.kind,
            "seq": a.filed_seq,
            "countersigned_seq": a.countersigned_seq,
            "body_sha256": a.body_sha256,
        }
        for a in standing
    ]


def body(
    kind: AttestationKind,
    view: CaseView,
    officer: User,
    chair: User | None,
    given: Mapping[str, Any],
    *,
    attestation_id: uuid.UUID,
    number: int,
    supersedes: Any,
    signed_at: datetime,
) -> dict[str, Any]:
    """The body the officer signs. ``given`` holds the officer's words: ``policy_basis``,
    ``rationale``, ``mitigations``, the declarations and, for a correction, ``correction``."""
    case = view.case
    entry = case.selected_entry
    out: dict[str, Any] = {
        "format": FORMAT,
        "kind": kind.code,
        "attestation": attestation_id,
        "number": number,
        "organisation": case.organisation_id,
        "organisation_name": case.organisation.display_name,
        "case": case.id,
        "case_number": case.number,
        "case_title": case.title,
        "product": None
        if entry is None
        else {
            "name": entry.snapshot.get("name_zh"),
            "name_en": entry.snapshot.get("name_en"),
            "version": entry.version_id,
            "vendor": entry.vendor.display_name,
            "snapshot_sha256": entry.snapshot_sha256,
        },
        "value": yuan(case.budget_fen),
        "officer": {"user": officer.id, "name": officer.name},
        "chair": None if chair is None else {"user": chair.id, "name": chair.name},
        "supersedes": None
        if supersedes is None
        else {"attestation": supersedes.id, "seq": supersedes.filed_seq},
        "correction": (given.get("correction") or "").strip() or None,
        "signed_at": signed_at,
    }
    if kind.holds(Section.POLICY):
        config = case.config_version
        out["policy"] = {
            "basis": given["policy_basis"].strip(),
            "green_channel_version": config.number if config else None,
            "green_channel_version_id": config.id if config else None,
        }
    if kind.holds(Section.PROCEDURE):
        out["procedure"] = procedure(view)
    if kind.holds(Section.DECISION):
        out["decision"] = {
            "meeting": _meeting(view) if view.meeting is not None else None,
            "result": case.result,
            "decided_at": case.decided_at,
            "method": case.method,
            "route": case.route,
        }
    if kind.holds(Section.DECLARATIONS):
        out["declarations"] = {
            "no_conflict_of_interest": bool(given.get("no_conflict_of_interest")),
            "no_personal_gain": bool(given.get("no_personal_gain")),
        }
    if kind.holds(Section.RISKS):
        out["risks"] = [_risk(r) for r in view.risks]
        out["insurance"] = {
            "policy": case.insurance_policy,
            "no_insurance_reason": case.no_insurance_reason,
            "fallback_supply": case.fallback_supply,
        }
    if kind.holds(Section.RATIONALE):
        out["rationale"] = given["rationale"].strip()
    if kind.holds(Section.MITIGATIONS):
        out["mitigations"] = given["mitigations"].strip()
    if kind.holds(Section.EVIDENCE):
        out["evidence"] = evidence(case)
    if kind.holds(Section.INVOKED):
        out["invoked"] = invoked(case, kind)
    for section, build in SECTION_BUILDERS.items():
        if kind.holds(section):
            out[section.value] = build(case)
    return plain(out)
