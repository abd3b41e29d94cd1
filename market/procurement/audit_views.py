"""How green channel events read in the audit log (market.core.audit_display)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.core.audit_display import register_fields, register_object, register_verbs

register_verbs({"green_channel.configured": _l("Green channel configured")})
register_fields({"number": _l("Version"), "note": _l("Why")})
register_object("GreenChannelVersion", _l("Green channel configuration"))
