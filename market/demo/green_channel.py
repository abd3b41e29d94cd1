"""The demo buyer groups' green channels, set through the real verb by each group's admin.

The two groups differ on purpose, so one product can route differently at each: the energy
group wants insurance in force and a product first sold within three years; the shipbuilder
accepts provincial designations and new materials, needs no insurance and allows five years.
The Jiangsu subsidiary has none of its own and uses its group's.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from market.accounts.models import Organisation, User
from market.core.audit import Actor
from market.core.db import db
from market.procurement import green_channel

STAGES = {"requested": 5, "technical_evaluation": 15, "risk_assessment": 10}
YUAN = 100  # fen

GREEN_CHANNELS: dict[str, tuple[str, dict[str, Any]]] = {
    "buyer1": (
        "依据集团《首台（套）重大技术装备推广应用实施细则（2026）》",
        {
            "designation_kinds": ["miit_catalogue", "samr_first_set"],
            "designation_valid_on_routing": True,
            "verified_claims": ["designation", "test_report"],
            "insurance_required": True,
            "max_months_since_first_sale": 36,
            "vendor_must_be_active": True,
            "methods": ["negotiated", "single_source", "cooperative_innovation", "tender"],
            "thresholds": [
                {"from_fen": 0, "min_present": 3, "majority": "simple"},
                {"from_fen": 2_000_000 * YUAN, "min_present": 5, "majority": "two_thirds"},
            ],
            "reserved_annual_fen": 30_000_000 * YUAN,
            "stage_days": {**STAGES, "collective_decision": 10},
        },
    ),
    "buyer2": (
        "依据集团《创新产品首购首用管理办法》",
        {
            "designation_kinds": [
                "miit_catalogue",
                "samr_first_set",
                "provincial",
                "first_batch_material",
                "first_version_software",
            ],
            "designation_valid_on_routing": True,
            "verified_claims": ["designation"],
            "insurance_required": False,
            "max_months_since_first_sale": 60,
            "vendor_must_be_active": True,
            "methods": ["negotiated", "direct", "cooperative_innovation", "tender"],
            "thresholds": [
                {"from_fen": 0, "min_present": 3, "majority": "simple"},
                {"from_fen": 5_000_000 * YUAN, "min_present": 5, "majority": "two_thirds"},
            ],
            "reserved_annual_fen": 50_000_000 * YUAN,
            "stage_days": {**STAGES, "collective_decision": 14},
        },
    ),
}


def seed_green_channels(orgs: dict[str, Organisation]) -> int:
    """Configure each demo group that has no configuration yet; returns how many were set."""
    configured = 0
    for key, (note, settings) in GREEN_CHANNELS.items():
        org = orgs[key]
        if green_channel.newest(org) is not None:
            continue
        admin = db.session.scalar(sa.select(User).where(User.email == f"admin@{key}.demo"))
        green_channel.configure(org, settings, Actor(user=admin, address="seed-demo"), note=note)
        configured += 1
    return configured
