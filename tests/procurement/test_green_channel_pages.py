"""The green channel page: its admins set the rules (each save a new version), its members read
them, everyone else gets a 404; a bad or stale form writes nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from market.accounts.models import OrgKind, Role
from market.core.db import db
from market.procurement.configuration import GreenChannelVersion

FORM = {
    "designation_kinds": ["miit_catalogue", "samr_first_set"],
    "designation_valid_on_routing": "y",
    "verified_claims": ["designation"],
    "insurance_required": "y",
    "max_months_since_first_sale": "36",
    "vendor_must_be_active": "y",
    "methods": ["negotiated", "cooperative_innovation", "tender"],
    "thresholds-0-from_yuan": "0",
    "thresholds-0-min_present": "3",
    "thresholds-0-majority": "simple",
    "thresholds-1-from_yuan": "2,000,000",
    "thresholds-1-min_present": "5",
    "thresholds-1-majority": "two_thirds",
    "thresholds-2-from_yuan": "",
    "thresholds-2-min_present": "",
    "thresholds-2-majority": "simple",
    "reserved_annual": "¥30,000,000",
    "days_requested": "5",
    "days_technical_evaluation": "15",
    "days_risk_assessment": "10",
    "days_collective_decision": "10",
    "note": "2026 measures",
    "version": "0",
}


def saved(org) -> list[GreenChannelVersion]:
    return list(
        db.session.scalars(
            sa.select(GreenChannelVersion)
            .where(GreenChannelVersion.organisation_id == org.id)
            .order_by(GreenChannelVersion.number)
        )
    )


@pytest.fixture
def buyer(make_org):
    return make_org(kind=OrgKind.BUYER)


def page(org) -> str:
    return f"/organisations/{org.id}/green-channel"


def test_an_admin_opens_the_green_channel_and_saves_versions(as_user, make_user, buyer):
    client = as_user(make_user(buyer, roles=(Role.ADMIN,)))

    first = client.get(page(buyer)).get_data(as_text=True)
    assert "No green channel is configured: every case is routed standard" in first
    assert 'id="green-channel-form"' in first

    response = client.post(page(buyer), data=FORM)
    assert response.status_code == 302, response.get_data(as_text=True)
    (version,) = saved(buyer)
    assert version.number == 1
    assert version.designation_kinds == ["miit_catalogue", "samr_first_set"]
    assert version.insurance_required is True
    assert version.thresholds == [
        {"from_fen": 0, "min_present": 3, "majority": "simple"},
        {"from_fen": 200_000_000, "min_present": 5, "majority": "two_thirds"},
    ]
    assert version.reserved_annual_fen == 3_000_000_000
    assert version.stage_days["technical_evaluation"] == 15

    shown = client.get(page(buyer)).get_data(as_text=True)
    assert "Version 1, saved" in shown
    assert "From ¥2,000,000.00: at least 5 approvers present, Two thirds of the votes cast" in shown
    assert "At most 36 months" in shown

    # The form opens on what is in force; unticking insurance saves version 2.
    again = client.post(page(buyer), data={**FORM, "insurance_required": "", "version": "1"})
    assert again.status_code == 302
    assert [(v.number, v.insurance_required) for v in saved(buyer)] == [(1, True), (2, False)]


def test_a_form_opened_before_another_admins_save_is_refused(as_user, make_user, buyer):
    first, second = (as_user(make_user(buyer, roles=(Role.ADMIN,))) for _ in range(2))
    assert first.post(page(buyer), data=FORM).status_code == 302

    stale = second.post(page(buyer), data={**FORM, "version": "0", "note": "mine"})

    assert stale.status_code == 409
    assert [v.note for v in saved(buyer)] == ["2026 measures"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"thresholds-0-from_yuan": "100"}, "The first threshold starts at ¥0."),
        ({"methods": []}, "Allow at least one procurement method."),
        ({"designation_kinds": []}, "Accept at least one kind of designation."),
        ({"days_risk_assessment": "0"}, "Number must be between 1 and 365."),
        ({"reserved_annual": "lots"}, "Not a valid decimal value."),
    ],
)
def test_a_bad_form_comes_back_with_the_message_and_saves_nothing(
    as_user, make_user, buyer, change, message
):
    client = as_user(make_user(buyer, roles=(Role.ADMIN,)))

    response = client.post(page(buyer), data={**FORM, **change})

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert saved(buyer) == []


@pytest.mark.parametrize(
    ("who", "read", "sees_form", "write"),
    [
        ("admin", 200, True, 302),
        ("requester", 200, False, 403),
        ("auditor", 200, False, 403),
        ("group officer", 200, False, 403),
        ("other buyer admin", 404, False, 404),
        ("vendor admin", 404, False, 404),
    ],
)
def test_who_reads_and_who_changes_the_page(
    as_user, make_org, make_user, who, read, sees_form, write
):
    group = make_org(kind=OrgKind.BUYER)
    subsidiary = make_org(kind=OrgKind.BUYER, parent=group)
    users = {
        "admin": lambda: make_user(subsidiary, roles=(Role.ADMIN,)),
        "requester": lambda: make_user(subsidiary, roles=(Role.REQUESTER,)),
        "auditor": lambda: make_user(subsidiary, roles=(Role.AUDITOR,)),
        "group officer": lambda: make_user(group, roles=(Role.OFFICER,)),
        "other buyer admin": lambda: make_user(make_org(kind=OrgKind.BUYER), roles=(Role.ADMIN,)),
        "vendor admin": lambda: make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.ADMIN,)),
    }
    client = as_user(users[who]())

    got = client.get(page(subsidiary))
    assert got.status_code == read
    assert ('id="green-channel-form"' in got.get_data(as_text=True)) == sees_form
    assert client.post(page(subsidiary), data=FORM).status_code == write
    assert len(saved(subsidiary)) == (1 if write == 302 else 0)
