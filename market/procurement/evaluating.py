"""Technical evaluation: the officer takes the case up and sets weighted criteria, officers and
requesters score each shortlisted version, and the officer selects one product and the method,
which routes the case. Each verb writes an audit event on the case; none commits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from market.core.audit import Actor, record_event
from market.core.db import business_today, db, utcnow
from market.core.errors import Conflict, ValidationFailed
from market.procurement.case_states import OFFICER, SCORER, move, require
from market.procurement.cases import Case, CaseState
from market.procurement.configuration import ProcurementMethod
from market.procurement.evaluation import MAX_SCORE, TOTAL_WEIGHT, Criterion, Score
from market.procurement.routing import route_case

MAX_CRITERIA = 12
EVALUATING = frozenset({CaseState.TECHNICAL_EVALUATION})


def start_evaluation(case: Case, actor: Actor, version: int | None = None) -> None:
    """The officer takes the case up; the evaluation's clock starts."""

    def effects() -> None:
        case.officer_id = actor.user.id if actor.user is not None else case.officer_id

    move(case, "start_evaluation", actor, version=version, effects=effects)


def criteria_of(case: Case) -> list[Criterion]:
    return list(
        db.session.scalars(
            sa.select(Criterion).where(Criterion.case_id == case.id).order_by(Criterion.position)
        )
    )


def scores_of(case: Case) -> list[Score]:
    return list(db.session.scalars(sa.select(Score).where(Score.case_id == case.id)))


def set_criteria(
    case: Case, actor: Actor, rows: Sequence[Mapping[str, Any]], version: int | None = None
) -> list[Criterion]:
    """Replace the criteria (``name``, ``weight``); only before anyone has scored, since a
    score is given against the criteria as they stood."""
    require(case, actor, OFFICER, EVALUATING, _("set criteria"), version)
    if db.session.scalar(sa.select(Score.id).where(Score.case_id == case.id).limit(1)):
        raise Conflict(_("Scores were given under these criteria: they can no longer change."))
    problems = criteria_problems(rows)
    if problems:
        raise ValidationFailed(_("Please correct the marked fields."), problems)
    before = [{"name": c.name, "weight": c.weight} for c in criteria_of(case)]
    db.session.execute(sa.delete(Criterion).where(Criterion.case_id == case.id))
    criteria = [
        Criterion(case_id=case.id, position=i, name=row["name"].strip(), weight=row["weight"])
        for i, row in enumerate(rows, start=1)
    ]
    db.session.add_all(criteria)
    case.updated_at = utcnow()  # a new version: a select form opened before is stale
    db.session.flush()
    record_event(
        actor,
        "case.criteria_set",
        case,
        before={"criteria": before},
        after={"criteria": [{"name": c.name, "weight": c.weight} for c in criteria]},
        organisation_id=case.organisation_id,
    )
    return criteria


