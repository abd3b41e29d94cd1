"""The API boundary of accounts: what comes in is validated here, what goes out is shaped here."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from marshmallow import fields, validate

from market.accounts.models import NameChangeStatus, Organisation, OrgKind, OrgStatus, Role
from market.accounts.states import organisation_actions
from market.api.fields import read_version


class TokenRequestSchema(ma.Schema):
    email = fields.Email(required=True)
    password = fields.String(required=True, load_only=True)
    name = fields.String(load_default="API token", validate=validate.Length(min=1, max=80))


class ApiTokenSchema(ma.Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String()
    prefix = fields.String(
        metadata={"description": "The token's first characters, to recognise it"}
    )
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class NewApiTokenSchema(ApiTokenSchema):
    token = fields.String(metadata={"description": "The bearer token; shown this once only"})


class OrganisationSchema(ma.Schema):
    id = fields.UUID()
    kind = fields.Enum(OrgKind, by_value=True)
    status = fields.Enum(OrgStatus, by_value=True)
    name_zh = fields.String()
    name_en = fields.String()
    credit_code = fields.String()
    parent_id = fields.UUID(allow_none=True)
    # What the operator told the organisation (for its members and the operator's admins).
    rejection_reason = fields.String(allow_none=True)
    suspension_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()
    version = fields.Integer(
        attribute="lock_version",
        dump_only=True,
        metadata={"description": "Moves on with every change; send it back with a transition"},
    )
    actions = fields.Method(
        "offered_actions",
        dump_only=True,
        metadata={"description": "The transitions you may take now (the pages' buttons)"},
    )

    def offered_actions(self, org: Organisation) -> list[str]:
        return organisation_actions(current_user, org)


class MeSchema(ma.Schema):
    id = fields.UUID()
    email = fields.Email()
    name = fields.String()
    organisation = fields.Nested(OrganisationSchema, allow_none=True)
    roles = fields.Method("_roles")

    def _roles(self, user: object) -> list[str]:
        return sorted(getattr(user, "roles", []))


class MemberSchema(ma.Schema):
    id = fields.UUID(metadata={"description": "The membership's id"})
    user_id = fields.UUID()
    name = fields.String(attribute="user.name")
    email = fields.Email(attribute="user.email")
    roles = fields.Method("_roles")
    removed = fields.Method("_removed", metadata={"description": "Left: no roles, no sign-in"})
    created_at = fields.DateTime()

    def _removed(self, membership: object) -> bool:
        return not membership.user.is_enabled  # type: ignore[attr-defined]

    def _roles(self, membership: object) -> list[str]:
        return sorted(getattr(membership, "roles", []))


class RolesSchema(ma.Schema):
    roles = fields.List(
        fields.Enum(Role, by_value=True), required=True, validate=validate.Length(min=1)
    )


class InvitationRequestSchema(RolesSchema):
    email = fields.Email(required=True)


class InvitationSchema(ma.Schema):
    id = fields.UUID()
    email = fields.Email()
    roles = fields.List(fields.String())
    expires_at = fields.DateTime()
    link = fields.String(metadata={"description": "The invitation link; shown this once only"})


class OpenInvitationSchema(ma.Schema):
    """An invitation not yet accepted, revoked or expired; its link was shown once, at creation."""

    id = fields.UUID()
    email = fields.Email()
    roles = fields.List(fields.String())
    created_at = fields.DateTime()
    expires_at = fields.DateTime()
    invited_by = fields.String(attribute="invited_by.name", allow_none=True)


class PasswordResetLinkSchema(ma.Schema):
    link = fields.String(metadata={"description": "Shown once; hand it to the member"})
    expires_at = fields.DateTime()


class OrganisationTransitionSchema(ma.Schema):
    action = fields.String(
        required=True, validate=validate.OneOf(["approve", "reject", "suspend", "reinstate"])
    )
    reason = fields.String(
        load_default="", metadata={"description": "Required to reject or suspend; shown to it"}
    )
    version = read_version()


class _NewNamesSchema(ma.Schema):
    """New registered names; a name left out stays as it is."""

    name_zh = fields.String(metadata={"description": "Unchanged if left out"})
    name_en = fields.String(metadata={"description": "Unchanged if left out"})


class OrganisationNamesSchema(_NewNamesSchema):
    reason = fields.String(
        required=True,
        metadata={"description": "What the new names rest on; kept in the audit log"},
    )


class NameChangeRequestBodySchema(_NewNamesSchema):
    note = fields.String(
        required=True,
        metadata={"description": "Where the new names are registered, for the operator to check"},
    )


class NameChangeRequestSchema(ma.Schema):
    id = fields.UUID()
    organisation_id = fields.UUID()
    status = fields.Enum(NameChangeStatus, by_value=True)
    name_zh = fields.String()
    name_en = fields.String()
    note = fields.String()
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    decline_reason = fields.String(allow_none=True)


class NameChangeDecisionSchema(ma.Schema):
    action = fields.String(required=True, validate=validate.OneOf(["approve", "decline"]))
    reason = fields.String(load_default="", metadata={"description": "Required to decline"})


class OrganisationListArgsSchema(ma.Schema):
    status = fields.Enum(OrgStatus, by_value=True)
    kind = fields.Enum(OrgKind, by_value=True)
