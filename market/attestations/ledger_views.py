"""The auditor's page of the log: verify the whole log now (every check the offline verifier
makes, on the live database: the result and how long it took), download the organisation's
bundle and the latest checkpoint to keep outside the platform, and paste a checkpoint kept
earlier to check that today's log extends it. The log's public key downloads here too, for
the offline verifier; an auditor compares it with the one their organisation recorded."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, Response, render_template, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from market.accounts.models import OrgKind, Role, User
from market.attestations import ledger, merkle
from market.attestations.ledger import StoredTree
from market.attestations.log_key import log_key
from market.attestations.notes import BadNote, Checkpoint, verifier_key
from market.core.db import utcnow
from market.core.next_steps import ORGANISATION, NextStep, register
from market.core.permissions import NavLink, register_navigation, requires

bp = Blueprint("ledger", __name__)


def is_auditor(user: User | None) -> bool:
    return (
        user is not None
        and user.is_enabled
        and user.organisation is not None
        and user.organisation.is_active
        and user.has_role(Role.AUDITOR, OrgKind.BUYER)
    )


AUDITOR_ONLY = _l("The log's page is for your organisation's auditors.")


class TrustedCheckpointForm(FlaskForm):
    note = TextAreaField(
        _l("A checkpoint you kept"),
        description=_l("Paste the whole note: origin, size, root hash, time and signature."),
        validators=[InputRequired(), Length(max=4000)],
    )
    submit = SubmitField(_l("Check it against today's log"))


class VerifyForm(FlaskForm):
    submit = SubmitField(_l("Verify the whole log now"))


def _context(**extra: Any) -> dict[str, Any]:
    latest = ledger.checkpoint()
    key = log_key().public_key()
    return {
        "origin": ledger.origin(),
        "size": ledger.size(),
        "latest": latest,
        "vkey": verifier_key(ledger.origin(), key),
        "verify_form": VerifyForm(),
        "trusted_form": TrustedCheckpointForm(),
        "organisation": current_user.organisation,
        **extra,
    }


@bp.get("/ledger")
@requires(is_auditor, message=AUDITOR_ONLY)
def ledger_page() -> Any:
    return render_template("attestations/ledger.html", **_context())


@bp.post("/ledger/verify")
@requires(is_auditor, message=AUDITOR_ONLY)
def verify_now() -> Any:
    from market.attestations import bundles

    form = VerifyForm()
    if not form.validate():
        return render_template("attestations/ledger.html", **_context()), 422
    report = bundles.verify_live()
    return render_template("attestations/ledger.html", **_context(report=report))


@bp.post("/ledger/consistency")
@requires(is_auditor, message=AUDITOR_ONLY)
def check_consistency() -> Any:
    form = TrustedCheckpointForm()
    context = _context(trusted_form=form)
    if not form.validate():
        return render_template("attestations/ledger.html", **context), 422
    text = (form.note.data or "").replace("\r\n", "\n").strip("\n") + "\n"
    origin = ledger.origin()
    try:
        kept = Checkpoint.open(text, origin, log_key().public_key(), origin)
    except BadNote as exc:
        form.note.errors = [_("This is not a checkpoint the log's key signed: %(why)s", why=exc)]
        return render_template("attestations/ledger.html", **context), 422
    context["consistency"] = consistency_with(kept)
    return render_template("attestations/ledger.html", **context)


def consistency_with(kept: Checkpoint) -> dict[str, Any]:
    """Whether today's log extends the tree ``kept`` describes: a consistency proof from the
    store, checked against the kept root and today's signed root as RFC 9162 says. A log
    shorter than the kept checkpoint lost entries; a proof that fails means history changed."""
    size = ledger.size()
    result: dict[str, Any] = {"kept": kept, "size": size}
    if kept.size > size:
        result["ok"] = False
        result["problem"] = _(
            "The log holds %(size)d entries, fewer than the %(kept)d of your checkpoint: "
            "entries were removed.",
            size=size,
            kept=kept.size,
        )
        return result
    latest = ledger.checkpoint()
    assert latest is not None
    try:
        proof = StoredTree().consistency_proof(kept.size, size) if kept.size else []
        ok = kept.size == 0 or merkle.verify_consistency(
            kept.size, size, kept.root, latest.root, proof
        )
    except LookupError:
        ok = False
    result["ok"] = ok
    if not ok:
        result["problem"] = _(
            "Today's log does not extend your checkpoint of %(kept)d entries: its history "
            "was changed.",
            kept=kept.size,
        )
    return result


@bp.get("/ledger/checkpoint.txt")
@requires(is_auditor, message=AUDITOR_ONLY)
def checkpoint_file() -> Any:
    latest = ledger.checkpoint()
    if latest is None:
        return Response(_("The log is empty.") + "\n", status=404, mimetype="text/plain")
    return Response(
        latest.note,
        mimetype="text/plain",
        headers={"Content-Disposition": f'attachment; filename="checkpoint-{latest.size}.txt"'},
    )


@bp.get("/ledger/log-key.pem")
@requires(is_auditor, message=AUDITOR_ONLY)
def log_public_key() -> Any:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    pem = log_key().public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    return Response(
        pem,
        mimetype="application/x-pem-file",
        headers={"Content-Disposition": 'attachment; filename="log-key.pem"'},
    )


@bp.get("/ledger/bundle.zip")
@requires(is_auditor, message=AUDITOR_ONLY)
def bundle_file() -> Any:
    from market.attestations import bundles

    organisation = current_user.organisation
    data = bundles.bundle_zip(organisation)
    day = utcnow().date().isoformat()
    return send_file(
        io.BytesIO(data),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"ledger-{organisation.credit_code}-{day}.zip",
    )


register(
    NextStep(
        _l("The attestation log"),
        _l("Verify the log, download your organisation's bundle and the latest checkpoint."),
        "ledger.ledger_page",
        is_auditor,
        place=ORGANISATION,
    )
)
register_navigation(NavLink(_l("Log"), "ledger.ledger_page", is_auditor, place=60))
