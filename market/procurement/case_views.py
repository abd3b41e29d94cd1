"""The case pages: the list with its filters, raising a case from search results or a product
page, the case page with a form for every verb, and a vendor's shortlistings. Every page works
without JavaScript; a refused form comes back with its messages and status 422, nothing saved.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from market.accounts.forms import apply_field_errors
from market.core.db import business_today, db
from market.core.errors import NotFound, PermissionDenied, ValidationFailed
from market.core.money import format_cny, yuan_to_fen
from market.core.paging import page_number
from market.core.permissions import requires
from market.core.states import Permit
from market.core.web import current_actor
from market.procurement import (
    assessing,
    case_queries,
    deciding,
    evaluating,
    permissions,
    raising,
)
from market.procurement.case_forms import ActionForm, NeedForm
from market.procurement.case_page import build_form, case_page_context
from market.procurement.case_queries import CaseFilters, CaseSort
from market.procurement.case_states import APPROVER, CANCELLER, OFFICER, SCORER
from market.procurement.cases import Case, CaseState
from market.procurement.configuration import ProcurementMethod
from market.procurement.decisions import MeetingKind, VoteChoice
from market.procurement.routing import Route

bp = Blueprint("cases", __name__)
FORM_ERROR = 422


@bp.context_processor
def helpers() -> dict[str, Any]:
    return {"cny": format_cny}


@bp.get("/cases")
@requires(permissions.reads_cases, hidden=True)
def case_list() -> Any:
    args = request.args
    filters = CaseFilters(
        state=_member(CaseState, args.get("state")),
        route=_member(Route, args.get("route")),
        overdue=args.get("overdue") == "1",
        mine=args.get("mine") == "1",
        sort=_member(CaseSort, args.get("sort")) or CaseSort.NEWEST,
    )
    page = case_queries.list_cases(current_user, filters, page_number())
    today = business_today()

    def link(**changes: Any) -> str:
        merged = {**args.to_dict(), **changes}
        return url_for("cases.case_list", **{k: v for k, v in merged.items() if v})

    return render_template(
        "procurement/case_list.html",
        page=page,
        filters=filters,
        today=today,
        link=link,
        states=list(CaseState),
        routes=list(Route),
        sorts=list(CaseSort),
        may_raise=permissions.can_raise_case(current_user),
    )


def _member(enum_cls: Any, raw: str | None) -> Any:
    try:
        return enum_cls(raw) if raw else None
    except ValueError:
        return None


def _ids(values: list[str]) -> list[uuid.UUID]:
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue  # a tampered box: the shortlist refuses what it cannot find
    return list(dict.fromkeys(ids))


@bp.route("/cases/new", methods=["GET", "POST"])
@requires(
    permissions.can_raise_case, message=_l("Only a buyer's requesters and officers raise cases.")
)
def new_case() -> Any:
    """From the search page (ticked results, or all shown when none is ticked) or a product
    page: the need, with the shortlist it will lock."""
    picked = _ids(request.values.getlist("products")) or _ids(request.values.getlist("shown"))
    form = NeedForm()
    if request.method == "GET":
        form.q.data = request.args.get("q", "")[:200]
        form.filters.data = request.args.get("filters", "")
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                case = raising.raise_case(
                    current_actor(),
                    {
                        "title": form.title.data,
                        "description": form.description.data,
                        "quantity": form.quantity.data,
                        "budget_fen": yuan_to_fen(form.budget.data),
                        "delivery_site": form.delivery_site.data,
                        "wanted_by": form.wanted_by.data,
                    },
                    products=picked,
                    search_query=form.q.data or "",
                    search_filters=_filters(form.filters.data),
                )
            except ValidationFailed as exc:
                db.session.rollback()
                apply_field_errors(form, exc.fields)
            else:
                flash(_("Case %(n)d raised.", n=case.number), "success")
                return redirect(url_for("cases.case_page", case_id=case.id))
        status = FORM_ERROR
    return render_template(
        "procurement/case_new.html",
        form=form,
        picked=picked,
        shortlist=case_queries.public_products(picked),
    ), status


def _filters(text: str | None) -> dict[str, Any]:
    """The search's filters from its URL arguments: {name: [values]}."""
    parsed = parse_qs(text or "", keep_blank_values=False)
    return {name: values for name, values in parsed.items() if name not in {"q", "page"}}


def search_filters_arg(args: Any) -> str:
    """The search page's own arguments, for the hidden field of "Start a case"."""
    return urlencode([(k, v) for k, v in args.items(multi=True) if k not in {"q", "page"}])


@bp.get("/cases/<uuid:case_id>")
@login_required
def case_page(case_id: uuid.UUID) -> Any:
    case = case_queries.visible_case(case_id, current_actor())
    return render_template("procurement/case.html", **case_page_context(case, current_user))


# -- the verbs' forms ------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    permit: Permit[Case]  # checked before the form, so a wrong role is 403 whatever it sent
    do: Callable[[Case, Any], None]  # (the case, its bound form)
    done: Any  # the message once it is done


