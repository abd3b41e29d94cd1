"""Explicit state machines: one transition table per machine, checked by every service verb."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from market.core.errors import InvalidTransition

S = TypeVar("S", bound=enum.StrEnum)


@dataclass(frozen=True)
class StateMachine(Generic[S]):
    name: str
    # action -> (states it may start from, state it leads to)
    transitions: Mapping[str, tuple[frozenset[S], S]]

    def target(self, action: str, current: S) -> S:
        """The state ``action`` leads to from ``current``; raises InvalidTransition otherwise."""
        sources, target = self.transitions.get(action, (frozenset(), None))
        if target is None or current not in sources:
            raise InvalidTransition(f"Cannot {action} a {self.name} that is {current.value}.")
        return target

    def allowed_actions(self, current: S) -> list[str]:
        return [a for a, (sources, _) in self.transitions.items() if current in sources]
