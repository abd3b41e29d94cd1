"""``flask catalog files sweep`` removes bytes no row names (uploads rolled back) and abandoned
uploads once they are old, and never bytes an upload is committing; ``flask catalog files check``
finds stored files missing or changed."""

import hashlib
import io
import os
import time

import pytest

from market.catalog import editing, file_upkeep
from market.catalog.evidence import DocumentVisibility
from market.catalog.storage import UPLOAD_PREFIX, blob_path, store_upload
from market.core.audit import Actor
from market.core.db import db
from tests.catalog.test_storage import PDF_BYTES

DAY = 24 * 3600
OTHER_PDF = PDF_BYTES.replace(b"1.4", b"1.7")


@pytest.fixture
def run(app, db_session):
    def invoke(*args):
        return app.test_cli_runner().invoke(args=["catalog", "files", *args])

    return invoke


def uploaded(storage, content, *, commit):
    """Store ``content`` as an upload does; commit its row, or roll it back as a failed request
    would (leaving the bytes behind)."""
    stored, _name = store_upload(io.BytesIO(content), "a.pdf", storage, 1 << 20)
    sha256 = stored.sha256
    if commit:
        db.session.commit()
    else:
        db.session.rollback()
    return blob_path(storage, sha256)


def age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_rolled_back_upload_is_swept_once_old_and_a_committed_one_stays(run, storage):
    kept = uploaded(storage, PDF_BYTES, commit=True)
    orphan = uploaded(storage, OTHER_PDF, commit=False)
    age(kept, 2 * DAY)
    age(orphan, 2 * DAY)

    result = run("sweep")

    assert result.exit_code == 0, result.output
    assert "1 unreferenced file(s) removed (" in result.output
    assert "1 in use kept" in result.output
    assert not orphan.exists()
    assert kept.read_bytes() == PDF_BYTES


def test_recent_files_stay_whatever_names_them(run, storage):
    orphan = uploaded(storage, OTHER_PDF, commit=False)
    age(orphan, 3600)  # an hour: inside the default grace of a day

    result = run("sweep")

    assert "0 unreferenced file(s) removed" in result.output
    assert orphan.exists()
    assert run("sweep", "--older-than", "0.5").exit_code == 2  # at least an hour
    assert "1 unreferenced file(s) removed" in run("sweep", "--older-than", "1").output
    assert not orphan.exists()


def test_an_upload_abandoned_mid_way_is_swept_once_old(run, storage):
    storage.mkdir(parents=True)
    abandoned = storage / f"{UPLOAD_PREFIX}abc123"
    abandoned.write_bytes(PDF_BYTES[:10])
    in_flight = storage / f"{UPLOAD_PREFIX}def456"
    in_flight.write_bytes(PDF_BYTES[:10])
    age(abandoned, 2 * DAY)

    result = run("sweep")

    assert "1 abandoned upload(s) removed" in result.output
    assert not abandoned.exists()
    assert in_flight.exists()


def test_a_dry_run_counts_and_removes_nothing(run, storage):
    orphan = uploaded(storage, OTHER_PDF, commit=False)
    age(orphan, 2 * DAY)

    result = run("sweep", "--dry-run")

    assert f"1 unreferenced file(s) would be removed ({len(OTHER_PDF)} bytes)" in result.output
    assert orphan.exists()


def test_bytes_an_upload_reuses_are_kept_while_it_commits(db_session, storage):
    orphan = uploaded(storage, OTHER_PDF, commit=False)
    age(orphan, 2 * DAY)
    # The same bytes uploaded again: the request has not committed its row yet.
    store_upload(io.BytesIO(OTHER_PDF), "again.pdf", storage, 1 << 20)
    db.session.rollback()  # (the sweep runs its own transactions; in a real run, another process)

    report = file_upkeep.sweep_store(storage, DAY)

    assert report.removed == 0
    assert orphan.read_bytes() == OTHER_PDF


def test_a_row_committed_between_the_two_looks_keeps_the_file(db_session, storage, monkeypatch):
    orphan = uploaded(storage, OTHER_PDF, commit=False)
    age(orphan, 2 * DAY)
    first_look = file_upkeep._named
    looks = []

    def named(batch):
        looks.append(set(batch))
        found = first_look(batch)
        if len(looks) == 1:  # right after the first look, an upload of the bytes commits
            store_upload(io.BytesIO(OTHER_PDF), "again.pdf", storage, 1 << 20)
            db.session.commit()
            age(orphan, 2 * DAY)  # as if its touch were lost: only the second look saves it
        return found

    monkeypatch.setattr(file_upkeep, "_named", named)

    report = file_upkeep.sweep_store(storage, DAY)

    assert len(looks) == 2  # the second look found the row
    assert report.removed == 0
    assert orphan.read_bytes() == OTHER_PDF
    assert not list(storage.rglob(f"{file_upkeep.ASIDE_PREFIX}*"))


def test_a_file_a_stopped_sweep_left_aside_is_put_back(db_session, storage):
    kept = uploaded(storage, PDF_BYTES, commit=True)
    kept.rename(kept.with_name(file_upkeep.ASIDE_PREFIX + kept.name))

    file_upkeep.sweep_store(storage, DAY)

    assert kept.read_bytes() == PDF_BYTES


def test_check_reports_missing_and_changed_files_and_exits_1(
    run, storage, make_product, vendor_staff
):
    intact = uploaded(storage, PDF_BYTES, commit=True)
    product = make_product()
    for title in ("Type test certificate", "Inspection report"):
        editing.attach_document(
            product,
            stream=io.BytesIO(OTHER_PDF),
            filename="report.pdf",
            title=title,
            visibility=DocumentVisibility.PUBLIC,
            storage_root=storage,
            max_bytes=1 << 20,
            actor=Actor(user=vendor_staff),
        )
    db.session.commit()
    missing = blob_path(storage, hashlib.sha256(OTHER_PDF).hexdigest())
    changed = uploaded(storage, PDF_BYTES.replace(b"1.4", b"1.5"), commit=True)
    missing.unlink()
    changed.write_bytes(changed.read_bytes().replace(b"obj", b"jbo"))

    result = run("check")

    assert result.exit_code == 1
    assert f"missing: {missing.name} (2 document(s))" in result.output
    assert f"wrong content: {changed.name} (0 document(s))" in result.output
    assert intact.name not in result.output
    assert "3 of 3 files checked" in result.output
    assert "2 problem(s)" in result.output


def test_check_passes_on_an_intact_store(run, storage):
    uploaded(storage, PDF_BYTES, commit=True)

    result = run("check")

    assert result.exit_code == 0, result.output
    assert "0 problem(s)" in result.output
