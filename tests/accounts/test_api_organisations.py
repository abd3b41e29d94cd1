"""Organisations through /api/v1: who may see an organisation and its members, invite, change
roles, and approve or reject pending vendors; what each refusal looks like; what gets written."""

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from market.accounts.models import (
    Invitation,
    Membership,
    Organisation,
    OrgKind,
    OrgStatus,
    PasswordReset,
    Role,
    User,
)
from market.accounts.rules import hash_token
from market.accounts.services import create_user, issue_invitation
from market.core.audit import AuditEvent
from market.core.db import db
from tests.conftest import PASSWORD, SYSTEM, reload

ERROR_CODES = {
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    409: "invalid_transition",
}
PLAIN_ROLE = {OrgKind.BUYER: Role.REQUESTER, OrgKind.VENDOR: Role.STAFF}
REASON = "The credit code does not match the business licence."
NEW_NAME = "Renamed Test Co., Ltd."


def assert_error(response, status, code=None):
    """The API's error envelope: {"error": {"code", "message", "fields"}} with a JSON body."""
    assert response.status_code == status, response.text
    assert response.is_json, response.text
    error = response.json["error"]
    assert error["code"] == (code or ERROR_CODES.get(status, "validation_failed"))
    assert error["message"]
    assert isinstance(error["fields"], dict)
    return error


def events(verb, obj):
    return db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.verb == verb, AuditEvent.object_id == str(obj.id))
    ).all()


def invitations_of(org):
    return db.session.scalars(
        sa.select(Invitation).where(Invitation.organisation_id == org.id)
    ).all()


@dataclass
class Scene:
    """An organisation with its first admin (the founder) and a colleague with a plain role."""

    org: Organisation
    founder: User
    colleague: User


@pytest.fixture
def scene(make_org, make_user):
    def make(kind=OrgKind.BUYER, status=OrgStatus.ACTIVE):
        org = make_org(kind=kind, status=status)
        return Scene(
            org=org,
            founder=make_user(org, roles=(Role.ADMIN,)),
            colleague=make_user(org, roles=(PLAIN_ROLE[kind],)),
        )

    return make


@pytest.fixture
def actor(make_org, make_user):
    """actor(name, scene): the user who plays ``name`` towards the scene's organisation."""

    def make(name, scene):
        match name:
            case "anonymous":
                return None
            case "org admin":
                return scene.founder
            case "org member":
                return scene.colleague
            case "other org admin":
                return make_user(make_org(kind=scene.org.kind), roles=(Role.ADMIN,))
            case "operator admin":
                return make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
            case "operator reviewer":
                return make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.REVIEWER,))
        raise AssertionError(name)

    return make


# -- the matrix ----------------------------------------------------------------------------------
#
# What each actor gets for each action on an organisation. Members of the organisation see it;
# its admins manage its members; operator admins review pending organisations. Everyone else is
# told the organisation does not exist (404), never that it is forbidden (403), so its existence
# does not leak. Operator admins list, open and review organisations, but an organisation's
# members are its own business.

ACTORS = (
    "anonymous",
    "org admin",
    "org member",
    "other org admin",
    "operator admin",
    "operator reviewer",
)
# fmt: off
MATRIX = {
    #                       anonymous  org admin  org member  other admin  op. admin  op. reviewer
    "view organisation":   (401,       200,       200,        404,         200,       404),
    "list members":        (401,       200,       200,        404,         404,       404),
    "invite a member":     (401,       201,       403,        404,         404,       404),
    "change roles":        (401,       200,       403,        404,         404,       404),
    "approve":             (401,       404,       404,        404,         200,       404),
    "reject":              (401,       404,       404,        404,         200,       404),
    "rename":              (401,       403,       403,        404,         200,       404),
    "remove a member":     (401,       204,       403,        404,         404,       404),
    "restore a member":    (401,       200,       403,        404,         404,       404),
    "issue a reset link":  (401,       201,       403,        404,         404,       404),
    "list invitations":    (401,       200,       403,        404,         404,       404),
    "revoke invitation":   (401,       204,       403,        404,         404,       404),
}
# fmt: on
# Review actions act on a pending vendor: "org admin" and "org member" are its own people.
REVIEW_ACTIONS = {"approve", "reject"}


