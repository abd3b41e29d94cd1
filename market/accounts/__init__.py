"""Organisations, users, memberships and roles, login, invitations and API tokens."""
