"""seed-demo's signing keys and attestations: every demo signer's key registered by their
registrar, every decided demo case attested and countersigned, all of it in a log that
verifies; made once."""

from __future__ import annotations

import sqlalchemy as sa

from market.attestations import filing
from market.attestations.keys import SigningKey
from market.attestations.records import Attestation
from market.catalog.trial_records import TrialRecord
from market.core.db import business_today, db
from market.procurement.cases import Case, CaseState
from market.trials import determining, progress
from market.trials.terms import terms_of


def test_seed_demo_signs_the_decided_cases(app, db_session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--quiet"])
    assert first.exit_code == 0, first.output
    keys = db.session.scalars(sa.select(SigningKey)).all()
    assert keys
    assert all(key.usable for key in keys)
    assert sum(key.registrar for key in keys) == 3  # one registrar per demo buyer
    past_the_vote = {
        CaseState.DECIDED,
        CaseState.CONTRACTED,
        CaseState.TRIAL_RUNNING,
        CaseState.ACCEPTED,
        CaseState.FAILED,
        CaseState.TERMINATED,
        CaseState.CLOSED,
    }
    decided = db.session.scalars(sa.select(Case).where(Case.state.in_(past_the_vote))).all()
    attestations = db.session.scalars(
        sa.select(Attestation).where(Attestation.kind == "decision")
    ).all()
    assert {a.case_id for a in attestations} == {c.id for c in decided}
    assert all(a.countersigned_seq is not None for a in attestations)
    assert f"{len(attestations)} decision attestations filed" in first.output
    # The running demo trial started on its attestation, on terms its vendor confirmed.
    running = [c for c in decided if c.state == CaseState.TRIAL_RUNNING]
    assert running
    started = db.session.scalars(
        sa.select(Attestation).where(Attestation.kind == "trial_start")
    ).all()
    beyond = past_the_vote - {CaseState.DECIDED, CaseState.CONTRACTED}
    assert {a.case_id for a in started} == {c.id for c in decided if c.state in beyond}
    # The failed one: remediated (its other attestations invoked) and determined in the log;
    # the closed one: its outcome attested.
    [failed] = [c for c in decided if c.state == CaseState.FAILED]
    remediation = filing.standing(failed, "remediation")
    assert remediation is not None
    assert all(a.invoked_at for a in filing.attestations_of(failed) if a.kind != "remediation")
    assert determining.determination_of(failed).exemption.value == "exempted"
    [closed] = [c for c in decided if c.state == CaseState.CLOSED]
    assert filing.standing(closed, "outcome") is not None
    # The accepted and the closed trials are on their products' public records.
    [accepted] = [c for c in decided if c.state == CaseState.ACCEPTED]
    records = db.session.scalars(sa.select(TrialRecord)).all()
    assert {r.case_id for r in records} == {accepted.id, closed.id}
    others = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Attestation)
        .where(Attestation.kind.in_(("outcome", "remediation")))
    )
    assert all(a.body["terms"]["confirmed"] for a in started)
    for case in running:  # reported on once, and its first milestone's report overdue
        assert len(progress.reports_of(case)) == 1
        due = progress.milestones_due(terms_of(case), progress.reports_of(case), business_today())
        assert [d.overdue for d in due] == [True, False]
    assert "trials taken forward" in first.output

    checked = runner.invoke(args=["ledger", "verify"])
    assert checked.exit_code == 0, checked.output

    again = runner.invoke(args=["seed-demo", "--quiet"])
    assert "attestations filed" not in again.output
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(Attestation))
        == len(attestations) + len(started) + others
    )
