"""The attestation log's two costs that grow: appending, and verifying.

Appends: N attestations signed by a registered officer's key (its signatures made beforehand:
the PIN's Argon2 and the signing are the signer's cost, not the log's), each appended by
``ledger.append`` in its own committed transaction into a fresh database; beside them, in the
same database and run, N bare single-row inserts of an entry's size, each committed: the floor
any durable append stands on. Target: appends at least half as fast.

Verifying: a log of ENTRIES built the way ``ledger.append`` builds it (real signatures by the
officer, and by the log key on every checkpoint), bulk-loaded into a fresh SQLite database;
the organisation's bundle exported and verified by the offline verifier, and the live check
run, each timed beside the bare cryptography verifying cannot avoid: per entry a leaf hash and
the tree's node hashes (a Frontier's appends and roots), an Ed25519 verification of the signer
and one of the checkpoint note, timed alone over inputs prepared outside the timer. Target: at
most 1.5 times. Last, the reads of inclusion proofs through ``StoredTree``, beside 2*log2(n).
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import math
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import flask_migrate
import rfc8785
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import Flask

from market import create_app
from market.accounts.models import Organisation, User
from market.attestations import bundles, ledger, merkle, signing_keys
from market.attestations.keys import SigningKey
from market.attestations.log_key import log_key
from market.attestations.models import LedgerCheckpoint, LedgerEntry, LedgerHead, LedgerNode
from market.attestations.notes import Checkpoint
from market.attestations.pins import Costs, Sealed, unseal
from market.attestations.verify import LOGGED_AT_FORMAT, parse_entry, verify_bundle
from market.config import normalise_database_url
from market.core.audit import Actor
from market.core.db import db, utcnow
from market.demo.cli import seed_accounts

PASSWORD = "Bench-ledger-2026"  # noqa: S105 (the throwaway database's demo logins)
PIN, ADMIN_PIN = "482915", "735102"
APPENDS_TARGET, VERIFY_TARGET = 0.5, 1.5
CHUNK = 5_000
Echo = Callable[[str], None]
# RFC 8785 for these bodies (no floats, no characters beyond the BMP), at C speed; checked
# against rfc8785 itself on the first entries.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def run(appends: int, entries: int, echo: Echo) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-ledger-") as name:
        folder = Path(name)
        rates = []
        for label, url, cleanup in _databases(folder):
            try:
                rates.append((label, *_append_rates(folder / label, url, appends, echo)))
            finally:
                cleanup()
        verifying = _verify_times(folder / "verify", entries, echo)
    echo("")
    echo(f"Appends, {appends:,} signed attestations, one committed transaction each:")
    for label, appended, bare in rates:
        ratio = appended / bare
        verdict = "meets" if ratio >= APPENDS_TARGET else "misses"
        echo(
            f"  {label:<10} {appended:8.0f} appends/s   bare inserts {bare:8.0f}/s   "
            f"ratio {ratio:.2f} ({verdict} the target of >= {APPENDS_TARGET})"
        )
    echo(f"Verifying {entries:,} entries (one checkpoint each):")
    bare = verifying["bare cryptography"]
    for label in ("offline bundle", "live (flask ledger verify)"):
        ratio = verifying[label] / bare
        verdict = "meets" if ratio <= VERIFY_TARGET else "misses"
        echo(
            f"  {label:<27} {verifying[label]:6.1f} s   bare cryptography {bare:6.1f} s   "
            f"ratio {ratio:.2f} ({verdict} the target of <= {VERIFY_TARGET})"
        )
    echo(
        f"Inclusion proofs in {entries:,}: at most {verifying['reads']:.0f} reads each, "
        f"2*log2(n) = {2 * math.log2(entries):.1f}"
    )


def _databases(folder: Path) -> Iterator[tuple[str, str, Callable[[], None]]]:
    yield "SQLite", f"sqlite:///{folder / 'appends.db'}", lambda: None
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        base, schema = normalise_database_url(url), f"bench_ledger_{os.getpid()}"
        engine = sa.create_engine(base)
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {schema}"))

        def drop() -> None:
            with engine.begin() as connection:
                connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            engine.dispose()

        separator = "&" if "?" in base else "?"
        yield "PostgreSQL", f"{base}{separator}options=-csearch_path%3D{schema}", drop


def _app(folder: Path, url: str) -> Flask:
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SEARCH_INDEX_PATH": str(folder / "search"),
            "DOCUMENT_STORAGE": str(folder / "documents"),
            "LEDGER_KEY_PATH": str(folder / "ledger-key.pem"),
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
            "RATELIMIT_ENABLED": False,
        }
    )
    # Alembic's log of each migration is not the benchmark's output.
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):
        flask_migrate.upgrade()
    return app


def _signer() -> tuple[Organisation, Ed25519PrivateKey, str]:
    """The demo buyer's admin enrolled as registrar, its officer's key registered: the
    organisation, the officer's private key (unsealed once) and its key id."""
    with db.session.begin():
        seed_accounts(PASSWORD)
    admin, officer = (
        db.session.scalar(sa.select(User).where(User.email == f"{login}@buyer1.demo"))
        for login in ("admin", "officer")
    )
    registrar = signing_keys.create_key(Actor(admin), ADMIN_PIN)
    signing_keys.enroll_registrar(registrar, Actor(admin))
    key: SigningKey = signing_keys.create_key(Actor(officer), PIN)
    signing_keys.register_key(key, Actor(admin), ADMIN_PIN)
    db.session.commit()
    sealed = Sealed(key.sealed_private, key.salt, key.nonce, Costs.from_json(key.kdf))
    private = Ed25519PrivateKey.from_private_bytes(unseal(sealed, PIN, key.public_key))
    return officer.organisation, private, key.key_id  # type: ignore[return-value]


