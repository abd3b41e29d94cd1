"""``flask seed-demo``: idempotent demo data, so ``make run`` can call it every time."""

from __future__ import annotations

import os

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext

from market.accounts import services
from market.accounts.models import Organisation, User
from market.core.audit import Actor
from market.core.db import db
from market.core.errors import DomainError
from market.demo.accounts import DEMO_ORGS
from market.demo.attestations import DEFAULT_DEMO_SIGNING_PIN, seed_attestations
from market.demo.cases import seed_cases
from market.demo.catalog import seed_catalog
from market.demo.green_channel import seed_green_channels
from market.demo.trials import seed_trials

DEFAULT_DEMO_PASSWORD = "pioneer-demo"  # noqa: S105 (demo data, documented in README)
SEED_ACTOR = Actor(user=None, address="seed-demo", is_system=True)


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)


@click.command("seed-demo")
@click.option("--quiet", is_flag=True, help="Do not print the demo logins.")
@with_appcontext
def seed_demo(quiet: bool) -> None:
    """Create the demo organisations and users that are missing, the demo catalog unless the
    demo vendors already list products, the groups' green channels and the demo cases unless
    there are some; then print the logins."""
    password = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
    pin = os.environ.get("DEMO_SIGNING_PIN", DEFAULT_DEMO_SIGNING_PIN)
    with db.session.begin():
        try:
            created, orgs = seed_accounts(password)
            listings = seed_catalog(report=click.echo)
            channels = seed_green_channels(orgs)
            cases = seed_cases()
            keys, attested = seed_attestations(pin)
            trials = seed_trials(pin)
        except DomainError as exc:
            details = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.fields.items())
            raise click.ClickException(f"{exc.message} {details}") from None
    done = [f"{created} users created"] if created else []
    done += [f"{listings} listings created"] if listings else []
    done += [f"{channels} green channels configured"] if channels else []
    done += [f"{cases} green channel cases raised"] if cases else []
    done += [f"{keys} signing keys registered"] if keys else []
    done += [f"{attested} decision attestations filed"] if attested else []
    done += [f"{trials} trials taken forward"] if trials else []
    click.echo(f"seed-demo: {', '.join(done)}" if done else "seed-demo: demo data present")
    if not quiet:
        print_logins(password)
        click.echo(f"Signing PIN of every demo signer: {pin}")


def seed_accounts(password: str) -> tuple[int, dict[str, Organisation]]:
    """Create what is missing; returns how many users were created, and the demo
    organisations by key."""
    orgs: dict[str, Organisation] = {}
    created = 0
    for demo in DEMO_ORGS:
        org = db.session.scalar(
            sa.select(Organisation).where(Organisation.credit_code == demo.credit_code)
        )
        if org is None:
            org = services.create_organisation(
                kind=demo.kind,
                name_zh=demo.name_zh,
                name_en=demo.name_en,
                credit_code=demo.credit_code,
                parent=orgs.get(demo.parent) if demo.parent else None,
                actor=SEED_ACTOR,
            )
        orgs[demo.key] = org
        for login, name, roles in demo.people:
            email = f"{login}@{demo.email_domain}"
            if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
                services.create_user(
                    org,
                    email=email,
                    name=name,
                    password=password,
                    roles=frozenset(roles),
                    actor=SEED_ACTOR,
                )
                created += 1
    return created, orgs


def print_logins(password: str) -> None:
    click.echo("")
    click.echo(f"Demo logins (password for all: {password}):")
    for demo in DEMO_ORGS:
        click.echo(f"  {demo.name_en}  [{demo.kind.value}]")
        for login, _name, roles in demo.people:
            role_list = ", ".join(r.value for r in roles)
            click.echo(f"    {login + '@' + demo.email_domain:<28} {role_list}")
    click.echo("")
