"""The audit log as a person reads it: what happened, to which object (a link where the reader
may open it), and each change as "field: old → new" in the page's language.

The events keep the raw values (``AuditEvent.before``/``after``, JSON); this module only reads
them. Features register what they know, beside the verbs that write the events: their verbs'
labels, their fields' titles and how a value reads, and how to name and link their objects.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from market.core.audit import AuditEvent
from market.core.labels import label_of

# How one field's stored value reads; None when this formatter does not know the value (the
# next registered one, then the plain rendering, is tried).
ValueFormat = Callable[[Any], str | None]


@dataclass(frozen=True)
class ObjectRef:
    title: str
    url: str | None = None  # None where the reader may not open it, or it has no page


# Given the object ids of one type on a page, and the reader: {id: ObjectRef}. One query per
# type per page, not one per event.
Resolver = Callable[[Sequence[str], Any], Mapping[str, ObjectRef]]

_VERBS: dict[str, Any] = {}
_FIELDS: dict[str, Any] = {}
_FORMATS: dict[str, list[ValueFormat]] = {}
_OBJECTS: dict[str, tuple[Any, Resolver | None]] = {}

LONG_TEXT = 160  # characters of a long value shown in the list; the rest is "…"


def register_verbs(labels: Mapping[str, Any]) -> None:
    _VERBS.update(labels)


def verb_label(verb: str) -> str:
    """What an event's verb reads as in the page's language (the verb itself if unregistered)."""
    return str(_VERBS.get(verb, verb))


def register_fields(titles: Mapping[str, Any], formats: Mapping[str, ValueFormat] | None = None):
    _FIELDS.update(titles)
    for field, fmt in (formats or {}).items():
        _FORMATS.setdefault(field, []).append(fmt)


def register_object(type_name: str, label: Any, resolver: Resolver | None = None) -> None:
    _OBJECTS[type_name] = (label, resolver)


def enum_values(*enum_classes: type[enum.Enum]) -> ValueFormat:
    """A formatter for a field that holds the value of one of ``enum_classes``."""

    def fmt(value: Any) -> str | None:
        for enum_cls in enum_classes:
            if value in {member.value for member in enum_cls}:
                return label_of(enum_cls, value)
        return None

    return fmt


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None  # None: the field was not there before (a creation)
    after: str | None  # None: not there after (a removal)


@dataclass(frozen=True)
class EventView:
    event: AuditEvent
    actor_email: str | None
    organisation_name: str | None
    action: str
    object_kind: str
    object: ObjectRef
    changes: list[Change]


def describe(rows: Iterable[tuple[AuditEvent, str | None, str | None]], reader: Any):
    """The page's events as the template shows them."""
    rows = list(rows)
    refs = _resolve_objects([event for event, _email, _org in rows], reader)
    return [
        EventView(
            event=event,
            actor_email=email,
            organisation_name=org_name,
            action=verb_label(event.verb),
            object_kind=str(_OBJECTS.get(event.object_type, (event.object_type, None))[0]),
            object=refs.get((event.object_type, event.object_id))
            or ObjectRef(title=event.object_id[:8]),
            changes=changes(event.before, event.after),
        )
        for event, email, org_name in rows
    ]


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[Change]:
    """Each field once, in the order the verb gave them (the after's first)."""
    before, after = before or {}, after or {}
    fields = list(after) + [field for field in before if field not in after]
    return [
        Change(
            field=field_title(field),
            before=show_value(field, before[field]) if field in before else None,
            after=show_value(field, after[field]) if field in after else None,
        )
        for field in fields
    ]


def field_title(field: str) -> str:
    title = _FIELDS.get(field)
    return str(title) if title is not None else field.replace("_", " ")


def show_value(field: str, value: Any) -> str:
    if isinstance(value, list):
        shown = [show_value(field, item) for item in value]
        return ", ".join(shown) if shown else _("none")
    for fmt in _FORMATS.get(field, ()):
        if (text := fmt(value)) is not None:
            return text
    return _plain(value)


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return "; ".join(f"{field_title(k)}: {show_value(k, v)}" for k, v in value.items())
    text = str(value)
    if _is_uuid(text):
        return text[:8]  # an id says which object, not what changed; the first 8 tell them apart
    return text if len(text) <= LONG_TEXT else text[:LONG_TEXT].rstrip() + "…"


def _is_uuid(text: str) -> bool:
    if len(text) != 36:
        return False
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _resolve_objects(events: list[AuditEvent], reader: Any) -> dict[tuple[str, str], ObjectRef]:
    ids_by_type: dict[str, list[str]] = {}
    for event in events:
        ids = ids_by_type.setdefault(event.object_type, [])
        if event.object_id not in ids:
            ids.append(event.object_id)
    resolved: dict[tuple[str, str], ObjectRef] = {}
    for type_name, ids in ids_by_type.items():
        _label, resolver = _OBJECTS.get(type_name, (type_name, None))
        if resolver is not None:
            for object_id, ref in resolver(ids, reader).items():
                resolved[(type_name, object_id)] = ref
    return resolved
