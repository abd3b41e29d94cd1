"""The transition tables of organisations and name change requests (DESIGN.md, "Accounts")."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.accounts import permissions
from market.accounts.models import (
    NameChangeRequest,
    NameChangeStatus,
    Organisation,
    OrgKind,
    OrgStatus,
    User,
)
from market.core.states import Permit, StateMachine, Transition

# The operator's admins check a registration (or new names) against the company register.
REVIEWS_ORGANISATIONS: Permit[Organisation] = Permit(
    "operator admin",
    lambda user, org: permissions.can_manage_organisations(user),
    _l("Only operator admins review organisations."),
)
DECIDES_NAME_CHANGES: Permit[NameChangeRequest] = Permit(
    "operator admin",
    lambda user, request: permissions.can_manage_organisations(user),
    _l("Only the platform operator decides on name changes."),
)

_O = OrgStatus
ORGANISATION_STATES: StateMachine[OrgStatus, Organisation] = StateMachine(
    "organisation",
    "status",
    (
        Transition("approve", frozenset({_O.PENDING}), _O.ACTIVE, REVIEWS_ORGANISATIONS),
        Transition("reject", frozenset({_O.PENDING}), _O.REJECTED, REVIEWS_ORGANISATIONS),
        Transition("suspend", frozenset({_O.ACTIVE}), _O.SUSPENDED, REVIEWS_ORGANISATIONS),
        Transition("reinstate", frozenset({_O.SUSPENDED}), _O.ACTIVE, REVIEWS_ORGANISATIONS),
    ),
    verb_prefix="organisation",
    organisation_of=lambda org: org.id,
)

_N = NameChangeStatus
NAME_CHANGE_STATES: StateMachine[NameChangeStatus, NameChangeRequest] = StateMachine(
    "name change request",
    "status",
    (
        Transition("approve", frozenset({_N.PENDING}), _N.APPROVED, DECIDES_NAME_CHANGES),
        Transition("decline", frozenset({_N.PENDING}), _N.DECLINED, DECIDES_NAME_CHANGES),
    ),
    verb_prefix="name_change",
    organisation_of=lambda request: request.organisation_id,
)


def organisation_actions(user: User | None, org: Organisation) -> list[str]:
    """The buttons an organisation's row offers ``user``. The operator itself is never
    suspended (its admins are the only ones who could reinstate it), whatever its state."""
    actions = ORGANISATION_STATES.allowed_actions(user, org)
    return [a for a in actions if not (a == "suspend" and org.kind == OrgKind.OPERATOR)]
