"""Shared infrastructure: database base, audit events, errors, permissions helpers."""