def perform(action, client, scene):
    org = scene.org
    match action:
        case "view organisation":
            return client.get(f"/api/v1/organisations/{org.id}")
        case "list members":
            return client.get(f"/api/v1/organisations/{org.id}/members")
        case "invite a member":
            return client.post(
                f"/api/v1/organisations/{org.id}/invitations",
                json={"email": "new.colleague@example.com", "roles": [PLAIN_ROLE[org.kind]]},
            )
        case "change roles":
            membership = scene.colleague.membership
            return client.put(
                f"/api/v1/organisations/{org.id}/members/{membership.id}/roles",
                json={"roles": ["admin", PLAIN_ROLE[org.kind]]},
            )
        case "approve":
            return client.post(
                f"/api/v1/organisations/{org.id}/transitions", json={"action": "approve"}
            )
        case "reject":
            return client.post(
                f"/api/v1/organisations/{org.id}/transitions",
                json={"action": "reject", "reason": REASON},
            )
        case "rename":
            return client.patch(
                f"/api/v1/organisations/{org.id}", json={"name_en": NEW_NAME, "reason": REASON}
            )
        case "remove a member":
            membership = scene.colleague.membership
            return client.delete(f"/api/v1/organisations/{org.id}/members/{membership.id}")
        case "restore a member":
            left = create_user(
                org,
                email="left@example.com",
                name="Left",
                password=PASSWORD,
                roles=frozenset({PLAIN_ROLE[org.kind]}),
                actor=SYSTEM,
            )
            left.membership.set_roles(frozenset())
            left.is_enabled = False  # as removing them leaves them
            db.session.commit()
            return client.post(
                f"/api/v1/organisations/{org.id}/members/{left.membership.id}/restore",
                json={"roles": [PLAIN_ROLE[org.kind]]},
            )
        case "issue a reset link":
            membership = scene.colleague.membership
            return client.post(
                f"/api/v1/organisations/{org.id}/members/{membership.id}/password-reset"
            )
        case "list invitations" | "revoke invitation":
            invitation, _raw = issue_invitation(
                org, "invited@example.com", frozenset({PLAIN_ROLE[org.kind]}), SYSTEM
            )
            db.session.commit()
            if action == "list invitations":
                return client.get(f"/api/v1/organisations/{org.id}/invitations")
            return client.delete(f"/api/v1/organisations/{org.id}/invitations/{invitation.id}")
    raise AssertionError(action)


def assert_outcome(action, response, scene, allowed):
    """What the caller sees, and what was (or was not) written."""
    org = scene.org
    match action:
        case "view organisation":
            if allowed:
                assert response.json["id"] == str(org.id)
                assert response.json["name_en"] == org.name_en
                assert response.json["credit_code"] == org.credit_code
            else:
                assert org.name_en not in response.text
        case "list members":
            if allowed:
                emails = {member["email"] for member in response.json}
                assert emails == {scene.founder.email, scene.colleague.email}
                assert "password" not in response.text
            else:
                assert scene.founder.email not in response.text
        case "invite a member":
            assert len(invitations_of(org)) == (1 if allowed else 0)
        case "change roles":
            membership = reload(scene.colleague.membership)
            assert (Role.ADMIN in membership.roles) == allowed
            assert len(events("membership.roles_changed", membership)) == int(allowed)
        case "rename":
            assert (reload(org).name_en == NEW_NAME) == allowed
        case "remove a member":
            assert reload(scene.colleague).is_enabled is not allowed
        case "restore a member":
            left = db.session.scalars(sa.select(User).where(User.email == "left@example.com"))
            assert left.one().is_enabled is allowed
        case "issue a reset link":
            assert len(db.session.scalars(sa.select(PasswordReset)).all()) == int(allowed)
        case "list invitations":
            assert ("invited@example.com" in response.text) == allowed
        case "revoke invitation":
            revoked = [i for i in invitations_of(org) if i.revoked_at is not None]
            assert len(revoked) == int(allowed)
        case "approve" | "reject":
            verb = f"organisation.{action}"
            status = OrgStatus.ACTIVE if action == "approve" else OrgStatus.REJECTED
            assert reload(org).status == (status if allowed else OrgStatus.PENDING)
            assert len(events(verb, org)) == int(allowed)
            if allowed:
                assert response.json["status"] == status.value


