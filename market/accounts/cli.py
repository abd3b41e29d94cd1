"""Operator commands: ``flask orgs create``, ``flask users create``, ``flask users reset-link``."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask, current_app, url_for
from flask.cli import AppGroup

from market.accounts import password_resets, services
from market.accounts.models import Organisation, OrgKind, Role, User
from market.accounts.rules import normalise_email
from market.core.audit import Actor
from market.core.db import BUSINESS_TIMEZONE, db
from market.core.errors import DomainError

orgs = AppGroup("orgs", help="Organisations.")
users = AppGroup("users", help="User accounts.")

CLI_ACTOR = Actor(user=None, address="cli", is_system=True)


def init_app(app: Flask) -> None:
    app.cli.add_command(orgs)
    app.cli.add_command(users)


def _fail(error: DomainError) -> None:
    lines = [error.message] + [f"  {f}: {'; '.join(m)}" for f, m in error.fields.items()]
    raise click.ClickException("\n".join(lines))


@orgs.command("create")
@click.option("--kind", type=click.Choice([k.value for k in OrgKind]), required=True)
@click.option("--name-zh", required=True)
@click.option("--name-en", required=True)
@click.option("--credit-code", required=True)
@click.option("--parent", "parent_code", help="Credit code of the buyer group it belongs to.")
def create_org(
    kind: str, name_zh: str, name_en: str, credit_code: str, parent_code: str | None
) -> None:
    """Create an active organisation (e.g. the operator itself on a new installation)."""
    with db.session.begin():
        parent = _org_by_code(parent_code) if parent_code else None
        try:
            org = services.create_organisation(
                kind=OrgKind(kind),
                name_zh=name_zh,
                name_en=name_en,
                credit_code=credit_code,
                parent=parent,
                actor=CLI_ACTOR,
            )
        except DomainError as exc:
            _fail(exc)
    click.echo(f"created {org.kind.value} organisation {org.display_name} ({org.id})")


@users.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--org", "org_code", required=True, help="Credit code of the user's organisation.")
@click.option(
    "--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role])
)
@click.password_option(envvar="NEW_USER_PASSWORD", help="Prompted for when not given.")
def create_user(
    email: str, name: str, org_code: str, roles: tuple[str, ...], password: str
) -> None:
    """Create a user in an existing organisation with the given roles."""
    with db.session.begin():
        org = _org_by_code(org_code)
        try:
            user = services.create_user(
                org,
                email=email,
                name=name,
                password=password,
                roles=frozenset(Role(r) for r in roles),
                actor=CLI_ACTOR,
            )
        except DomainError as exc:
            _fail(exc)
    click.echo(f"created {user.email} in {org.display_name} with roles {', '.join(sorted(roles))}")


@users.command("reset-link")
@click.argument("email")
@click.option(
    "--base-url",
    default="http://127.0.0.1:5000",
    show_default=True,
    help="Where users reach the site; the link starts with it.",
)
def reset_link(email: str, base_url: str) -> None:
    """Print a one-time, day-long link that sets a new password for EMAIL (an admin who forgot
    theirs, say, with no other admin to issue one). Earlier links stop working."""
    with db.session.begin():
        user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
        if user is None or user.membership is None:
            raise click.ClickException(f"no user {email}")
        try:
            reset, raw = password_resets.issue_password_reset(user.membership, CLI_ACTOR)
        except DomainError as exc:
            _fail(exc)
    with current_app.test_request_context():
        link = base_url.rstrip("/") + url_for("accounts.reset_password", token=raw)
    until = reset.expires_at.astimezone(BUSINESS_TIMEZONE)
    click.echo(
        f"password reset link for {user.email}, valid until {until:%Y-%m-%d %H:%M} "
        "Beijing time (UTC+8):"
    )
    click.echo(link)


def _org_by_code(code: str) -> Organisation:
    org = db.session.scalar(sa.select(Organisation).where(Organisation.credit_code == code.upper()))
    if org is None:
        raise click.ClickException(f"no organisation with credit code {code}")
    return org