def _body(organisation: Organisation, number: int, signed_at: datetime) -> dict[str, Any]:
    """An attestation's body of a realistic size (about 2 KB of canonical JSON)."""
    return {
        "format": "pioneer-market/attestation/1",
        "organisation": str(organisation.id),
        "case": str(uuid.uuid4()),
        "attestation": str(uuid.uuid4()),
        "kind": "decision",
        "number": number,
        "signed_at": signed_at.isoformat(),
        "policy": {"basis": "依据《首台（套）重大技术装备推广应用指导目录》试用采购。" * 2},
        "procedure": {
            "steps": [{"step": f"case.step{n}", "at": signed_at.isoformat()} for n in range(8)],
            "case_state": "decided",
        },
        "decision": {"result": "approved", "votes": {"for": 3, "against": 0}},
        "rationale": "该产品经过充分论证，风险可控。" * 3,
        "evidence": [
            {
                "document": str(uuid.uuid4()),
                "name": f"report-{n}.pdf",
                "type": "application/pdf",
                "size": 120_000 + n,
                "sha256": f"{number:032x}{n:032x}",
            }
            for n in range(3)
        ],
    }


def _signed(body: dict[str, Any], private: Ed25519PrivateKey, key_id: str) -> dict[str, str]:
    return {"key_id": key_id, "signature": b64(private.sign(_CANONICAL(body).encode()))}


# -- appends -----------------------------------------------------------------------------------


def _append_rates(folder: Path, url: str, count: int, echo: Echo) -> tuple[float, float]:
    app = _app(folder, url)
    with app.app_context():
        organisation, private, key_id = _signer()
        echo(f"[{app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}] signing {count:,} bodies")
        signed = []
        for number in range(count):
            body = _body(organisation, number, utcnow())
            signed.append((body, _signed(body, private, key_id)))
        bare = _bare_inserts(count, rfc8785.dumps(signed[0][0]), echo)
        owner = organisation.id  # read once: after each commit the row would be read again
        began = time.perf_counter()
        for number, (body, signer) in enumerate(signed, 1):
            ledger.append("attestation.filed", body, signer, organisation_id=owner)
            db.session.commit()
            if number % 2_000 == 0:
                echo(f"  {number:,} appends, {number / (time.perf_counter() - began):.0f}/s")
        appended = count / (time.perf_counter() - began)
        report = bundles.verify_live(check_evidence=False)
        assert report.ok, report.problems[:5]
        db.engine.dispose()
    return appended, bare


def _bare_inserts(count: int, payload: bytes, echo: Echo) -> float:
    table = sa.Table(
        "bench_bare_inserts",
        sa.MetaData(),
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("data", sa.LargeBinary),
    )
    table.create(db.session.connection())
    db.session.commit()
    began = time.perf_counter()
    for number in range(count):
        db.session.execute(table.insert().values(id=number, data=payload))
        db.session.commit()
    rate = count / (time.perf_counter() - began)
    echo(f"  {count:,} bare inserts, {rate:.0f}/s")
    return rate


# -- verifying ---------------------------------------------------------------------------------


def _verify_times(folder: Path, entries: int, echo: Echo) -> dict[str, float]:
    app = _app(folder, f"sqlite:///{folder / 'verify.db'}")
    times: dict[str, float] = {}
    with app.app_context():
        organisation, private, key_id = _signer()
        public = private.public_key()
        _build(entries, organisation, private, key_id, echo)
        began = time.perf_counter()
        bundles.write_bundle(organisation, folder / "bundle")
        echo(f"exported the bundle in {time.perf_counter() - began:.1f} s; verifying it")
        log_public = log_key().public_key()
        report = verify_bundle(folder / "bundle", log_public, progress=_progress(echo))
        assert report.ok, report.problems[:5]
        times["offline bundle"] = report.seconds
        echo(f"  verified {report.entries:,} entries in {report.seconds:.1f} s; live now")
        report = bundles.verify_live(check_evidence=False, progress=_progress(echo))
        assert report.ok, report.problems[:5]
        times["live (flask ledger verify)"] = report.seconds
        echo(f"  verified live in {report.seconds:.1f} s; the bare cryptography now")
        times["bare cryptography"] = _bare_cryptography(folder / "bundle", public, log_public)
        times["reads"] = _proof_reads(entries)
        db.engine.dispose()
    return times


