"""How a stored value reads on a page: one registry of labels for every enum the product shows,
and the one time zone pages show times in.

Each feature registers its enums' labels where it defines them (``register``); templates write
``value|label``. An enum shown on a page without a label would read as its code (``auditor``,
``pending``) in the Chinese interface: ``tests/core/test_labels.py`` finds every enum in
``market`` and checks each is registered, in full, with a translation.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

# A label is a lazy string, or a ("中文", _l("English")) pair for the bilingual vocabularies of
# the catalogues (categories, fields, designations, provinces), which name things as the
# published lists do.
Label = Any
E = TypeVar("E", bound=enum.Enum)

_LABELS: dict[type[enum.Enum], Mapping[Any, Label]] = {}

# Every time on a page is in China's one zone (BABEL_DEFAULT_TIMEZONE, the zone of
# market.core.db.BUSINESS_TIMEZONE's calendar days), and named on the pages: an auditor reading
# "09:12" must know which 09:12 it was.
TIMEZONE_NAME = _l("Beijing time (UTC+8)")


def register(enum_cls: type[E], labels: Mapping[Any, Label]) -> Mapping[Any, Label]:
    """Record ``labels`` for ``enum_cls``; every member must have one (extra keys are allowed:
    a feature's own label table may hold a few more)."""
    missing = [member for member in enum_cls if member not in labels]
    if missing:
        raise ValueError(f"{enum_cls.__name__} has no label for {missing}")
    _LABELS[enum_cls] = labels
    return labels


def registered() -> dict[type[enum.Enum], Mapping[Any, Label]]:
    return dict(_LABELS)


def bilingual(pair: tuple[Any, Any]) -> str:
    """'中文 / English'; in the Chinese interface the Chinese name alone (the English one,
    translated, would read as the Chinese twice)."""
    zh, en = pair
    locale = get_locale()
    if locale is not None and locale.language == "zh":
        return str(zh)
    return f"{zh} / {en}"


def enum_label(value: Any) -> str:
    """The words for an enum member in the reader's language; anything else as it is."""
    labels = _LABELS.get(type(value))
    if labels is None or value not in labels:
        return "" if value is None else str(value)
    text = labels[value]
    return bilingual(text) if isinstance(text, tuple) else str(text)


def label_of(enum_cls: type[enum.Enum], raw: Any) -> str:
    """The label of the member of ``enum_cls`` whose value is ``raw`` (as JSON stores it)."""
    try:
        return enum_label(enum_cls(raw))
    except ValueError:
        return str(raw)


def local_time(value: datetime | None, seconds: bool = False) -> Markup | str:
    """A moment as the pages show it: Beijing time, 'yyyy-MM-dd HH:mm', in a <time> element
    that carries the exact UTC instant and names the zone (every page's footer names it too)."""
    return _time(value, "yyyy-MM-dd HH:mm:ss" if seconds else "yyyy-MM-dd HH:mm")


def local_day(value: datetime | None) -> Markup | str:
    """The Beijing calendar day of a moment: 'yyyy-MM-dd'."""
    return _time(value, "yyyy-MM-dd")


def local_text(value: datetime, pattern: str = "yyyy-MM-dd HH:mm") -> str:
    """The moment in Beijing time as plain text (Flask-Babel's zone is BABEL_DEFAULT_TIMEZONE)."""
    return format_datetime(value, pattern)


def _time(value: datetime | None, pattern: str) -> Markup | str:
    if value is None:
        return "—"
    instant = value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        instant, TIMEZONE_NAME, local_text(value, pattern)
    )


def init_app(app: Flask) -> None:
    app.add_template_filter(enum_label, "label")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(local_day, "local_day")
    app.add_template_global(TIMEZONE_NAME, "timezone_name")
