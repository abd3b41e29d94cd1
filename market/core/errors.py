"""Domain exceptions raised by services; one handler maps them to HTTP (see market.core.web)."""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(DomainError):
    """Input breaks a rule; ``fields`` says which field and why."""

    status = 422
    code = "validation_failed"


class AuthenticationFailed(DomainError):
    status = 401
    code = "unauthenticated"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """Also raised for objects the user may not see, so their existence does not leak."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class InvalidTransition(Conflict):
    """The state machine has no such transition from the object's current state."""

    code = "invalid_transition"


class ServiceUnavailable(DomainError):
    """A service the request needs (the search index) cannot answer now; try again later."""

    status = 503
    code = "service_unavailable"


class StaleVersion(Conflict):
    """The caller acted on an object as it was at a version it no longer is (a form or an API
    body carrying ``version``): someone changed it since, so nothing is done."""

    code = "stale"
