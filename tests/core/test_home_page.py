"""The home page: a search box for everyone, and each signed-in person's next steps by role."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from market.accounts.models import OrgKind, OrgStatus, Role

# What each next step links to, by the link's text.
STEPS = {
    "My listings": "/vendor/listings",
    "New listing": "/vendor/listings/new",
    "Review queue": "/review",
    "Find a supplier": "/search",
    "Pending registrations": "/operator/organisations?status=pending",
    "Platform audit log": "/operator/audit",
    "Audit log": "/organisations/{org}/audit",
    "Members": "/organisations/{org}/members",
    "Profile": "/profile",
    "Green channel": "/organisations/{org}/green-channel",
    "Cases": "/cases",
    "Shortlistings": "/vendor/shortlistings",
    "Trials": "/vendor/trials",
    "My signing key": "/me/signing-key",
    "Signing keys": "/organisations/{org}/signing-keys",
    "The attestation log": "/ledger",
}


class HomePage(HTMLParser):
    """What a person reads on the page: the links of 'Next steps', the search form's parts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.steps: dict[str, str] = {}
        self.search: dict[str, str] | None = None
        self.fields: list[dict[str, str]] = []
        self.labels: dict[str, str] = {}
        self._open: list[str] = []  # the elements we are inside, marked "steps" or "search"
        self._link: str | None = None
        self._label: str | None = None
        self._text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "section" and a.get("aria-labelledby") == "next-steps":
            self._open.append("steps")
        elif tag == "form" and a.get("role") == "search":
            self.search = a
            self._open.append("search")
        elif tag in ("section", "form"):
            self._open.append(tag)
        if tag == "a" and "steps" in self._open:
            self._link, self._text = a["href"], ""
        if "search" in self._open and tag in ("input", "button"):
            self.fields.append(a)
        if "search" in self._open and tag == "label":
            self._label, self._text = a.get("for"), ""

    def handle_data(self, data: str) -> None:
        self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("section", "form") and self._open:
            self._open.pop()
        elif tag == "a" and self._link is not None:
            self.steps[" ".join(self._text.split())] = self._link
            self._link = None
        elif tag == "label" and self._label is not None:
            self.labels[self._label] = " ".join(self._text.split())
            self._label = None


def next_steps(html: str) -> dict[str, str]:
    return HomePage(html).steps


def search_form(html: str) -> HomePage:
    page = HomePage(html)
    assert page.search is not None, "no search form"
    return page


def test_anyone_can_search_from_the_home_page(client):
    html = client.get("/").text

    page = search_form(html)
    assert page.search is not None
    assert page.search["method"] == "get"
    assert page.search["action"] == "/search"
    (field,) = [f for f in page.fields if f.get("name") == "q"]
    assert field["type"] == "search"
    assert page.labels[field["id"]] == "Search"
    assert next_steps(html) == {}  # a visitor has none: they sign in or register
    follows = client.get("/search", query_string={"q": "机器人"})
    assert follows.status_code == 200


@pytest.mark.parametrize(
    ("kind", "roles", "expected"),
    [
        (
            OrgKind.VENDOR,
            (Role.STAFF,),
            ["My listings", "New listing", "Shortlistings", "Trials", "Members", "Profile"],
        ),
        (
            OrgKind.VENDOR,
            (Role.ADMIN,),
            [
                "My listings",
                "New listing",
                "Shortlistings",
                "Trials",
                "Members",
                "Audit log",
                "Profile",
            ],
        ),
        (
            OrgKind.BUYER,
            (Role.REQUESTER,),
            ["Find a supplier", "Cases", "Green channel", "Members", "Profile"],
        ),
        (
            OrgKind.BUYER,
            (Role.OFFICER,),
            ["Find a supplier", "Cases", "Green channel", "Members", "Profile", "My signing key"],
        ),
        (
            OrgKind.BUYER,
            (Role.APPROVER,),
            ["Find a supplier", "Cases", "Green channel", "Members", "Profile", "My signing key"],
        ),
        (
            OrgKind.BUYER,
            (Role.AUDITOR,),
            [
                "Audit log",
                "Cases",
                "Green channel",
                "Members",
                "Profile",
                "My signing key",
                "The attestation log",
            ],
        ),
        (
            OrgKind.BUYER,
            (Role.ADMIN,),
            [
                "Members",
                "Audit log",
                "Cases",
                "Green channel",
                "Profile",
                "My signing key",
                "Signing keys",
            ],
        ),
        (OrgKind.OPERATOR, (Role.REVIEWER,), ["Review queue", "Members", "Profile"]),
        (
            OrgKind.OPERATOR,
            (Role.ADMIN,),
            ["Pending registrations", "Platform audit log", "Members", "Audit log", "Profile"],
        ),
    ],
    ids=lambda v: v.value if isinstance(v, OrgKind) else None,
)
def test_each_role_sees_its_next_steps_and_only_those(
    as_user, make_org, make_user, kind, roles, expected
):
    org = make_org(kind=kind)
    user = make_user(org, roles=roles)
    client = as_user(user)

    html = client.get("/").text

    steps = next_steps(html)
    assert sorted(steps) == sorted(expected)
    for text, href in steps.items():
        assert href == STEPS[text].format(org=org.id), text
        path, _, query = href.partition("?")
        assert client.get(path, query_string=query).status_code == 200, text  # they may use it
    search_form(html)  # the search box stays for the signed-in too
    assert re.search(r"roles: [A-Z][A-Za-z, ]+</p>", html)  # the roles line is still there


def test_a_vendor_awaiting_review_is_offered_no_listing_work(as_user, make_org, make_user):
    vendor = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    admin = make_user(vendor, roles=(Role.ADMIN, Role.STAFF))

    html = as_user(admin).get("/").text

    assert "awaiting review" in html
    assert sorted(next_steps(html)) == ["Members", "Profile"]
