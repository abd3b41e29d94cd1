"""The attestation pages: the officer files one from the case (the page shows what the body will
say, as the record derives it, before the PIN signs it), the chair countersigns, anyone who
reads the case reads the attestation, and its receipt downloads as one JSON file. Without
JavaScript; a refused form comes back with its messages and 422, nothing signed or logged."""

from __future__ import annotations

import json
import uuid
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.accounts.forms import apply_field_errors
from market.attestations import contents, filing
from market.attestations.forms import AttestationForm, CountersignForm
from market.attestations.pin_throttle import throttle_pin
from market.attestations.records import Attestation, Section
from market.core.db import db, utcnow
from market.core.errors import NotFound, PermissionDenied, ValidationFailed
from market.core.web import current_actor
from market.procurement import case_queries, permissions
from market.procurement.cases import Case

bp = Blueprint("attestations", __name__)
FORM_ERROR = 422


def _attestation(case_id: uuid.UUID, attestation_id: uuid.UUID) -> Attestation:
    attestation = filing.visible_attestation(attestation_id, current_actor())
    if attestation.case_id != case_id:
        raise NotFound(_("No such attestation."))
    return attestation


def _preview(case: Case, kind: Any, given: dict[str, Any]) -> dict[str, Any]:
    """The body as it would be signed now (the officer's words as typed so far)."""
    view = case_queries.case_view(case)
    words = {"policy_basis": "", "rationale": "", "mitigations": "", **given}
    return contents.body(
        kind,
        view,
        current_user,
        None,
        words,
        attestation_id=uuid.UUID(int=0),
        number=0,
        supersedes=None,
        signed_at=utcnow(),
    )


def _filing_form(case: Case, corrects: Attestation | None) -> AttestationForm:
    form = AttestationForm()
    view = case_queries.case_view(case)
    form.chair.choices = [("", _("Choose…"))] + [
        (str(u.id), u.name) for u in filing.attending_approvers(view)
    ]
    if request.method == "GET":
        form.version.data = str(case.lock_version)
        if corrects is not None:  # a correction starts from what it corrects
            body = corrects.body
            form.policy_basis.data = body.get("policy", {}).get("basis", "")
            form.rationale.data = body.get("rationale", "")
            form.mitigations.data = body.get("mitigations", "")
            form.chair.data = str(corrects.chair_id or "")
    return form


@bp.route("/cases/<uuid:case_id>/attestations/new/<kind>", methods=["GET", "POST"])
@login_required
@throttle_pin
def new_attestation(case_id: uuid.UUID, kind: str) -> Any:
    case = case_queries.visible_case(case_id, current_actor())
    if not permissions.is_case_officer(current_user, case):
        raise PermissionDenied(_("Only the organisation's procurement officers file attestations."))
    kind_row = filing.kind_of(kind)
    corrects = None
    if request.values.get("corrects"):
        try:
            corrects = _attestation(case.id, uuid.UUID(request.values["corrects"]))
        except ValueError:
            raise NotFound(_("No such attestation.")) from None
    form = _filing_form(case, corrects)
    status = 200
    if form.is_submitted():
        if form.validate():
            given = {
                "policy_basis": form.policy_basis.data or "",
                "rationale": form.rationale.data or "",
                "mitigations": form.mitigations.data or "",
                "chair": form.chair.data or "",
                "no_conflict_of_interest": bool(form.no_conflict_of_interest.data),
                "no_personal_gain": bool(form.no_personal_gain.data),
                "correction": form.correction.data or "",
            }
            try:
                attestation = filing.file_attestation(
                    case,
                    current_actor(),
                    kind_row.code,
                    given,
                    form.pin.data or "",
                    version=form.version.data,
                    supersedes_id=corrects.id if corrects else None,
                )
            except ValidationFailed as exc:
                db.session.rollback()
                apply_field_errors(form, exc.fields)
            else:
                db.session.commit()
                flash(
                    _("Signed and filed as log entry %(seq)d.", seq=attestation.filed_seq),
                    "success",
                )
                return redirect(
                    url_for(
                        "attestations.attestation_page",
                        case_id=case.id,
                        attestation_id=attestation.id,
                    )
                )
        status = FORM_ERROR
        case = case_queries.visible_case(case_id, current_actor())
    preview = _preview(case, kind_row, {})
    return render_template(
        "attestations/new.html",
        case=case,
        kind=kind_row,
        form=form,
        corrects=corrects,
        preview=preview,
        Section=Section,
    ), status


@bp.get("/cases/<uuid:case_id>/attestations/<uuid:attestation_id>")
@login_required
def attestation_page(case_id: uuid.UUID, attestation_id: uuid.UUID) -> Any:
    attestation = _attestation(case_id, attestation_id)
    return _page(attestation, CountersignForm(formdata=None, version=attestation.lock_version))


def _page(attestation: Attestation, form: CountersignForm, status: int = 200) -> Any:
    case = db.session.get(Case, attestation.case_id)
    corrected_by = db.session.scalar(
        db.select(Attestation).where(Attestation.supersedes_id == attestation.id)
    )
    return render_template(
        "attestations/attestation.html",
        case=case,
        attestation=attestation,
        body=attestation.body,
        form=form,
        may_countersign=attestation.awaits_countersignature
        and attestation.chair_id == current_user.id,
        may_correct=attestation.is_standing and permissions.is_case_officer(current_user, case),
        corrected_by=corrected_by,
        Section=Section,
    ), status


@bp.post("/cases/<uuid:case_id>/attestations/<uuid:attestation_id>/countersign")
@login_required
@throttle_pin
def countersign(case_id: uuid.UUID, attestation_id: uuid.UUID) -> Any:
    attestation = _attestation(case_id, attestation_id)
    form = CountersignForm()
    if form.validate():
        try:
            filing.countersign(
                attestation, current_actor(), form.pin.data or "", version=form.version.data
            )
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        else:
            db.session.commit()
            flash(
                _("Countersigned as log entry %(seq)d.", seq=attestation.countersigned_seq),
                "success",
            )
            return redirect(
                url_for(
                    "attestations.attestation_page", case_id=case_id, attestation_id=attestation_id
                )
            )
    attestation = _attestation(case_id, attestation_id)
    return _page(attestation, form, FORM_ERROR)


@bp.get("/cases/<uuid:case_id>/attestations/<uuid:attestation_id>/receipt.json")
@login_required
def receipt(case_id: uuid.UUID, attestation_id: uuid.UUID) -> Any:
    attestation = _attestation(case_id, attestation_id)
    seqs = [attestation.filed_seq]
    if attestation.countersigned_seq is not None:
        seqs.append(attestation.countersigned_seq)
    from market.attestations import bundles

    document = bundles.receipt(seqs)
    name = f"receipt-case-{attestation.body.get('case_number')}-{attestation.number}.json"
    return Response(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n",
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def case_attestations(case: Case, user: Any) -> dict[str, Any]:
    """For the case page: the case's attestations, and what this reader may file or sign."""
    rows = filing.attestations_of(case)
    officer = permissions.is_case_officer(user, case)
    fileable = [
        kind
        for kind in filing.kinds()
        if case.state.value in kind.filed_in
        and not any(a.kind == kind.code for a in rows)
        and filing.may_take_step(case, kind, user)
    ]
    return {
        "rows": rows,
        "fileable": fileable if officer else [],
        "to_countersign": [a for a in rows if a.awaits_countersignature and a.chair_id == user.id],
        "shown": bool(rows) or bool(fileable),
    }
