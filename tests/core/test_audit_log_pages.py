"""Every change leaves an audit event; operator admins read all, organisations their own."""

from market.accounts import services
from market.accounts.models import OrgKind, OrgStatus, Role
from market.core.audit import Actor
from tests.conftest import PASSWORD


def test_operator_admin_reads_and_filters_the_platform_audit_log(as_user, make_org, make_user):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    vendor = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING, name="Audited Vendor")
    services.approve_organisation(vendor, Actor(user=operator_admin, address="203.0.113.7"))
    browser = as_user(operator_admin)

    everything = browser.get("/operator/audit").text
    approvals = browser.get("/operator/audit?verb=organisation.approve").text
    nothing = browser.get("/operator/audit?verb=organisation.approve&since=2999-01-01").text

    assert "organisation.approve" in everything
    assert "user.created" in everything
    assert "203.0.113.7" in approvals
    assert operator_admin.email in approvals
    assert "user.created" not in approvals
    assert "No events match." in nothing
    far = browser.get(f"/operator/audit?page={10**30}")
    assert far.status_code == 200
    assert "No events match." in far.text


def test_organisation_admins_and_buyer_auditors_read_only_their_own_events(
    as_user, make_org, make_user
):
    buyer = make_org(kind=OrgKind.BUYER, name="Buyer With Events")
    admin = make_user(buyer, roles=(Role.ADMIN,))
    auditor = make_user(buyer, roles=(Role.AUDITOR,))
    other_buyer = make_org(kind=OrgKind.BUYER)
    services.create_user(
        other_buyer,
        email="someone.else@example.com",
        name="Someone Else",
        password=PASSWORD,
        roles=frozenset({Role.OFFICER}),
        actor=Actor(user=None),
    )

    for reader in (admin, auditor):
        page = as_user(reader).get(f"/organisations/{buyer.id}/audit")
        assert page.status_code == 200
        assert auditor.email in page.text
        assert "someone.else@example.com" not in page.text


def test_nobody_else_reads_an_organisations_audit_log(as_user, make_org, make_user):
    buyer = make_org(kind=OrgKind.BUYER)
    outsiders = [
        make_user(buyer, roles=(Role.REQUESTER,)),  # a member without the right role
        make_user(make_org(kind=OrgKind.BUYER), roles=(Role.ADMIN,)),
        make_user(make_org(kind=OrgKind.BUYER), roles=(Role.AUDITOR,)),
        make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.ADMIN,)),
    ]
    for user in outsiders:
        browser = as_user(user)
        assert browser.get(f"/organisations/{buyer.id}/audit").status_code == 404
        assert browser.get("/operator/audit").status_code == 404
