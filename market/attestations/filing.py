"""The verbs of attestations: the responsible officer files one for a case with their PIN, the
decision's chair countersigns it with theirs, and a correction supersedes a filed one (never
an edit). Each signature is an entry in the log; none of these commits (the request does).

Checks come in the order the case verbs use: who may (403), the version read (409), the
state (409), then the input by field (422); the PIN last, so a wrong PIN is the only problem
left when it is reported. Nothing reaches the log until every check has passed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from market.accounts.models import User
from market.attestations import contents, ledger, signing_keys
from market.attestations.records import Attestation, AttestationKind, Section
from market.core.audit import Actor, record_event
from market.core.db import db, utcnow
from market.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    StaleVersion,
    ValidationFailed,
)
from market.core.labels import label_of
from market.procurement import case_queries, permissions
from market.procurement.case_states import CASE_STATES, move
from market.procurement.cases import Case, CaseState

COUNTERSIGNATURE_FORMAT = "pioneer-market/countersignature/1"


def lock(case: Case) -> None:
    """Take the case's row lock (FOR UPDATE on PostgreSQL; SQLite's write lock is taken by
    the log's append) and read it afresh: a lock on the id alone, as a case read for a page
    carries outer joins PostgreSQL cannot lock through."""
    db.session.execute(sa.select(Case.id).where(Case.id == case.id).with_for_update())
    db.session.refresh(case)


def kind_of(code: str) -> AttestationKind:
    kind = db.session.get(AttestationKind, code)
    if kind is None:
        raise NotFound(_("No such kind of attestation."))
    return kind


def kinds() -> list[AttestationKind]:
    return list(db.session.scalars(sa.select(AttestationKind).order_by(AttestationKind.position)))


def may_take_step(case: Case, kind: AttestationKind, user: User) -> bool:
    """Whether the case may take the step filing ``kind`` takes (none: it may): the case page
    offers a trial start only once the vendor has confirmed the terms."""
    if kind.transition is None:
        return True
    try:
        CASE_STATES.check(case, kind.transition, Actor(user))
    except (PermissionDenied, InvalidTransition, ValidationFailed):
        return False
    return True


def attestations_of(case: Case) -> list[Attestation]:
    """Newest first within each kind: the standing one, then those it superseded."""
    return list(
        db.session.scalars(
            sa.select(Attestation)
            .where(Attestation.case_id == case.id)
            .order_by(Attestation.number.desc())
        )
    )


def standing(case: Case, kind: str) -> Attestation | None:
    return db.session.scalar(
        sa.select(Attestation).where(
            Attestation.case_id == case.id,
            Attestation.kind == kind,
            Attestation.superseded_at.is_(None),
        )
    )


def visible_attestation(attestation_id: uuid.UUID | None, actor: Actor) -> Attestation:
    """The attestation if its case is one the actor may see; otherwise 404."""
    attestation = db.session.get(Attestation, attestation_id) if attestation_id else None
    if attestation is None:
        raise NotFound(_("No such attestation."))
    case_queries.visible_case(attestation.case_id, actor)
    return attestation


def attending_approvers(view: case_queries.CaseView) -> list[User]:
    """Who may chair: the approvers the meeting recorded as attending."""
    meeting = view.meeting
    return [] if meeting is None else [a.approver for a in meeting.attendances]


def _problems(
    kind: AttestationKind,
    view: case_queries.CaseView,
    officer: User,
    given: Mapping[str, Any],
    supersedes: Attestation | None,
) -> tuple[dict[str, list[str]], User | None]:
    problems: dict[str, list[str]] = {}
    if kind.holds(Section.POLICY) and not (given.get("policy_basis") or "").strip():
        problems["policy_basis"] = [_("State the policy this trial purchase rests on.")]
    if kind.holds(Section.RATIONALE) and not (given.get("rationale") or "").strip():
        problems["rationale"] = [_("Say why the decision was reasonable.")]
    if kind.holds(Section.MITIGATIONS) and not (given.get("mitigations") or "").strip():
        problems["mitigations"] = [_("Say how the risks are kept in check.")]
    if kind.holds(Section.DECLARATIONS):
        if given.get("no_conflict_of_interest") is not True:
            problems["no_conflict_of_interest"] = [
                _("Declare that you have no conflict of interest.")
            ]
        if given.get("no_personal_gain") is not True:
            problems["no_personal_gain"] = [
                _("Declare that you gain nothing personally from this purchase.")
            ]
    if supersedes is not None and not (given.get("correction") or "").strip():
        problems["correction"] = [_("Say what this correction corrects.")]
    chair: User | None = None
    if kind.countersigned:
        chair_id = str(given.get("chair") or "")
        chair = next((u for u in attending_approvers(view) if str(u.id) == chair_id), None)
        if chair is None:
            problems["chair"] = [_("Choose the chair: an approver who attended the meeting.")]
        elif chair.id == officer.id:
            problems["chair"] = [_("The chair countersigns: it cannot be you.")]
    return problems, chair


def file_attestation(
    case: Case,
    actor: Actor,
    kind_code: str,
    given: Mapping[str, Any],
    pin: str,
    *,
    version: int | None = None,
    supersedes_id: uuid.UUID | None = None,
) -> Attestation:
    """The officer's attestation for ``case``, signed with their key and logged. With
    ``supersedes_id`` it corrects the standing one of its kind, which stays in the record."""
    officer = actor.user
    if officer is None or not permissions.is_case_officer(officer, case):
        raise PermissionDenied(_("Only the organisation's procurement officers file attestations."))
    kind = kind_of(kind_code)
    lock(case)
    if version is not None and version != case.lock_version:
        raise StaleVersion(
            _("This changed after you opened it. Reload the page, check and try again.")
        )
    if case.state.value not in kind.filed_in:
        raise InvalidTransition(
            _(
                "A %(kind)s cannot be filed: the case is %(state)s.",
                kind=kind.label,
                state=label_of(CaseState, case.state),
            )
        )
    current = standing(case, kind.code)
    supersedes = None
    if supersedes_id is not None:
        if current is None or current.id != supersedes_id:
            raise StaleVersion(_("That attestation has been corrected already. Reload the page."))
        supersedes = current
    elif current is not None:
        raise Conflict(_("It is filed already: file a correction to change it."))
    if kind.transition is not None and supersedes is None:
        # The step it takes is checked now, so nothing is signed for a case that cannot move.
        CASE_STATES.check(case, kind.transition, actor)
    view = case_queries.case_view(case)
    problems, chair = _problems(kind, view, officer, given, supersedes)
    if problems:
        raise ValidationFailed(_("Check the attestation and try again."), problems)

    attestation_id = uuid.uuid4()
    number = (
        db.session.scalar(
            sa.select(sa.func.max(Attestation.number)).where(Attestation.case_id == case.id)
        )
        or 0
    ) + 1
    now = utcnow()
    body = contents.body(
        kind,
        view,
        officer,
        chair,
        given,
        attestation_id=attestation_id,
        number=number,
        supersedes=supersedes,
        signed_at=now,
    )
    signer = signing_keys.sign(officer, pin, body)
    entry = ledger.append("attestation.filed", body, signer, organisation_id=case.organisation_id)
    if supersedes is not None:
        supersedes.superseded_at = now
        db.session.flush()  # the standing index holds one per kind: the old one steps down first
    attestation = Attestation(
        id=attestation_id,
        case_id=case.id,
        organisation_id=case.organisation_id,
        kind=kind.code,
        number=number,
        supersedes_id=supersedes.id if supersedes else None,
        body=body,
        body_sha256=contents.sha256_of(body),
        filed_by_id=officer.id,
        filed_at=now,
        filed_seq=entry.seq,
        chair_id=chair.id if chair else None,
    )
    db.session.add(attestation)
    db.session.flush()
    if kind.transition is not None and supersedes is None:
        move(case, kind.transition, actor, after={"attestation_number": number})
    if kind.invokes:
        for other in attestations_of(case):
            if other.kind != kind.code and other.is_standing and other.invoked_at is None:
                other.invoked_at = now
        db.session.flush()
    record_event(
        actor,
        "case.attestation_filed",
        case,
        after={
            "attestation_kind": kind.code,
            "attestation_number": number,
            "seq": entry.seq,
            "corrects": supersedes.number if supersedes else None,
        },
        organisation_id=case.organisation_id,
    )
    return attestation


def countersign(
    attestation: Attestation, actor: Actor, pin: str, *, version: int | None = None
) -> Attestation:
    """The chair's countersignature: that the attestation states the decision they chaired."""
    user = actor.user
    if user is None or attestation.chair_id != user.id:
        if user is not None and attestation.filed_by_id == user.id:
            raise PermissionDenied(_("You filed this attestation: the chair countersigns it."))
        raise PermissionDenied(_("Only the chair named in the attestation countersigns it."))
    case = db.session.get(Case, attestation.case_id)
    assert case is not None
    lock(case)
    db.session.refresh(attestation)
    if version is not None and version != attestation.lock_version:
        raise StaleVersion(
            _("This changed after you opened it. Reload the page, check and try again.")
        )
    if not attestation.awaits_countersignature:
        raise Conflict(_("This attestation is countersigned already, or was corrected."))
    now = utcnow()
    body = contents.plain(
        {
            "format": COUNTERSIGNATURE_FORMAT,
            "organisation": attestation.organisation_id,
            "case": attestation.case_id,
            "attestation": attestation.id,
            "attestation_seq": attestation.filed_seq,
            "attestation_sha256": attestation.body_sha256,
            "chair": {"user": user.id, "name": user.name},
            "statement": "I chaired the meeting and the attestation states its decision.",
            "signed_at": now,
        }
    )
    signer = signing_keys.sign(user, pin, body)
    entry = ledger.append(
        "attestation.countersigned", body, signer, organisation_id=attestation.organisation_id
    )
    attestation.countersigned_at, attestation.countersigned_seq = now, entry.seq
    db.session.flush()
    record_event(
        actor,
        "case.attestation_countersigned",
        case,
        after={"attestation_number": attestation.number, "seq": entry.seq},
        organisation_id=case.organisation_id,
    )
    return attestation
