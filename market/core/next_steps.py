"""The home page's "Next steps": for a signed-in person, the pages their roles are for.

Features register their steps beside the permissions that guard those pages, so a step is
offered exactly when its page would answer (a test follows every offered link). The home page
only reads the list; it knows no roles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import url_for

from market.accounts.models import User

# Where a step sits on the page: the work a role is for first, then the organisation, then the
# person's own profile.
WORK, ORGANISATION, PERSONAL = 10, 50, 90


@dataclass(frozen=True)
class NextStep:
    label: Any  # a lazy gettext string, read in the page's language
    hint: Any  # one line under the link: what the page is for
    endpoint: str
    offered: Callable[[User], bool]
    # The URL's arguments for this user (an organisation's id, a filter); none by default.
    arguments: Callable[[User], Mapping[str, Any]] = lambda user: {}
    place: int = WORK


@dataclass(frozen=True)
class Link:
    label: str
    hint: str
    url: str


# One step per page, keyed by its endpoint, so an app factory run twice (tests) registers once.
_STEPS: dict[str, NextStep] = {}


def register(*steps: NextStep) -> None:
    for step in steps:
        _STEPS[step.endpoint] = step


def next_steps(user: User | None) -> list[Link]:
    """The steps offered to ``user`` in page order; none to a visitor."""
    if user is None or not user.is_authenticated:
        return []
    offered = [step for step in _STEPS.values() if step.offered(user)]
    offered.sort(key=lambda step: step.place)  # stable: registration order within a place
    return [
        Link(str(step.label), str(step.hint), url_for(step.endpoint, **step.arguments(user)))
        for step in offered
    ]


# -- panels ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomePanel:
    """A section of the signed-in home page a feature fills (a buyer's tasks): its template,
    and the values it shows for this user (None: the panel is not for them)."""

    template: str
    context: Callable[[User], Mapping[str, Any] | None]


_PANELS: dict[str, HomePanel] = {}


def register_panel(panel: HomePanel) -> None:
    _PANELS[panel.template] = panel


def home_panels(user: User | None) -> list[tuple[str, Mapping[str, Any]]]:
    if user is None or not user.is_authenticated:
        return []
    shown = ((panel.template, panel.context(user)) for panel in _PANELS.values())
    return [(template, values) for template, values in shown if values is not None]
