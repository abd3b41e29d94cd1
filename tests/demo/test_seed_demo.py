"""``flask seed-demo`` gives a new user a populated product, and is safe to run every time."""

import sqlalchemy as sa

from market.accounts.credentials import authenticate
from market.accounts.models import Organisation, OrgKind, Role, User
from market.core.db import db


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_seed_demo_creates_the_documented_logins_once(app, db_session, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Demo-password-1")
    runner = app.test_cli_runner()

    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])

    assert first.exit_code == 0, first.output
    assert "31 users created" in first.output
    assert "admin@operator.demo" in first.output
    assert second.exit_code == 0
    assert "demo data present" in second.output
    assert count(User) == 31
    assert count(Organisation) == 9

    buyer_officer = authenticate("officer@buyer1.demo", "Demo-password-1")
    assert buyer_officer.roles == {Role.OFFICER}
    assert buyer_officer.organisation.kind == OrgKind.BUYER
    subsidiary = db.session.scalar(
        sa.select(Organisation).where(Organisation.parent_id == buyer_officer.organisation_id)
    )
    assert subsidiary is not None
    for login in (
        "admin",
        "requester",
        "officer",
        "approver1",
        "approver2",
        "approver3",
        "auditor",
    ):
        for buyer in ("buyer1", "buyer2"):
            assert db.session.scalar(sa.select(User).where(User.email == f"{login}@{buyer}.demo"))
    for n in range(1, 6):
        assert authenticate(f"staff@vendor{n}.demo", "Demo-password-1").roles == {Role.STAFF}


def test_operator_commands_create_organisations_and_users(app, db_session, monkeypatch):
    runner = app.test_cli_runner()
    created = runner.invoke(
        args=[
            "orgs",
            "create",
            "--kind",
            "operator",
            "--name-zh",
            "运营方",
            "--name-en",
            "Operator",
            "--credit-code",
            "91110000600037341L",
        ]
    )
    monkeypatch.setenv("NEW_USER_PASSWORD", "Operator-pass-1")
    user = runner.invoke(
        args=[
            "users",
            "create",
            "root@operator.example",
            "--name",
            "Root",
            "--org",
            "91110000600037341L",
            "--role",
            "admin",
        ]
    )
    bad_code = runner.invoke(
        args=[
            "orgs",
            "create",
            "--kind",
            "vendor",
            "--name-zh",
            "x",
            "--name-en",
            "x",
            "--credit-code",
            "91110000600037341M",
        ]
    )

    assert created.exit_code == 0, created.output
    assert user.exit_code == 0, user.output
    assert authenticate("root@operator.example", "Operator-pass-1").has_role(
        Role.ADMIN, OrgKind.OPERATOR
    )
    assert bad_code.exit_code == 1
    assert "check character" in bad_code.output


def test_seed_demo_configures_both_groups_green_channels_by_their_admins(
    app, db_session, monkeypatch
):
    from market.procurement import green_channel

    monkeypatch.setenv("DEMO_PASSWORD", "Demo-password-1")
    first = app.test_cli_runner().invoke(args=["seed-demo", "--quiet"])
    again = app.test_cli_runner().invoke(args=["seed-demo", "--quiet"])

    assert "2 green channels configured" in first.output, first.output
    assert "green channels" not in again.output
    energy, ocean = (
        db.session.scalar(sa.select(User).where(User.email == f"admin@{key}.demo")).organisation
        for key in ("buyer1", "buyer2")
    )
    energy_rules, ocean_rules = green_channel.in_force(energy), green_channel.in_force(ocean)
    assert energy_rules.version.created_by.email == "admin@buyer1.demo"
    # Different on purpose: a product without insurance can route green at one and not the other.
    assert energy_rules.version.insurance_required is True
    assert ocean_rules.version.insurance_required is False
    jiangsu = db.session.scalar(sa.select(Organisation).where(Organisation.parent_id == energy.id))
    assert green_channel.in_force(jiangsu).inherited is True