def matrix_cells():
    for action, statuses in MATRIX.items():
        # Vendors register and wait for review; buyers are created active by the operator.
        kinds = [OrgKind.VENDOR] if action in REVIEW_ACTIONS else [OrgKind.BUYER, OrgKind.VENDOR]
        for kind in kinds:
            for actor_name, status in zip(ACTORS, statuses, strict=True):
                cell_id = f"{action}-{kind}-{actor_name}".replace(" ", "_")
                yield pytest.param(action, kind, actor_name, status, id=cell_id)


@pytest.mark.parametrize(("action", "kind", "actor_name", "expected"), list(matrix_cells()))
def test_who_may_do_what_to_an_organisation(
    api_client, scene, actor, action, kind, actor_name, expected
):
    status = OrgStatus.PENDING if action in REVIEW_ACTIONS else OrgStatus.ACTIVE
    the_scene = scene(kind=kind, status=status)
    client = api_client(actor(actor_name, the_scene))

    response = perform(action, client, the_scene)

    if expected < 400:
        assert response.status_code == expected, response.text
    else:
        assert_error(response, expected)
    assert_outcome(action, response, the_scene, allowed=expected < 400)


# -- listing organisations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status", "role"),
    [
        (OrgKind.BUYER, OrgStatus.ACTIVE, Role.REQUESTER),
        (OrgKind.BUYER, OrgStatus.ACTIVE, Role.ADMIN),
        (OrgKind.VENDOR, OrgStatus.ACTIVE, Role.STAFF),
        (OrgKind.VENDOR, OrgStatus.PENDING, Role.ADMIN),
        (OrgKind.OPERATOR, OrgStatus.ACTIVE, Role.REVIEWER),
    ],
    ids=lambda value: str(value),
)
def test_the_organisation_list_shows_others_only_their_own(
    api_client, make_org, make_user, kind, status, role
):
    own = make_org(kind=kind, status=status)
    for other_kind in OrgKind:
        make_org(kind=other_kind)
    make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    client = api_client(make_user(own, roles=(role,)))

    everything = client.get("/api/v1/organisations")
    pending = client.get("/api/v1/organisations", query_string={"status": "pending"})

    assert everything.status_code == 200
    assert [org["id"] for org in everything.json] == [str(own.id)]
    expected_pending = [str(own.id)] if status == OrgStatus.PENDING else []
    assert [org["id"] for org in pending.json] == expected_pending


def test_operator_admins_list_every_organisation_and_filter_it(api_client, make_org, make_user):
    operator = make_org(kind=OrgKind.OPERATOR)
    waiting = [make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING) for _ in range(2)]
    active_vendor = make_org(kind=OrgKind.VENDOR)
    buyer = make_org(kind=OrgKind.BUYER)
    rejected = make_org(kind=OrgKind.VENDOR, status=OrgStatus.REJECTED)
    client = api_client(make_user(operator, roles=(Role.ADMIN,)))

    def listed(**query):
        response = client.get("/api/v1/organisations", query_string=query)
        assert response.status_code == 200, response.text
        return {org["id"]: org for org in response.json}

    everything = listed()
    pending = listed(status="pending")
    active_vendors = listed(status="active", kind="vendor")

    assert {str(o.id) for o in [operator, *waiting, active_vendor, buyer, rejected]} <= set(
        everything
    )
    assert set(pending) == {str(o.id) for o in waiting}
    assert all(org["status"] == "pending" for org in pending.values())
    assert str(active_vendor.id) in active_vendors
    assert all(o["kind"] == "vendor" and o["status"] == "active" for o in active_vendors.values())


@pytest.mark.parametrize("query", [{"status": "sleeping"}, {"kind": "government"}], ids=str)
def test_an_unknown_filter_value_is_422(api_client, make_user, make_org, query):
    client = api_client(make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,)))

    response = client.get("/api/v1/organisations", query_string=query)

    error = assert_error(response, 422)
    assert set(error["fields"]) == set(query)


def test_the_organisation_list_needs_a_token(api_client):
    assert_error(api_client(None).get("/api/v1/organisations"), 401)


def test_an_unknown_organisation_is_404(api_client, make_user):
    client = api_client(make_user())

    assert_error(client.get(f"/api/v1/organisations/{uuid.uuid4()}"), 404)
    assert_error(client.get(f"/api/v1/organisations/{uuid.uuid4()}/members"), 404)