def _scores(case: Case, form: Any) -> None:
    """One field per product and criterion (``score-<entry>-<criterion>``); blank ones are
    left as they were."""
    rows, problems = [], []
    for entry in case.shortlist:
        for criterion in evaluating.criteria_of(case):
            key = f"{entry.id}-{criterion.id}"
            raw = (request.form.get(f"score-{key}") or "").strip()
            if not raw:
                continue
            if not raw.isdigit():
                problems.append(_("Each score is a whole number from 0 to 10."))
                continue
            rows.append(
                {
                    "entry_id": entry.id,
                    "criterion_id": criterion.id,
                    "value": int(raw),
                    "comment": request.form.get(f"comment-{key}", ""),
                }
            )
    if problems:
        raise ValidationFailed(problems[0], {"scores": problems[:1]})
    evaluating.score(case, current_actor(), rows)


def _actor() -> Any:
    return current_actor()


STEPS: dict[str, Step] = {
    "start": Step(
        OFFICER,
        lambda case, f: evaluating.start_evaluation(case, _actor(), f.version.data),
        _l("Technical evaluation started."),
    ),
    "criteria": Step(
        OFFICER,
        lambda case, f: evaluating.set_criteria(case, _actor(), f.given(), f.version.data),
        _l("Criteria saved."),
    ),
    "scores": Step(SCORER, _scores, _l("Scores saved.")),
    "select": Step(
        OFFICER,
        lambda case, f: evaluating.select(
            case,
            _actor(),
            next(iter(_ids([f.entry.data or ""])), None),
            _member(ProcurementMethod, f.method.data),
            f.selection_reason.data or "",
            f.version.data,
        ),
        _l("Product selected: the case moves to risk assessment."),
    ),
    "risks": Step(
        OFFICER,
        lambda case, f: assessing.add_risk(
            case,
            _actor(),
            {
                "description": f.description.data,
                "likelihood": int(f.likelihood.data),
                "impact": int(f.impact.data),
                "mitigation": f.mitigation.data,
                "owner": f.owner.data,
            },
        ),
        _l("Risk registered."),
    ),
    "position": Step(
        OFFICER,
        lambda case, f: assessing.set_position(
            case,
            _actor(),
            f.insurance_policy.data or None,
            f.no_insurance_reason.data or "",
            f.fallback_supply.data or "",
            f.version.data,
        ),
        _l("Insurance position and fallback saved."),
    ),
    "submit-risks": Step(
        OFFICER,
        lambda case, f: assessing.submit_risks(case, _actor(), f.version.data),
        _l("Sent to the collective decision."),
    ),
    "meeting": Step(
        OFFICER,
        lambda case, f: deciding.record_meeting(
            case,
            _actor(),
            f.held_on.data,
            _member(MeetingKind, f.kind.data),
            _ids(f.attendees.data or []),
            f.version.data,
        ),
        _l("Meeting recorded."),
    ),
    "declaration": Step(
        APPROVER,
        lambda case, f: deciding.declare(case, _actor(), f.conflict.data == "yes", f.note.data),
        _l("Declaration recorded."),
    ),
    "vote": Step(
        APPROVER,
        lambda case, f: deciding.vote(
            case, _actor(), _member(VoteChoice, f.vote.data), f.comment.data or ""
        ),
        _l("Vote recorded."),
    ),
    "close": Step(
        OFFICER,
        lambda case, f: deciding.close_vote(case, _actor(), f.version.data),
        _l("Vote closed."),
    ),
    "cancel": Step(
        CANCELLER,
        lambda case, f: raising.cancel(case, _actor(), f.reason.data or "", f.version.data),
        _l("Case cancelled."),
    ),
}


@bp.post("/cases/<uuid:case_id>/<step>")
@login_required
def case_step(case_id: uuid.UUID, step: str) -> Any:
    case = case_queries.visible_case(case_id, current_actor())
    chosen = STEPS.get(step)
    if chosen is None:
        raise NotFound(_("No such page."))
    if not chosen.permit(current_user, case):
        raise PermissionDenied(str(chosen.permit.message))
    form = build_form(step, case)
    if form.validate():
        try:
            chosen.do(case, form)
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        else:
            flash(str(chosen.done), "success")
            return redirect(url_for("cases.case_page", case_id=case_id, _anchor=step))
    case = case_queries.visible_case(case_id, current_actor())
    context = case_page_context(case, current_user, failed={step: form})
    return render_template("procurement/case.html", **context), FORM_ERROR


@bp.post("/cases/<uuid:case_id>/risks/<uuid:risk_id>/remove")
@login_required
def remove_risk(case_id: uuid.UUID, risk_id: uuid.UUID) -> Any:
    case = case_queries.visible_case(case_id, current_actor())
    form = ActionForm(prefix="remove")
    if form.validate():
        assessing.remove_risk(case, current_actor(), risk_id)
        flash(_("Risk removed."), "success")
    return redirect(url_for("cases.case_page", case_id=case_id, _anchor="risks"))


@bp.get("/vendor/shortlistings")
@requires(permissions.is_vendor_member, hidden=True)
def shortlistings() -> Any:
    page = case_queries.vendor_shortlistings(current_user, page_number())
    return render_template("procurement/shortlistings.html", page=page)
