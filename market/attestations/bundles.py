"""The log as auditors take it away, and the server checking its own: an organisation's bundle
(a folder, or a zip for a page to download), a receipt of some entries, and ``verify_live``,
which runs the offline verifier's ``Verifier`` over the database rows and also checks that
each row's columns say what its bytes say. The formats are in ``verify``'s docstring."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from market.accounts.models import Organisation
from market.attestations import ledger
from market.attestations.keys import SigningKey
from market.attestations.log_key import log_key, public_pem
from market.attestations.models import LedgerCheckpoint, LedgerEntry, LedgerHead, LedgerNode
from market.attestations.notes import verifier_key
from market.attestations.verify import (
    BUNDLE_FORMAT,
    LOGGED_AT_FORMAT,
    RECEIPT_FORMAT,
    REGISTRATION_KINDS,
    Report,
    Verifier,
)
from market.catalog.storage import blob_path
from market.core.db import db, utcnow
from market.core.errors import NotFound

BATCH = 2000  # rows fetched at a time while streaming the log


def _rows(query: sa.Select[Any]) -> Iterator[sa.Row[Any]]:
    return iter(db.session.execute(query.execution_options(yield_per=BATCH)))


# -- bundles -----------------------------------------------------------------------------------


def write_bundle(organisation: Organisation, directory: Path) -> dict[str, Any]:
    """Write ``organisation``'s bundle of the log as it stands into ``directory`` (made when
    missing; files of an earlier bundle there are replaced); returns its manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    return _write(organisation, lambda name: (directory / name).open("wb"))


def bundle_zip(organisation: Organisation) -> bytes:
    """The bundle as a zip, its files in one folder named after the organisation and size."""
    buffer = io.BytesIO()
    folder = f"ledger-bundle-{organisation.credit_code}-{ledger.size()}/"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(organisation, lambda name: archive.open(folder + name, "w"))
    return buffer.getvalue()


def _write(
    organisation: Organisation, open_member: Callable[[str], AbstractContextManager[IO[bytes]]]
) -> dict[str, Any]:
    # Rows are append-only: everything below ``size`` is fixed, whatever is appended meanwhile.
    size = ledger.size()
    key = log_key().public_key()
    manifest = {
        "format": BUNDLE_FORMAT,
        "origin": ledger.origin(),
        "organisation": {
            "id": str(organisation.id),
            "code": organisation.credit_code,
            "name": organisation.display_name,
        },
        "tree_size": size,
        "exported_at": utcnow().isoformat(),
        "log_key": verifier_key(ledger.origin(), key),
    }
    with open_member("entries.jsonl") as out:
        query = sa.select(
            LedgerEntry.seq, LedgerEntry.entry, LedgerEntry.leaf_hash, LedgerEntry.organisation_id
        ).where(LedgerEntry.seq < size)
        for seq, data, leaf, owner in _rows(query.order_by(LedgerEntry.seq)):
            if owner == organisation.id:  # its keys' registrations and revocations among them
                out.write(_entry_line(seq, bytes(data)))
            else:
                line = {"seq": seq, "leaf_hash": base64.b64encode(leaf).decode()}
                out.write(json.dumps(line).encode() + b"\n")
    with open_member("checkpoints.jsonl") as out:
        query = sa.select(LedgerCheckpoint.size, LedgerCheckpoint.note)
        query = query.where(LedgerCheckpoint.size <= size).order_by(LedgerCheckpoint.size)
        for checkpoint_size, note in _rows(query):
            line = {"size": checkpoint_size, "note": note}
            out.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
    with open_member("log-key.pem") as out:
        out.write(public_pem(key))
    with open_member("manifest.json") as out:
        out.write(json.dumps(manifest, ensure_ascii=False, indent=2).encode() + b"\n")
    return manifest


def _entry_line(seq: int, data: bytes) -> bytes:
    try:
        line = json.dumps({"seq": seq, "entry": data.decode()}, ensure_ascii=False)
    except UnicodeDecodeError:
        # Bytes that are not UTF-8 (a damaged row) still travel exactly, for the verifier to
        # name: as escaped surrogates the reader turns back into the same bytes.
        line = json.dumps({"seq": seq, "entry": data.decode("utf-8", "surrogateescape")})
    return line.encode() + b"\n"


# -- receipts ----------------------------------------------------------------------------------