def test_members_are_listed_with_roles_and_without_secrets(api_client, scene):
    the_scene = scene(kind=OrgKind.BUYER)
    client = api_client(the_scene.colleague)

    response = client.get(f"/api/v1/organisations/{the_scene.org.id}/members")

    assert response.status_code == 200
    by_email = {member["email"]: member for member in response.json}
    founder = by_email[the_scene.founder.email]
    assert founder["roles"] == ["admin"]
    assert founder["id"] == str(the_scene.founder.membership.id)
    assert founder["user_id"] == str(the_scene.founder.id)
    assert by_email[the_scene.colleague.email]["roles"] == ["requester"]
    assert set(founder) == {"id", "user_id", "name", "email", "roles", "removed", "created_at"}


# -- approving and rejecting ---------------------------------------------------------------------


def transition(client, org, **body):
    return client.post(f"/api/v1/organisations/{org.id}/transitions", json=body)


def test_approval_is_recorded_with_who_did_it(api_client, make_org, operator_admin):
    vendor = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)

    response = transition(api_client(operator_admin), vendor, action="approve")

    assert response.status_code == 200
    assert response.json["status"] == "active"
    [event] = events("organisation.approve", vendor)
    assert event.actor_user_id == operator_admin.id
    assert event.before == {"status": "pending"}
    assert event.after["status"] == "active"


def test_rejection_keeps_the_reason(api_client, make_org, operator_admin):
    vendor = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)

    response = transition(api_client(operator_admin), vendor, action="reject", reason=REASON)

    assert response.status_code == 200
    assert response.json["status"] == "rejected"
    assert reload(vendor).rejection_reason == REASON
    [event] = events("organisation.reject", vendor)
    assert event.after == {"status": "rejected", "reason": REASON}


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (OrgStatus.ACTIVE, "approve"),
        (OrgStatus.ACTIVE, "reject"),
        (OrgStatus.REJECTED, "approve"),
        (OrgStatus.SUSPENDED, "approve"),
        (OrgStatus.PENDING, "suspend"),
        (OrgStatus.REJECTED, "suspend"),
        (OrgStatus.ACTIVE, "reinstate"),
    ],
    ids=str,
)
def test_only_pending_organisations_are_reviewed_and_only_active_ones_suspended(
    api_client, make_org, operator_admin, status, action
):
    vendor = make_org(kind=OrgKind.VENDOR, status=status)

    response = transition(api_client(operator_admin), vendor, action=action, reason=REASON)

    assert_error(response, 409, "invalid_transition")
    assert reload(vendor).status == status
    assert events(f"organisation.{action}", vendor) == []


@pytest.mark.parametrize(
    ("body", "bad_field"),
    [
        pytest.param({"action": "reject"}, "reason", id="reject-without-reason"),
        pytest.param({"action": "reject", "reason": "   "}, "reason", id="reject-blank-reason"),
        pytest.param({"action": "merge"}, "action", id="unknown-action"),
        pytest.param({}, "action", id="no-action"),
        pytest.param({"action": "approve", "status": "active"}, "status", id="unknown-field"),
    ],
)
def test_invalid_review_requests_are_422_and_change_nothing(
    api_client, make_org, operator_admin, body, bad_field
):
    vendor = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)

    response = transition(api_client(operator_admin), vendor, **body)

    error = assert_error(response, 422, "validation_failed")
    assert bad_field in error["fields"]
    assert reload(vendor).status == OrgStatus.PENDING
    assert events("organisation.approve", vendor) == events("organisation.reject", vendor) == []


def test_reviewing_an_unknown_organisation_is_404(api_client, operator_admin):
    response = transition(
        api_client(operator_admin), Organisation(id=uuid.uuid4()), action="approve"
    )

    assert_error(response, 404)


# -- invitations ---------------------------------------------------------------------------------


def invite(client, org, **body):
    return client.post(f"/api/v1/organisations/{org.id}/invitations", json=body)


