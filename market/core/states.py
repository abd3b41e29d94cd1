"""Explicit state machines: one transition table per machine, and one way to take a transition.

Each transition declares where it may start, where it leads, who may take it and the named
guards that must hold (evidence present, a quorum). ``apply`` is the only path that moves an
object: it checks in a fixed order, sets the state, writes the audit event and sends the
machine's signal, so every verb refuses the same way (403 role, 409 state, 422 guard) and
leaves the same trail. ``allowed_actions`` reads the same table for the buttons on a page and
the actions listed in the API, so neither repeats it.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from blinker import NamedSignal, signal
from flask_babel import gettext as _

from market.core.errors import (
    InvalidTransition,
    PermissionDenied,
    StaleVersion,
    ValidationFailed,
)

if TYPE_CHECKING:
    from market.accounts.models import User
    from market.core.audit import Actor

S = TypeVar("S", bound=enum.StrEnum)
T = TypeVar("T")


@dataclass(frozen=True)
class Permit(Generic[T]):
    """Who may take a transition on an object: a named rule over (user, object)."""

    name: str
    check: Callable[[User, T], bool]
    message: Any  # why a user without it is refused (a lazy gettext string)

    def __call__(self, user: User | None, obj: T) -> bool:
        return user is not None and self.check(user, obj)


@dataclass(frozen=True)
class Guard(Generic[T]):
    """A named condition the object must meet for a transition: ``problems`` says what is
    missing, by field, and is empty when the guard holds."""

    name: str
    # (the object, the facts the verb passed to ``apply``, such as the day) -> problems
    problems: Callable[[T, Mapping[str, Any]], Mapping[str, list[str]]]


@dataclass(frozen=True)
class Transition(Generic[S, T]):
    action: str
    sources: frozenset[S]
    target: S | None  # None: the object stays in its state (a revision of a live listing)
    permit: Permit[T] | None = None  # None: only the platform itself (jobs, operator tooling)
    guards: tuple[Guard[T], ...] = ()


@dataclass(frozen=True)
class StateMachine(Generic[S, T]):
    name: str  # in messages: "Cannot approve a name change request that is approved."
    attribute: str  # the object's state column
    transitions: tuple[Transition[S, T], ...]
    # The audit verb of an action ("organisation.approve"), and whose log the event is in.
    verb_prefix: str = ""
    organisation_of: Callable[[T], uuid.UUID | None] = lambda obj: None
    _by_action: dict[str, Transition[S, T]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_action = {t.action: t for t in self.transitions}
        if len(by_action) != len(self.transitions):
            raise ValueError(f"{self.name}: an action is declared twice")
        object.__setattr__(self, "_by_action", by_action)

    @property
    def signal(self) -> NamedSignal:
        """Sent after every transition, with ``action``, ``before`` and ``after``."""
        return signal(f"{self.verb_prefix or self.name}.transitioned")

    def transition(self, action: str) -> Transition[S, T]:
        try:
            return self._by_action[action]
        except KeyError:
            raise InvalidTransition(f"A {self.name} has no action {action}.") from None

    def target(self, action: str, current: S) -> S:
        """The state ``action`` leads to from ``current``; raises InvalidTransition otherwise."""
        transition = self._by_action.get(action)
        if transition is None or current not in transition.sources:
            raise InvalidTransition(f"Cannot {action} a {self.name} that is {current.value}.")
        return current if transition.target is None else transition.target

    def check(
        self,
        obj: T,
        action: str,
        actor: Actor,
        facts: Mapping[str, Any] | None = None,
        version: int | None = None,
    ) -> S:
        """Refuse ``action`` on ``obj`` as every verb does, in this order: the role
        (PermissionDenied), the version the caller read when it sent one (StaleVersion: a form
        or an API call made on an older copy), the state (InvalidTransition), the guards
        (ValidationFailed)."""
        transition = self.transition(action)
        if not actor.is_system:
            if transition.permit is None:
                raise PermissionDenied(f"Only the platform may {action} a {self.name}.")
            if not transition.permit(actor.user, obj):
                raise PermissionDenied(str(transition.permit.message))
        if version is not None and version != getattr(obj, "lock_version", version):
            raise StaleVersion(
                _("This changed after you opened it. Reload the page, check and try again.")
            )
        target = self.target(action, getattr(obj, self.attribute))
        problems: dict[str, list[str]] = {}
        for guard in transition.guards:
            for name, messages in guard.problems(obj, facts or {}).items():
                problems.setdefault(name, []).extend(messages)
        if problems:
            raise ValidationFailed(" ".join(m for ms in problems.values() for m in ms), problems)
        return target

    def apply(
        self,
        obj: T,
        action: str,
        actor: Actor,
        *,
        effects: Callable[[], None] | None = None,
        facts: Mapping[str, Any] | None = None,
        version: int | None = None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
        verb: str | None = None,
    ) -> S:
        """Check, run ``effects`` (the verb's own changes, once every check has passed; it may
        still refuse, before it changes anything), set the state, write the audit event and send
        the signal. ``after`` may be a function, read once the effects are done. Returns the new
        state."""
        from market.core.audit import record_event  # audit -> accounts.models -> here

        target = self.check(obj, action, actor, facts, version)
        previous = getattr(obj, self.attribute)
        if effects is not None:
            effects()
        setattr(obj, self.attribute, target)
        details = after() if callable(after) else after
        record_event(
            actor,
            verb or f"{self.verb_prefix}.{action}",
            obj,
            before={self.attribute: previous, **(before or {})},
            after={self.attribute: target, **(details or {})},
            organisation_id=self.organisation_of(obj),
        )
        self.signal.send(obj, action=action, before=previous, after=target)
        return target

    def allowed_actions(self, user: User | None, obj: T) -> list[str]:
        """The actions ``user`` may take on ``obj`` now (role and state; guards are checked
        when the action is taken, so their message reaches the user), in table order."""
        current = getattr(obj, self.attribute)
        return [
            t.action
            for t in self.transitions
            if current in t.sources and t.permit is not None and t.permit(user, obj)
        ]
