"""The log's own Ed25519 key: a PEM file outside the database (``LEDGER_KEY_PATH``; by
default generated into instance/ on first use, readable by its owner alone), so a copy of the
database cannot sign checkpoints."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)
from flask import current_app


def key_path() -> Path:
    return Path(current_app.config["LEDGER_KEY_PATH"])


def load_or_create(path: Path) -> Ed25519PrivateKey:
    """The key at ``path``; created there (mode 0600, never overwritten) when there is none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
        )
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: use theirs
        else:
            with os.fdopen(descriptor, "wb") as file:
                file.write(pem)
    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def log_key() -> Ed25519PrivateKey:
    """The configured key, parsed once per version of its file (every append signs with it)."""
    path = key_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return load_or_create(path)
    return _parsed(str(path), stat.st_ino, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _parsed(path: str, _inode: int, _modified_ns: int) -> Ed25519PrivateKey:
    return load_or_create(Path(path))


def public_pem(key: Ed25519PublicKey) -> bytes:
    """What auditors are given to check checkpoints with (``--log-key PEM``)."""
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