def test_an_invitation_answers_with_a_link_that_opens_the_invitation(app, api_client, scene):
    the_scene = scene(kind=OrgKind.BUYER)

    response = invite(
        api_client(the_scene.founder),
        the_scene.org,
        email="Li.Wei@Example.com",
        roles=["officer", "approver"],
    )

    assert response.status_code == 201
    body = response.json
    assert body["email"] == "li.wei@example.com"
    assert sorted(body["roles"]) == ["approver", "officer"]
    assert body["expires_at"]
    link = urlsplit(body["link"])
    assert link.path.startswith("/invitations/")
    raw = link.path.removeprefix("/invitations/")
    [stored] = invitations_of(the_scene.org)
    assert stored.token_hash == hash_token(raw)  # only the hash is kept
    assert str(stored.id) == body["id"]
    assert len(events("invitation.created", stored)) == 1
    assert app.test_client().get(link.path).status_code == 200


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrgKind.BUYER, "reviewer"),
        (OrgKind.BUYER, "staff"),
        (OrgKind.VENDOR, "officer"),
        (OrgKind.VENDOR, "reviewer"),
    ],
    ids=str,
)
def test_an_invitation_offers_only_roles_of_the_organisations_kind(api_client, scene, kind, role):
    the_scene = scene(kind=kind)

    response = invite(
        api_client(the_scene.founder), the_scene.org, email="new@example.com", roles=[role]
    )

    error = assert_error(response, 422, "validation_failed")
    assert set(error["fields"]) == {"roles"}
    assert role in str(error["fields"]["roles"])
    assert invitations_of(the_scene.org) == []


@pytest.mark.parametrize(
    ("body", "bad_fields"),
    [
        pytest.param(
            {"email": "new@example.com", "roles": ["superuser"]}, {"roles"}, id="unknown-role"
        ),
        pytest.param({"email": "new@example.com", "roles": []}, {"roles"}, id="no-roles"),
        pytest.param(
            {"email": "new@example.com", "roles": "admin"}, {"roles"}, id="roles-not-a-list"
        ),
        pytest.param({"email": "new@example.com"}, {"roles"}, id="missing-roles"),
        pytest.param({"email": "not an address", "roles": ["admin"]}, {"email"}, id="bad-email"),
        pytest.param({"roles": ["admin"]}, {"email"}, id="missing-email"),
        pytest.param(
            {"email": "new@example.com", "roles": ["admin"], "organisation_id": "x"},
            {"organisation_id"},
            id="unknown-field",
        ),
    ],
)
def test_invalid_invitations_are_422_naming_the_fields(api_client, scene, body, bad_fields):
    the_scene = scene(kind=OrgKind.BUYER)

    response = invite(api_client(the_scene.founder), the_scene.org, **body)

    error = assert_error(response, 422, "validation_failed")
    assert set(error["fields"]) == bad_fields
    assert invitations_of(the_scene.org) == []


def test_an_address_that_already_has_an_account_cannot_be_invited(
    api_client, scene, make_user, make_org
):
    the_scene = scene(kind=OrgKind.BUYER)
    elsewhere = make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,))

    response = invite(
        api_client(the_scene.founder),
        the_scene.org,
        email=elsewhere.email.upper(),
        roles=["requester"],
    )

    error = assert_error(response, 422, "validation_failed")
    assert set(error["fields"]) == {"email"}
    assert invitations_of(the_scene.org) == []


