"""Configuration from environment variables, with defaults that are safe on a fresh machine."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url(instance: Path) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'market.db'}"
    return normalise_database_url(url)


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// spellings and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def build_config(instance: Path) -> dict[str, Any]:
    instance.mkdir(parents=True, exist_ok=True)
    return {
        "SQLALCHEMY_DATABASE_URI": database_url(instance),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SECRET_KEY": secret_key(instance),
        "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND", "tantivy"),
        # The tantivy index folder.
        "SEARCH_INDEX_PATH": os.environ.get("SEARCH_INDEX_PATH", str(instance / "search")),
        # SEARCH_BACKEND=elasticsearch: the cluster, and how to authenticate to it.
        "ELASTICSEARCH_URL": os.environ.get("ELASTICSEARCH_URL"),
        "ELASTICSEARCH_API_KEY": os.environ.get("ELASTICSEARCH_API_KEY"),
        "ELASTICSEARCH_USERNAME": os.environ.get("ELASTICSEARCH_USERNAME"),
        "ELASTICSEARCH_PASSWORD": os.environ.get("ELASTICSEARCH_PASSWORD"),
        "ELASTICSEARCH_CA_CERT": os.environ.get("ELASTICSEARCH_CA_CERT"),
        # Push a request's catalog changes to the index right after it commits (best effort;
        # `flask search sync` catches up on whatever this misses).
        "SEARCH_DRAIN_AFTER_REQUEST": _flag("SEARCH_DRAIN_AFTER_REQUEST", True),
        # The attestation log: its Ed25519 key (a PEM file kept outside the database) and its
        # name in checkpoints (the C2SP origin line; a schema-less URL).
        "LEDGER_KEY_PATH": os.environ.get("LEDGER_KEY_PATH", str(instance / "ledger-key.pem")),
        "LEDGER_ORIGIN": os.environ.get("LEDGER_ORIGIN", "pioneer-market.local/ledger"),
        "PORT": int(os.environ.get("PORT", "5000")),
        # Cookies: never readable by scripts, not sent on cross-site posts; Secure whenever the
        # site is served over HTTPS (set COOKIE_SECURE=1 there; plain http://127.0.0.1 needs 0).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("COOKIE_SECURE", False),
        "SESSION_COOKIE_NAME": "pm_session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _flag("COOKIE_SECURE", False),
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,
        "WTF_CSRF_TIME_LIMIT": 4 * 3600,
        "BOOTSTRAP_SERVE_LOCAL": True,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": ["en", "zh"],
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed sign-ins allowed before a pause, per account and per client address.
        "LOGIN_THROTTLE_PER_ACCOUNT": os.environ.get("LOGIN_THROTTLE_PER_ACCOUNT", "10/15minutes"),
        "LOGIN_THROTTLE_PER_ADDRESS": os.environ.get("LOGIN_THROTTLE_PER_ADDRESS", "30/15minutes"),
        # Wrong signing-key PINs allowed before a pause, per person and per client address.
        "PIN_THROTTLE_PER_USER": os.environ.get("PIN_THROTTLE_PER_USER", "5 per 15 minutes"),
        "PIN_THROTTLE_PER_ADDRESS": os.environ.get("PIN_THROTTLE_PER_ADDRESS", "30 per 15 minutes"),
        # Argon2id cost (OWASP's minimum is 19 MiB, 2 passes; argon2-cffi's default is higher).
        "ARGON2_TIME_COST": int(os.environ.get("ARGON2_TIME_COST", "3")),
        "ARGON2_MEMORY_COST": int(os.environ.get("ARGON2_MEMORY_COST", "65536")),
        "ARGON2_PARALLELISM": int(os.environ.get("ARGON2_PARALLELISM", "4")),
        # Number of proxies in front of the app whose X-Forwarded-For may be trusted.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        # Uploaded documents: where their bytes live and how large one may be.
        "DOCUMENT_STORAGE": os.environ.get("DOCUMENT_STORAGE", str(instance / "documents")),
        "MAX_DOCUMENT_BYTES": int(os.environ.get("MAX_DOCUMENT_MB", "20")) * 1024 * 1024,
        "API_TITLE": "Pioneer Market API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
