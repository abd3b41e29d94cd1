"""The auditor's page of the log: verify now, the downloads, and a kept checkpoint checked
against today's log (consistent; the log shorter than it; a note the log's key never signed);
nobody but an auditor of a buyer opens it."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import sqlalchemy as sa

from market.attestations import ledger
from market.attestations.models import LedgerCheckpoint, LedgerEntry, LedgerHead
from market.core.db import db
from tests.attestations.case_fixtures import file_decision


def test_the_auditor_verifies_and_downloads(signed_case, as_user):
    case, buyer, _keys = signed_case
    file_decision(case, buyer)
    db.session.commit()
    auditor = as_user(buyer.auditor)
    page = auditor.get("/ledger").get_data(as_text=True)
    assert f'id="log-size">{ledger.size()}<' in page

    verified = auditor.post("/ledger/verify").get_data(as_text=True)
    assert "The log verifies" in verified

    note = auditor.get("/ledger/checkpoint.txt")
    assert note.status_code == 200
    assert note.get_data(as_text=True) == ledger.checkpoint().note

    bundle = auditor.get("/ledger/bundle.zip")
    assert bundle.status_code == 200
    with zipfile.ZipFile(io.BytesIO(bundle.get_data())) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read(next(n for n in names if n.endswith("manifest.json"))))
    assert manifest["tree_size"] == ledger.size()
    assert any(n.endswith("entries.jsonl") for n in names)
    key = auditor.get("/ledger/log-key.pem")
    assert key.get_data().startswith(b"-----BEGIN PUBLIC KEY-----")


def test_a_kept_checkpoint_is_checked_against_todays_log(signed_case, as_user):
    case, buyer, _keys = signed_case
    kept = ledger.checkpoint().note
    file_decision(case, buyer)
    db.session.commit()
    auditor = as_user(buyer.auditor)
    answer = auditor.post("/ledger/consistency", data={"note": kept.replace("\n", "\r\n")})
    assert answer.status_code == 200
    assert "Consistent: today" in answer.get_data(as_text=True)

    forged = kept.replace(kept.split("\n")[1], "9999", 1)
    refused = auditor.post("/ledger/consistency", data={"note": forged})
    assert refused.status_code == 422
    assert "is not a checkpoint the log" in refused.get_data(as_text=True)


def test_a_log_shorter_than_the_kept_checkpoint_is_reported(signed_case, as_user, app):
    case, buyer, _keys = signed_case
    file_decision(case, buyer)
    db.session.commit()
    kept = ledger.checkpoint()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    # An operator cuts the last entry, its checkpoint and nodes, and winds the head back.
    db.session.execute(sa.delete(LedgerEntry).where(LedgerEntry.seq == kept.size - 1))
    db.session.execute(sa.delete(LedgerCheckpoint).where(LedgerCheckpoint.size == kept.size))
    db.session.execute(sa.update(LedgerHead).values(size=kept.size - 1))
    db.session.commit()
    answer = as_user(buyer.auditor).post("/ledger/consistency", data={"note": kept.note})
    assert "fewer than the" in answer.get_data(as_text=True)
    assert "entries were removed" in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("reader", "status"),
    [
        ("auditor", 200),
        ("officer", 403),
        ("approver", 403),
        ("requester", 403),
        ("admin", 403),
        ("vendor", 403),
    ],
)
def test_only_auditors_open_the_log_page(people, as_user, reader, status):
    _buyer, users = people
    client = as_user(users[reader])
    for url in ("/ledger", "/ledger/checkpoint.txt", "/ledger/bundle.zip"):
        response = client.get(url)
        assert response.status_code in ((status,) if status == 403 else (200, 404)), url
    assert as_user(None).get("/ledger").status_code == 302


def test_verify_now_names_the_entry_that_was_changed(signed_case, as_user):
    case, buyer, _keys = signed_case
    attestation = file_decision(case, buyer)
    db.session.commit()
    row = db.session.get(LedgerEntry, attestation.filed_seq)
    changed = row.entry.replace(b"precision", b"precisian", 1)
    assert changed != row.entry
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    db.session.execute(
        sa.update(LedgerEntry).where(LedgerEntry.seq == row.seq).values(entry=changed)
    )
    db.session.commit()
    page = as_user(buyer.auditor).post("/ledger/verify").get_data(as_text=True)
    assert "The log does not verify" in page
    assert f"Entry {attestation.filed_seq}:" in page