def _progress(echo: Echo) -> Callable[[int], None]:
    return lambda size: echo(f"    {size:,} entries verified")


def _build(
    entries: int, organisation: Organisation, private: Ed25519PrivateKey, key_id: str, echo: Echo
) -> None:
    """The log grown to ``entries`` as ``ledger.append`` would grow it, loaded in bulk."""
    origin, key = ledger.origin(), log_key()
    leaves = db.session.scalars(sa.select(LedgerEntry.leaf_hash).order_by(LedgerEntry.seq))
    frontier = merkle.Frontier()
    frontier.extend(leaves)
    clock = utcnow()
    rows: dict[type, list[dict[str, Any]]] = {LedgerEntry: [], LedgerNode: [], LedgerCheckpoint: []}
    began = time.perf_counter()
    for seq in range(frontier.size, entries):
        clock += timedelta(milliseconds=1)
        body = _body(organisation, seq, clock - timedelta(milliseconds=300))
        logged_at = clock.strftime(LOGGED_AT_FORMAT)
        record = {
            "seq": seq,
            "prev_root": b64(frontier.root()),
            "logged_at": logged_at,
            "kind": "attestation.filed",
            "body": body,
            "signer": _signed(body, private, key_id),
        }
        data = _CANONICAL(record).encode()
        if seq < 10:
            assert data == rfc8785.dumps(record)
        leaf = merkle.leaf_hash(data)
        for width, digest in frontier.append(leaf):
            start = seq + 1 - width
            rows[LedgerNode].append(
                {"level": width.bit_length() - 1, "index": start // width, "hash": digest}
            )
        root = frontier.root()
        rows[LedgerEntry].append(
            {
                "seq": seq,
                "entry": data,
                "leaf_hash": leaf,
                "kind": "attestation.filed",
                "organisation_id": organisation.id,
                "logged_at": clock,
            }
        )
        note = Checkpoint(origin, seq + 1, root, logged_at).signed(origin, key)
        rows[LedgerCheckpoint].append(
            {"size": seq + 1, "root": root, "note": note, "created_at": clock}
        )
        if len(rows[LedgerEntry]) == CHUNK or seq == entries - 1:
            for model, chunk in rows.items():
                if chunk:
                    db.session.execute(sa.insert(model), chunk)
                chunk.clear()
            head = [[width, digest.hex()] for width, digest in frontier.stack]
            db.session.execute(sa.update(LedgerHead).values(size=frontier.size, frontier=head))
            db.session.commit()
            if (seq + 1) % 10_000 < CHUNK:
                rate = (seq + 1) / (time.perf_counter() - began)
                echo(f"  built {seq + 1:,} entries ({rate:.0f}/s)")


def _bare_cryptography(
    bundle: Path, officer: Ed25519PublicKey, log_public: Ed25519PublicKey
) -> float:
    """The hashes and signature checks verifying does, timed alone: the inputs are read and
    prepared outside the timer."""
    seconds = 0.0
    frontier = merkle.Frontier()
    with (
        (bundle / "entries.jsonl").open("rb") as entries,
        (bundle / "checkpoints.jsonl").open("rb") as checkpoints,
    ):
        for entry_line, checkpoint_line in zip(entries, checkpoints, strict=True):
            data = json.loads(entry_line)["entry"].encode()
            record, signed_body = parse_entry(data)
            signer = base64.b64decode(record["signer"]["signature"])
            note = json.loads(checkpoint_line)["note"]
            text, _blank, stamp = note.rpartition("\n\n")
            note_signature = base64.b64decode(stamp.rsplit(" ", 1)[1])[4:]
            text_bytes = (text + "\n").encode()
            key = log_public if record["signer"].get("log") else officer
            began = time.perf_counter()
            frontier.append(merkle.leaf_hash(data))
            frontier.root()
            if record["kind"] != "key.registered":  # signed by the registrar: one such entry
                key.verify(signer, signed_body)  # type: ignore[arg-type]
            log_public.verify(note_signature, text_bytes)
            seconds += time.perf_counter() - began
    return seconds


def _proof_reads(entries: int) -> float:
    latest = ledger.checkpoint()
    assert latest is not None
    tree = ledger.StoredTree()
    most = 0
    for seq in (0, 1, 12_345 % entries, entries // 3, entries // 2, entries - 2, entries - 1):
        tree.reads = 0
        path = tree.inclusion_path(seq, latest.size)
        leaf = db.session.scalar(sa.select(LedgerEntry.leaf_hash).where(LedgerEntry.seq == seq))
        assert merkle.verify_inclusion(leaf, seq, latest.size, path, latest.root)
        most = max(most, tree.reads)
    return float(most)
