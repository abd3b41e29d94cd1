"""The request boundary: one transaction per request, errors as pages or JSON, the actor."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from market.core.audit import Actor
from market.core.db import db
from market.core.errors import AuthenticationFailed, DomainError

F = TypeVar("F", bound=Callable[..., Any])

HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "validation_failed",
    429: "too_many_requests",
    500: "internal_error",
}


def current_actor() -> Actor:
    user = current_user if current_user.is_authenticated else None
    return Actor(user=user, address=request.remote_addr)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(
    status: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> tuple[Response, int]:
    return jsonify(error={"code": code, "message": message, "fields": fields or {}}), status


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"get_locale": get_locale})

    @app.before_request
    def _receive_uploads_first() -> None:
        # An uploaded document arrives whole (spooled to disk past 500 KB) before the request's
        # first query, so no transaction waits open on a slow client: on SQLite a writer holds
        # the database's write lock for its whole transaction, on PostgreSQL a pooled connection.
        if request.mimetype == "multipart/form-data":
            request.files  # noqa: B018 - reading it parses the body

    @app.after_request
    def _commit_or_roll_back(response: Response) -> Response:
        # The request is the unit of work: anything short of success writes nothing. Form views
        # answer 422 when they re-render with errors, so a service that flushed and then
        # failed never leaves half a record behind.
        if response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except StaleDataError:
            # Lost an optimistic lock in the final flush, after the view had answered: its
            # answer is void (nothing was written), and the user is told as for one lost in
            # the view.
            db.session.rollback()
            return app.make_response(concurrent_change())
        return response

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError) -> Any:
        db.session.rollback()
        if wants_json():
            return json_error(error.status, error.code, error.message, error.fields)
        return render_error(error.status, error.message)

    @app.errorhandler(StaleDataError)
    def _concurrent_change(error: StaleDataError) -> Any:
        db.session.rollback()
        return concurrent_change()

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError) -> Any:
        message = _("The form expired or did not come from this site. Reload it and try again.")
        return render_error(400, message)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Any:
        db.session.rollback()
        status = error.code or 500
        if wants_json():
            return api_http_error(error)
        if status == 429:
            return render_error(429, throttled_message())
        return render_error(status, error.description or "")

    @app.errorhandler(Exception)
    def _unexpected_error(error: Exception) -> Any:
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return json_error(500, "internal_error", _("Something went wrong on our side."))
        return render_error(500, InternalServerError.description)


def concurrent_change() -> Any:
    """An optimistic lock (version_id_col) lost: someone else changed the row since it was read,
    e.g. two reviewers publishing one version. The first wins; this one changes nothing and is
    told to look again."""
    message = _("Someone else changed this at the same time. Reload it and try again.")
    if wants_json():
        return json_error(409, "conflict", message)
    return render_error(409, message)


def api_http_error(error: HTTPException) -> tuple[Response, int]:
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    # webargs puts marshmallow's messages under the request location ("json", "query", ...).
    messages = data.get("errors") or data.get("messages") or {}
    fields: dict[str, Any] = {}
    for location, location_messages in messages.items():
        if isinstance(location_messages, dict):
            fields.update(location_messages)
        else:  # a message about the whole body, e.g. "Invalid JSON body."
            fields[location] = location_messages
    body_problem = next((m for m in messages.values() if isinstance(m, list)), None)
    if status == 429:
        message = throttled_message()
    elif body_problem:
        message = " ".join(str(m) for m in body_problem)
    elif fields:
        message = _("The request has invalid fields.")
    else:
        message = data.get("message") or error.description or error.name
    response, status = json_error(status, HTTP_CODES.get(status, "error"), message, fields)
    for key, value in (data.get("headers") or {}).items():
        response.headers[key] = value
    return response, status


def throttled_message() -> str:
    return _(
        "Too many failed sign-in attempts for this account or from this address. "
        "Wait 15 minutes and try again."
    )


def render_error(status: int, message: str) -> tuple[str, int]:
    return render_template("core/error.html", status=status, message=message), status


def login_required_json(view: F) -> F:
    """Like flask_login.login_required, but always a 401 JSON error (used by the API)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            raise AuthenticationFailed(_("Send a valid API token: Authorization: Bearer <token>."))
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def safe_next(target: str | None) -> str:
    """Only follow ``next`` to a path on this site, never to another host."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("core.home")
