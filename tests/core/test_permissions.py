"""The shared permission pieces: the navigation bar each role gets (and that every link it
offers answers), the ``requires`` decorator's three answers, ``visible_or_404`` and a buyer
group's scope over its subsidiaries."""

from __future__ import annotations

import re

import pytest
from flask import g

from market.accounts.models import OrgKind, Role
from market.core.errors import AuthenticationFailed, NotFound, PermissionDenied
from market.core.permissions import organisation_scope, requires, visible_or_404


def nav_links(html: str) -> dict[str, str]:
    start = html.index('<ul class="navbar-nav me-auto">')
    nav = html[start : html.index("</ul>", start)]
    links = re.findall(r'<a class="nav-link" href="([^"]+)">([^<]+)</a>', nav)
    return {text.strip(): href for href, text in links}


EVERYONE = ["Search", "Catalogue"]


@pytest.mark.parametrize(
    ("kind", "roles", "expected"),
    [
        (None, (), EVERYONE),
        (OrgKind.VENDOR, (Role.STAFF,), [*EVERYONE, "My listings", "My organisation"]),
        (OrgKind.VENDOR, (Role.ADMIN,), [*EVERYONE, "My listings", "My organisation"]),
        (OrgKind.BUYER, (Role.REQUESTER,), [*EVERYONE, "Cases", "My organisation"]),
        (OrgKind.OPERATOR, (Role.REVIEWER,), [*EVERYONE, "Review queue", "My organisation"]),
        (
            OrgKind.OPERATOR,
            (Role.ADMIN,),
            [*EVERYONE, "My organisation", "Organisations", "Audit log"],
        ),
    ],
    ids=["visitor", "vendor-staff", "vendor-admin", "requester", "reviewer", "operator-admin"],
)
def test_each_role_gets_its_navigation_and_every_link_answers(
    as_user, make_org, make_user, kind, roles, expected
):
    user = make_user(make_org(kind=kind), roles=roles) if kind else None
    client = as_user(user)

    links = nav_links(client.get("/").text)

    assert list(links) == expected  # in this order
    for text, href in links.items():
        assert client.get(href).status_code == 200, text


def is_operator_admin(user):
    return user.has_role(Role.ADMIN, OrgKind.OPERATOR)


@requires(is_operator_admin, message="Operator admins only.")
def forbidden_view():
    return "inside"


@requires(is_operator_admin, hidden=True)
def hidden_view():
    return "inside"


def call(app, user, view, api=False):
    with app.test_request_context("/api/v1/somewhere" if api else "/somewhere"):
        if user is not None:
            g._login_user = user  # what flask-login reads for current_user
        return view()


def test_requires_asks_a_visitor_to_sign_in(app, db_session):
    page = call(app, None, forbidden_view)
    assert page.status_code == 302
    assert "/login" in page.headers["Location"]
    with pytest.raises(AuthenticationFailed):
        call(app, None, forbidden_view, api=True)


def test_requires_refuses_a_user_without_the_right_403_or_hidden_404(
    app, make_user, operator_admin
):
    requester = make_user(roles=(Role.REQUESTER,))
    with pytest.raises(PermissionDenied, match=r"Operator admins only\."):
        call(app, requester, forbidden_view)
    with pytest.raises(NotFound):
        call(app, requester, hidden_view)
    assert call(app, operator_admin, forbidden_view) == "inside"
    assert call(app, operator_admin, hidden_view) == "inside"


def test_visible_or_404_answers_alike_for_missing_and_hidden():
    assert visible_or_404("mine", lambda obj: True) == "mine"
    for obj in (None, "theirs"):
        with pytest.raises(NotFound):
            visible_or_404(obj, lambda obj: False)


def test_a_groups_readers_reach_its_subsidiaries_and_no_further(make_org, make_user):
    group = make_org(kind=OrgKind.BUYER)
    jiangsu, shanghai = (make_org(kind=OrgKind.BUYER, parent=group) for _ in range(2))
    other = make_org(kind=OrgKind.BUYER)
    make_org(kind=OrgKind.BUYER, parent=other)

    for role in (Role.ADMIN, Role.OFFICER, Role.AUDITOR):
        scope = organisation_scope(make_user(group, roles=(role,)))
        assert scope == {group.id, jiangsu.id, shanghai.id}, role
    assert organisation_scope(make_user(group, roles=(Role.REQUESTER,))) == {group.id}
    assert organisation_scope(make_user(jiangsu, roles=(Role.ADMIN,))) == {jiangsu.id}
    assert organisation_scope(None) == frozenset()
