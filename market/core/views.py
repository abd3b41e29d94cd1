"""Home page, health check and the audit log pages."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.accounts import permissions
from market.accounts.models import Organisation, User
from market.core import audit_display
from market.core.audit import AuditEvent
from market.core.db import BUSINESS_TIMEZONE, db
from market.core.errors import NotFound
from market.core.next_steps import home_panels, next_steps
from market.core.paging import page_number, paginate
from market.core.web import safe_next

bp = Blueprint("core", __name__)

AUDIT_PAGE_SIZE = 50


@bp.get("/")
def home() -> Any:
    return render_template(
        "core/home.html", steps=next_steps(current_user), panels=home_panels(current_user)
    )


# The interface language a user chose; without it, the browser's Accept-Language decides.
LANGUAGE_COOKIE = "language"


@bp.get("/language/<code>")
def choose_language(code: str) -> Any:
    """Remember the interface language for a year, then go back to the page."""
    if code not in current_app.config["LANGUAGES"]:
        raise NotFound(_("No such language."))
    response = redirect(safe_next(request.args.get("next")))
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.get("/healthz")
def healthz() -> Any:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/operator/audit")
@login_required
def platform_audit_log() -> Any:
    if not permissions.can_view_platform_audit_log(current_user):
        raise NotFound(_("No such page."))
    return _render_audit_log(organisation=None)


@bp.get("/organisations/<uuid:org_id>/audit")
@login_required
def organisation_audit_log(org_id: uuid.UUID) -> Any:
    org = db.session.get(Organisation, org_id)
    if org is None or not permissions.can_view_organisation_audit_log(current_user, org):
        raise NotFound(_("No such organisation."))
    return _render_audit_log(organisation=org)


def _render_audit_log(organisation: Organisation | None) -> Any:
    filters = {
        k: request.args.get(k, "").strip()
        for k in ("verb", "object_type", "actor", "since", "until")
    }
    query = (
        sa.select(AuditEvent, User.email, Organisation.name_en)
        .outerjoin(User, User.id == AuditEvent.actor_user_id)
        .outerjoin(Organisation, Organisation.id == AuditEvent.organisation_id)
        .order_by(AuditEvent.occurred_at.desc())
    )
    if organisation is not None:
        query = query.where(AuditEvent.organisation_id == organisation.id)
    if filters["verb"]:
        query = query.where(AuditEvent.verb.startswith(filters["verb"], autoescape=True))
    if filters["object_type"]:
        query = query.where(AuditEvent.object_type == filters["object_type"])
    if filters["actor"]:
        query = query.where(User.email.contains(filters["actor"].lower(), autoescape=True))
    if since := _parse_day(filters["since"]):
        query = query.where(AuditEvent.occurred_at >= since)
    if until := _parse_day(filters["until"]):
        query = query.where(AuditEvent.occurred_at < until + timedelta(days=1))
    listed = paginate(query, page_number(), AUDIT_PAGE_SIZE, rows=True)
    object_types = db.session.scalars(
        sa.select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)
    ).all()
    return render_template(
        "core/audit_log.html",
        organisation=organisation,
        events=audit_display.describe(listed.items, current_user),
        filters=filters,
        object_types=object_types,
        page=listed.page,
        total=listed.total,
        pages=listed.pages,
    )


def _parse_day(value: str) -> datetime | None:
    """The start of a calendar day in Beijing, the zone the page shows times in: an event at
    01:00 on the 6th, Beijing time, is on the 6th, though it was still the 5th in UTC."""
    try:
        return datetime.combine(date.fromisoformat(value), time(), tzinfo=BUSINESS_TIMEZONE)
    except ValueError:
        return None