def criteria_problems(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    messages: list[str] = []
    if not rows:
        messages.append(_("Give at least one criterion."))
    elif len(rows) > MAX_CRITERIA:
        messages.append(_("At most %(n)d criteria.", n=MAX_CRITERIA))
    names = [(row.get("name") or "").strip() for row in rows]
    if any(not name or len(name) > 200 for name in names):
        messages.append(_("Each criterion needs a name of at most 200 characters."))
    if len(set(names)) != len(names):
        messages.append(_("Each criterion once."))
    weights = [row.get("weight") for row in rows]
    if any(not isinstance(w, int) or not 1 <= w <= TOTAL_WEIGHT for w in weights):
        messages.append(_("Each weight is a whole number from 1 to 100."))
    elif rows and sum(weights) != TOTAL_WEIGHT:  # type: ignore[arg-type]
        messages.append(
            _("The weights add up to %(sum)d; they must add up to 100.", sum=sum(weights))  # type: ignore[arg-type]
        )
    return {"criteria": messages} if messages else {}


def score(case: Case, actor: Actor, rows: Sequence[Mapping[str, Any]]) -> list[Score]:
    """The actor's scores (``entry_id``, ``criterion_id``, ``value`` 0–10, ``comment``), given
    or changed; all or none. Scores move no version: two scorers never make each other stale."""
    require(case, actor, SCORER, EVALUATING, _("score"))
    criteria = {c.id: c for c in criteria_of(case)}
    if not criteria:
        raise Conflict(_("The officer has not set the criteria yet."))
    entries = {e.id for e in case.shortlist}
    problems = _score_problems(rows, criteria.keys(), entries)
    if problems:
        raise ValidationFailed(_("Please correct the marked fields."), problems)
    assert actor.user is not None
    mine = {
        (s.entry_id, s.criterion_id): s
        for s in db.session.scalars(
            sa.select(Score).where(Score.case_id == case.id, Score.scorer_id == actor.user.id)
        )
    }
    saved = []
    for row in rows:
        key = (row["entry_id"], row["criterion_id"])
        existing = mine.get(key)
        if existing is None:
            existing = Score(
                case_id=case.id,
                criterion_id=row["criterion_id"],
                entry_id=row["entry_id"],
                scorer_id=actor.user.id,
            )
            db.session.add(existing)
            mine[key] = existing
        existing.value = row["value"]
        existing.comment = (row.get("comment") or "").strip()
        existing.scored_at = utcnow()
        saved.append(existing)
    db.session.flush()
    record_event(
        actor,
        "case.scored",
        case,
        after={
            "scores": [
                {
                    "entry_id": str(s.entry_id),
                    "criterion": criteria[s.criterion_id].name,
                    "value": s.value,
                    "comment": s.comment,
                }
                for s in saved
            ]
        },
        organisation_id=case.organisation_id,
    )
    return saved


def _score_problems(
    rows: Sequence[Mapping[str, Any]],
    criteria: Any,
    entries: set[uuid.UUID],
) -> dict[str, list[str]]:
    messages: list[str] = []
    if not rows:
        messages.append(_("Give at least one score."))
    for row in rows:
        if row.get("entry_id") not in entries or row.get("criterion_id") not in criteria:
            messages.append(_("A score is for a shortlisted product and a criterion of this case."))
            break
    if any(
        not isinstance(row.get("value"), int) or not 0 <= row["value"] <= MAX_SCORE for row in rows
    ):
        messages.append(_("Each score is a whole number from 0 to 10."))
    if any(len(row.get("comment") or "") > 2000 for row in rows):
        messages.append(_("A comment has at most 2,000 characters."))
    pairs = [(row.get("entry_id"), row.get("criterion_id")) for row in rows]
    if len(set(pairs)) != len(pairs):
        messages.append(_("Each product and criterion once."))
    return {"scores": messages} if messages else {}


def select(
    case: Case,
    actor: Actor,
    entry_id: uuid.UUID | None,
    method: ProcurementMethod | None,
    reason: str,
    version: int | None = None,
) -> None:
    """Select one shortlisted product and the method; the case is routed for that version
    under its configuration version today, and the routing explanation stored with it."""
    entry = next((e for e in case.shortlist if e.id == entry_id), None)
    routing = route_case(case.config_version, entry.version, business_today()) if entry else None
    reason = (reason or "").strip()
    facts = {
        "criteria": criteria_of(case),
        "scores": scores_of(case),
        "entry": entry,
        "method": method,
        "routing": routing,
        "selection_reason": reason,
    }

    def effects() -> None:
        assert entry is not None
        assert routing is not None
        assert method is not None
        entry.selected = True
        case.route = routing.route
        case.routing = routing.as_json()
        case.method = method
        case.selection_reason = reason

    move(
        case,
        "select",
        actor,
        version=version,
        facts=facts,
        effects=effects,
        after=lambda: {
            "selected": str(entry.version_id) if entry else None,
            "route": case.route,
            "method": case.method,
            "reason": reason,
            "routing": case.routing,
        },
    )