def receipt(seqs: Sequence[int]) -> dict[str, Any]:
    """A receipt of the entries ``seqs`` (``entries[0]`` is the first of them), with the entries
    their signatures rest on, each proven into the latest checkpoint. Raises NotFound when a
    seq is not in the log."""
    latest = ledger.checkpoint()
    wanted = list(dict.fromkeys(seqs))
    if not wanted or latest is None or any(not 0 <= seq < latest.size for seq in wanted):
        raise NotFound(_("No such entry in the log."))
    entries: dict[int, bytes] = {}
    queue = list(wanted)
    while queue:  # the given entries first, then what each signature rests on
        seq = queue.pop(0)
        if seq in entries:
            continue
        data = db.session.scalar(sa.select(LedgerEntry.entry).where(LedgerEntry.seq == seq))
        if data is None:
            raise NotFound(_("No such entry in the log."))
        entries[seq] = bytes(data)
        signer = json.loads(data).get("signer") or {}
        if isinstance(signer.get("key_id"), str):
            registered = _registration_of(signer["key_id"])
            if registered is not None and registered < latest.size:
                queue.append(registered)
    tree = ledger.StoredTree()
    return {
        "format": RECEIPT_FORMAT,
        "origin": ledger.origin(),
        "checkpoint": latest.note,
        "entries": [
            {
                "seq": seq,
                "entry": data.decode("utf-8", "surrogateescape"),
                "inclusion": [
                    base64.b64encode(h).decode() for h in tree.inclusion_path(seq, latest.size)
                ],
            }
            for seq, data in entries.items()
        ],
    }


def _registration_of(key_id: str) -> int | None:
    """The seq of the entry registering (or enrolling) ``key_id``."""
    seq = db.session.scalar(sa.select(SigningKey.registered_seq).where(SigningKey.key_id == key_id))
    if seq is not None:
        return seq
    # No row says (a key made elsewhere, or its row lost): the log itself does.
    query = sa.select(LedgerEntry.seq, LedgerEntry.entry).where(
        LedgerEntry.kind.in_(sorted(REGISTRATION_KINDS))
    )
    for seq, data in _rows(query.order_by(LedgerEntry.seq)):
        if json.loads(data)["body"].get("key_id") == key_id:
            return int(seq)
    return None


# -- the server checking its own log -----------------------------------------------------------


def verify_live(
    evidence_root: Path | None = None,
    *,
    check_evidence: bool = True,
    trusted: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
) -> Report:
    """The whole log as stored, through the offline verifier's checks, and each row's columns
    against its bytes, the stored subtrees and the head. Evidence files are read from
    ``evidence_root`` (by default DOCUMENT_STORAGE) unless ``check_evidence`` is off."""
    root = Path(evidence_root or current_app.config["DOCUMENT_STORAGE"])
    subtrees = {
        (level, index): digest
        for level, index, digest in _rows(
            sa.select(LedgerNode.level, LedgerNode.index, LedgerNode.hash)
        )
    }
    checkpoints = _rows(
        sa.select(LedgerCheckpoint.size, LedgerCheckpoint.note, LedgerCheckpoint.root).order_by(
            LedgerCheckpoint.size
        )
    )
    verifier = Verifier(
        log_key().public_key(),
        ledger.origin(),
        checkpoints=((size, note, bytes(root)) for size, note, root in checkpoints),
        trusted=trusted,
        evidence=_stored_evidence(root) if check_evidence else None,
        subtrees=subtrees,
        progress=progress,
    )
    rows = _rows(
        sa.select(
            LedgerEntry.seq,
            LedgerEntry.entry,
            LedgerEntry.leaf_hash,
            LedgerEntry.kind,
            LedgerEntry.organisation_id,
            LedgerEntry.logged_at,
        ).order_by(LedgerEntry.seq)
    )
    for seq, data, stored_leaf, kind, owner, logged_at in rows:
        leaf, record = verifier.entry(seq, bytes(data))
        if leaf != stored_leaf:
            verifier.report(seq, _("Its leaf_hash column is not the hash of its bytes."))
        if record is not None:
            _compare_columns(verifier, seq, record, kind, owner, logged_at)
    head = db.session.get(LedgerHead, 1)
    if head is None or head.size != verifier.size:
        verifier.report(
            None,
            _(
                "The log's head says it holds %(head)s entries; it holds %(size)s.",
                head=head.size if head else 0,
                size=verifier.size,
            ),
        )
    return verifier.finish()


def _compare_columns(
    verifier: Verifier, seq: int, record: Mapping[str, Any], kind: str, owner: Any, logged_at: Any
) -> None:
    if record["kind"] != kind:
        verifier.report(
            seq,
            _(
                "Its kind column says %(column)s; its bytes say %(kind)s.",
                column=kind,
                kind=record["kind"],
            ),
        )
    column_time = logged_at.strftime(LOGGED_AT_FORMAT)
    if record["logged_at"] != column_time:
        verifier.report(
            seq,
            _(
                "Its logged_at column says %(column)s; its bytes say %(logged_at)s.",
                column=column_time,
                logged_at=record["logged_at"],
            ),
        )
    if record["body"].get("organisation") != (None if owner is None else str(owner)):
        verifier.report(seq, _("Its organisation column is not the organisation its body names."))


def _stored_evidence(root: Path) -> Callable[[Mapping[str, Any]], Path | None]:
    def lookup(item: Mapping[str, Any]) -> Path | None:
        sha256 = item.get("sha256")
        if not isinstance(sha256, str) or len(sha256) != 64 or not sha256.isalnum():
            return None
        path = blob_path(root, sha256)
        return path if path.is_file() else None

    return lookup
