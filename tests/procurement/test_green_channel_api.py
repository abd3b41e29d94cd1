"""A buyer's green channel through /api/v1/organisations/<id>/green-channel: who reads it, who
changes it, what a change writes (a new version and an audit event), and what bad input gets."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from market.accounts.models import OrgKind, Role
from market.core.audit import AuditEvent
from market.core.db import db
from market.procurement.configuration import GreenChannelVersion
from tests.catalog.api_support import assert_error

SETTINGS: dict[str, Any] = {
    "designation_kinds": ["miit_catalogue", "samr_first_set"],
    "verified_claims": ["designation", "test_report"],
    "insurance_required": True,
    "max_months_since_first_sale": 36,
    "methods": ["negotiated", "single_source", "cooperative_innovation", "tender"],
    "thresholds": [
        {"from": "0", "min_present": 3, "majority": "simple"},
        {"from": "2000000.00", "min_present": 5, "majority": "two_thirds"},
    ],
    "reserved_annual": "30000000.00",
    "stage_days": {
        "requested": 5,
        "technical_evaluation": 15,
        "risk_assessment": 10,
        "collective_decision": 10,
    },
    "note": "Per the group's 2026 innovation procurement measures.",
}


def versions_of(org) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(GreenChannelVersion)
        .where(GreenChannelVersion.organisation_id == org.id)
    )


@pytest.fixture
def group(make_org):
    return make_org(kind=OrgKind.BUYER, name="State Grid Test Group")


@pytest.fixture
def subsidiary(make_org, group):
    return make_org(kind=OrgKind.BUYER, parent=group, name="Jiangsu Test Subsidiary")


def url(org) -> str:
    return f"/api/v1/organisations/{org.id}/green-channel"


def test_an_admin_configures_and_each_change_is_a_new_version(api_client, make_user, group):
    admin = make_user(group, roles=(Role.ADMIN,))
    client = api_client(admin)

    empty = client.get(url(group)).json
    assert empty == {
        "organisation_id": str(group.id),
        "configured": False,
        "inherited": False,
        "in_force": None,
        "versions": [],
        "committed_this_year": "0.00",
    }

    first = client.put(url(group), json=SETTINGS)
    assert first.status_code == 200, first.text
    in_force = first.json["in_force"]
    assert in_force["number"] == 1
    assert in_force["reserved_annual"] == "30000000.00"
    assert in_force["thresholds"][1] == {
        "from": "2000000.00",
        "min_present": 5,
        "majority": "two_thirds",
    }
    assert in_force["created_by"] == admin.name

    second = client.put(url(group), json={**SETTINGS, "insurance_required": False, "note": ""})
    assert second.json["in_force"]["number"] == 2
    assert [v["number"] for v in second.json["versions"]] == [2, 1]
    assert second.json["versions"][1]["insurance_required"] is True  # kept as it was

    event = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.verb == "green_channel.configured")
        .order_by(AuditEvent.occurred_at.desc())
    ).first()
    assert event.organisation_id == group.id
    assert event.before["insurance_required"] is True
    assert event.after["insurance_required"] is False
    assert event.after["number"] == 2


def test_a_subsidiary_uses_its_groups_configuration_until_it_has_its_own(
    api_client, make_user, group, subsidiary
):
    api_client(make_user(group, roles=(Role.ADMIN,))).put(url(group), json=SETTINGS)
    local = api_client(make_user(subsidiary, roles=(Role.ADMIN,)))

    inherited = local.get(url(subsidiary)).json
    assert inherited["configured"] is True
    assert inherited["inherited"] is True
    assert inherited["in_force"]["max_months_since_first_sale"] == 36
    assert inherited["versions"] == []

    own = local.put(url(subsidiary), json={**SETTINGS, "max_months_since_first_sale": 24}).json
    assert own["inherited"] is False
    assert own["in_force"]["max_months_since_first_sale"] == 24


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("admin", 200, 200),
        ("requester", 200, 403),
        ("officer", 200, 403),
        ("auditor", 200, 403),
        ("group admin", 200, 403),  # reads a subsidiary's, changes nothing there
        ("group officer", 200, 403),
        ("group requester", 404, 404),
        ("other buyer admin", 404, 404),
        ("vendor admin", 404, 404),
        ("operator admin", 404, 404),
        ("anonymous", 401, 401),
    ],
)
def test_who_may_read_and_change_a_subsidiarys_green_channel(
    api_client, make_org, make_user, operator_admin, group, subsidiary, who, read, write
):
    users = {
        "admin": lambda: make_user(subsidiary, roles=(Role.ADMIN,)),
        "requester": lambda: make_user(subsidiary, roles=(Role.REQUESTER,)),
        "officer": lambda: make_user(subsidiary, roles=(Role.OFFICER,)),
        "auditor": lambda: make_user(subsidiary, roles=(Role.AUDITOR,)),
        "group admin": lambda: make_user(group, roles=(Role.ADMIN,)),
        "group officer": lambda: make_user(group, roles=(Role.OFFICER,)),
        "group requester": lambda: make_user(group, roles=(Role.REQUESTER,)),
        "other buyer admin": lambda: make_user(make_org(kind=OrgKind.BUYER), roles=(Role.ADMIN,)),
        "vendor admin": lambda: make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.ADMIN,)),
        "operator admin": lambda: operator_admin,
        "anonymous": lambda: None,
    }
    client = api_client(users[who]())

    got = client.get(url(subsidiary))
    put = client.put(url(subsidiary), json=SETTINGS)

    assert got.status_code == read, got.text
    if write == 200:
        assert put.status_code == 200, put.text
        assert versions_of(subsidiary) == 1
    else:
        assert_error(put, write)
        assert versions_of(subsidiary) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"thresholds": [{"from": "100.00", "min_present": 3, "majority": "simple"}]},
            "thresholds",
        ),
        (
            {
                "thresholds": [
                    {"from": "0", "min_present": 3, "majority": "simple"},
                    {"from": "0", "min_present": 5, "majority": "two_thirds"},
                ]
            },
            "thresholds",
        ),
        ({"thresholds": [{"from": "0", "min_present": 0, "majority": "simple"}]}, "thresholds"),
        ({"thresholds": [{"from": "0", "min_present": 3, "majority": "most"}]}, "thresholds"),
        ({"thresholds": []}, "thresholds"),
        ({"reserved_annual": "-1.00"}, "reserved_annual"),
        ({"reserved_annual": 1.5}, "reserved_annual"),  # a float is not money
        ({"methods": []}, "methods"),
        ({"methods": ["auction"]}, "methods"),
        ({"designation_kinds": []}, "designation_kinds"),
        ({"stage_days": {"requested": 5}}, "stage_days"),
        ({"stage_days": {**SETTINGS["stage_days"], "risk_assessment": 0}}, "stage_days"),
        ({"max_months_since_first_sale": 0}, "max_months_since_first_sale"),
    ],
)
def test_bad_settings_are_refused_by_field_and_nothing_is_written(
    api_client, make_user, group, change, field
):
    client = api_client(make_user(group, roles=(Role.ADMIN,)))

    response = client.put(url(group), json={**SETTINGS, **change})

    error = assert_error(response, 422)
    assert field in error["fields"], error
    assert versions_of(group) == 0


def test_a_put_based_on_an_older_version_is_stale_and_saves_nothing(api_client, make_user, group):
    first, second = (api_client(make_user(group, roles=(Role.ADMIN,))) for _ in range(2))
    assert first.put(url(group), json={**SETTINGS, "based_on": 0}).status_code == 200

    stale = second.put(url(group), json={**SETTINGS, "based_on": 0, "note": "mine"})

    assert assert_error(stale, 409, "stale")
    assert versions_of(group) == 1
    fresh = second.put(url(group), json={**SETTINGS, "based_on": 1, "note": "mine"})
    assert fresh.json["in_force"]["number"] == 2