def test_a_pending_vendors_admin_cannot_invite_until_approved(api_client, scene, operator_admin):
    the_scene = scene(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    client = api_client(the_scene.founder)

    refused = invite(client, the_scene.org, email="new@example.com", roles=["staff"])

    error = assert_error(refused, 403, "forbidden")
    assert "approved" in error["message"]
    assert invitations_of(the_scene.org) == []
    # ... while it can follow its own review
    assert client.get(f"/api/v1/organisations/{the_scene.org.id}").json["status"] == "pending"

    transition(api_client(operator_admin), the_scene.org, action="approve")

    assert (
        invite(client, the_scene.org, email="new@example.com", roles=["staff"]).status_code == 201
    )


@pytest.mark.parametrize(
    ("status", "said"),
    [(OrgStatus.SUSPENDED, "suspended"), (OrgStatus.REJECTED, "rejected")],
)
def test_a_suspended_or_rejected_organisations_admin_is_told_why_members_are_locked(
    api_client, scene, status, said
):
    the_scene = scene(kind=OrgKind.VENDOR, status=status)
    client = api_client(the_scene.founder)
    org, colleague = the_scene.org, the_scene.colleague.membership

    invited = invite(client, org, email="new@example.com", roles=["staff"])
    removed = client.delete(f"/api/v1/organisations/{org.id}/members/{colleague.id}")

    for refused in (invited, removed):
        error = assert_error(refused, 403, "forbidden")
        assert said in error["message"]
        assert "approved" not in error["message"]
    assert reload(the_scene.colleague).is_enabled is True


# -- roles ---------------------------------------------------------------------------------------


def set_roles(client, org, membership, roles):
    return client.put(
        f"/api/v1/organisations/{org.id}/members/{membership.id}/roles", json={"roles": roles}
    )


def test_an_admin_changes_a_members_roles(api_client, scene):
    the_scene = scene(kind=OrgKind.BUYER)
    membership = the_scene.colleague.membership

    response = set_roles(
        api_client(the_scene.founder), the_scene.org, membership, ["officer", "approver"]
    )

    assert response.status_code == 200
    assert response.json["roles"] == ["approver", "officer"]
    assert response.json["email"] == the_scene.colleague.email
    assert reload(membership).roles == {Role.OFFICER, Role.APPROVER}
    [event] = events("membership.roles_changed", membership)
    assert event.actor_user_id == the_scene.founder.id


def test_the_last_admin_cannot_give_up_the_admin_role(api_client, scene):
    the_scene = scene(kind=OrgKind.BUYER)
    membership = the_scene.founder.membership

    response = set_roles(api_client(the_scene.founder), the_scene.org, membership, ["officer"])

    error = assert_error(response, 422, "validation_failed")
    assert "admin" in str(error["fields"]["roles"])
    assert reload(membership).roles == {Role.ADMIN}


def test_an_admin_may_step_down_when_another_admin_remains(api_client, scene, make_user):
    the_scene = scene(kind=OrgKind.VENDOR)
    make_user(the_scene.org, roles=(Role.ADMIN,))
    membership = the_scene.founder.membership

    response = set_roles(api_client(the_scene.founder), the_scene.org, membership, ["staff"])

    assert response.status_code == 200
    assert reload(membership).roles == {Role.STAFF}


@pytest.mark.parametrize(
    ("roles", "why"),
    [
        pytest.param(["reviewer"], "not a buyer role", id="wrong-kind"),
        pytest.param(["root"], "unknown role", id="unknown"),
        pytest.param([], "no role", id="empty"),
    ],
)
def test_invalid_roles_are_422_and_change_nothing(api_client, scene, roles, why):
    the_scene = scene(kind=OrgKind.BUYER)
    membership = the_scene.colleague.membership

    response = set_roles(api_client(the_scene.founder), the_scene.org, membership, roles)

    error = assert_error(response, 422, "validation_failed")
    assert set(error["fields"]) == {"roles"}, why
    assert reload(membership).roles == {Role.REQUESTER}


def test_an_admin_cannot_reach_another_organisations_member_through_their_own(api_client, scene):
    mine, theirs = scene(kind=OrgKind.BUYER), scene(kind=OrgKind.BUYER)
    membership = theirs.colleague.membership

    response = set_roles(api_client(mine.founder), mine.org, membership, ["admin"])

    assert_error(response, 404)
    assert reload(membership).roles == {Role.REQUESTER}


def test_an_unknown_membership_is_404(api_client, scene):
    the_scene = scene(kind=OrgKind.BUYER)

    response = set_roles(
        api_client(the_scene.founder), the_scene.org, Membership(id=uuid.uuid4()), ["admin"]
    )

    assert_error(response, 404)


def test_an_accepted_invitation_cannot_be_revoked_and_leaves_the_open_list(api_client, scene):
    the_scene = scene()
    admin = api_client(the_scene.founder)
    org = the_scene.org
    invitation, _raw = issue_invitation(
        org, "joined@example.com", frozenset({Role.REQUESTER}), SYSTEM
    )
    invitation.accepted_at = invitation.created_at
    db.session.commit()

    assert admin.get(f"/api/v1/organisations/{org.id}/invitations").json == []
    refused = admin.delete(f"/api/v1/organisations/{org.id}/invitations/{invitation.id}")
    assert refused.status_code == 409
    assert reload(invitation).revoked_at is None
    unknown = admin.delete(f"/api/v1/organisations/{org.id}/invitations/{uuid.uuid4()}")
    assert unknown.status_code == 404
