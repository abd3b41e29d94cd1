"""The home page's next steps of signing keys: a signer's own key, and for a buyer's admins
their organisation's signers. Offered exactly when the page answers (key_permissions)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.attestations.key_permissions import holds_key, manages_keys
from market.core.next_steps import ORGANISATION, PERSONAL, NextStep, register

register(
    NextStep(
        _l("My signing key"),
        _l("The key you sign attestations with, under a PIN only you know."),
        "signing_keys.my_key",
        holds_key,
        place=PERSONAL,
    ),
    NextStep(
        _l("Signing keys"),
        _l("Register and revoke the keys your organisation's people sign with."),
        "signing_keys.registrar_page",
        lambda user: user.organisation is not None and manages_keys(user, user.organisation),
        lambda user: {"org_id": user.organisation_id},
        ORGANISATION,
    ),
)
