"""Bundles: an organisation's view of the log, as a folder or a zip of one, fed to the
``Verifier`` line by line; and the log's key as the auditor passes it."""

from __future__ import annotations

import base64
import json
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key

from market.attestations.notes import (
    verifier_key,
)
from market.attestations.verify.checks import EvidenceLookup, Report, Unreadable
from market.attestations.verify.log import CheckpointRow, Verifier

BUNDLE_FORMAT = "pioneer-market-ledger-bundle/1"


def evidence_in(directory: Path) -> EvidenceLookup:
    """Evidence files in a folder, named by their SHA-256 or else by their name."""

    def lookup(item: Mapping[str, Any]) -> Path | None:
        for name in (item.get("sha256"), item.get("name")):
            if type(name) is str and name and Path(name).name == name and name != "..":
                path = directory / name
                if path.is_file():
                    return path
        return None

    return lookup


class _Bundle:
    """The members of a bundle, in a directory or a zip (at its top or in one folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._prefix = ""
        if path.is_file():
            try:
                self._zip = zipfile.ZipFile(path)
            except (OSError, zipfile.BadZipFile) as exc:
                raise Unreadable(f"{path} is neither a bundle nor a zip of one: {exc}") from None
            manifests = [n for n in self._zip.namelist() if n.endswith("manifest.json")]
            if "manifest.json" not in manifests:
                nested = [n for n in manifests if n.count("/") == 1]
                self._prefix = nested[0][: -len("manifest.json")] if len(nested) == 1 else ""
        elif not path.is_dir():
            raise Unreadable(f"{path}: no such bundle")

    def open(self, name: str) -> IO[bytes]:
        try:
            if self._zip is not None:
                return self._zip.open(self._prefix + name)
            return (self.path / name).open("rb")
        except (OSError, KeyError):
            raise Unreadable(f"the bundle has no readable {name}") from None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def verify_bundle(
    path: Path,
    log_key: Ed25519PublicKey,
    *,
    trusted: Sequence[str] = (),
    evidence_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Verify an exported bundle (a folder, or a zip of one); Unreadable when it is none."""
    if evidence_dir is not None and not evidence_dir.is_dir():
        raise Unreadable(f"{evidence_dir}: no such evidence folder")
    bundle = _Bundle(path)
    try:
        manifest = _manifest(bundle)
        origin = manifest["origin"]
        with bundle.open("checkpoints.jsonl") as checkpoints, bundle.open("entries.jsonl") as lines:
            verifier = Verifier(
                log_key,
                origin,
                checkpoints=_checkpoint_lines(checkpoints, lambda m: verifier.report(None, m)),
                trusted=trusted,
                evidence=None if evidence_dir is None else evidence_in(evidence_dir),
                progress=progress,
            )
            if manifest.get("log_key") != verifier_key(origin, log_key):
                verifier.report(
                    None,
                    f"the manifest names the log key {manifest.get('log_key')!r}, not "
                    f"the one given ({verifier_key(origin, log_key)})",
                )
            _feed(verifier, lines)
            size = manifest.get("tree_size")
            if size != verifier.size:
                verifier.report(
                    min(size, verifier.size) if type(size) is int else None,
                    f"the manifest says the log holds {size} entries; the bundle has "
                    f"{verifier.size}",
                )
            return verifier.finish()
    finally:
        bundle.close()


def _manifest(bundle: _Bundle) -> dict[str, Any]:
    with bundle.open("manifest.json") as file:
        try:
            manifest = json.load(file)
        except ValueError:
            raise Unreadable("manifest.json is not JSON") from None
    if type(manifest) is not dict or manifest.get("format") != BUNDLE_FORMAT:
        raise Unreadable(f"not a ledger bundle ({BUNDLE_FORMAT})")
    if type(manifest.get("origin")) is not str:
        raise Unreadable("the manifest names no origin")
    return manifest


_LINE = json.JSONDecoder().decode


def _feed(verifier: Verifier, lines: IO[bytes]) -> None:
    for number, line in enumerate(lines, 1):
        data = leaf = None
        try:
            item = _LINE(line.decode())
            seq = item["seq"]
            if type(seq) is not int:
                raise TypeError
            if "entry" in item:
                data = item["entry"].encode("utf-8", "surrogateescape")
            else:
                leaf = base64.b64decode(item["leaf_hash"], validate=True)
                if len(leaf) != 32:
                    raise ValueError
        except (ValueError, KeyError, TypeError, AttributeError):
            verifier.report(number - 1, f"line {number} of entries.jsonl is not an entry")
            continue
        if data is not None:
            verifier.entry(seq, data)
        else:
            verifier.leaf(seq, leaf)  # type: ignore[arg-type]


def _checkpoint_lines(lines: IO[bytes], report: Callable[[str], None]) -> Iterator[CheckpointRow]:
    for number, line in enumerate(lines, 1):
        try:
            item = _LINE(line.decode())
            size, note = item["size"], item["note"]
            if type(size) is not int or type(note) is not str:
                raise TypeError
        except (ValueError, KeyError, TypeError):
            report(f"line {number} of checkpoints.jsonl is not a checkpoint")
            continue
        yield size, note, None


def load_log_key(path: Path) -> Ed25519PublicKey:
    """The log's public key from a PEM file (of the public key, or of the private key)."""
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"{path}: {exc.strerror}") from None
    try:
        key: Any = load_pem_public_key(pem)
    except (ValueError, UnsupportedAlgorithm):
        try:
            key = load_pem_private_key(pem, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise Unreadable(f"{path} holds no PEM key") from None
        if isinstance(key, Ed25519PrivateKey):
            key = key.public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise Unreadable(f"{path} does not hold an Ed25519 key")
    return key
