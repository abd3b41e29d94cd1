"""Keeping the document store and its rows in step: ``flask catalog files sweep`` and ``check``.

``storage.store_upload`` writes the bytes before their ``stored_files`` row commits, so an upload
whose transaction rolls back leaves a file no row names, and a worker killed mid-upload leaves its
``.upload-*`` temporary file. Nothing serves either; left alone they only fill the disk. A sweep
removes them once they are older than a grace period.

A sweep must never remove bytes that a request is about to commit a row for. An upload that
finds its bytes already stored touches the file (its mtime becomes now) and writes it again if it
is gone. The sweep moves each candidate aside with one atomic rename, then looks again: touched
meanwhile, or named by a row by now, it goes back; otherwise it is deleted. An upload that touched
the file before the rename is seen by the second look; one that comes after the rename finds no
file and writes its own (the same bytes, so putting ours back over it changes nothing).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from market.catalog.evidence import Document, StoredFile
from market.catalog.storage import CHUNK, UPLOAD_PREFIX, blob_path
from market.core.db import db

_BLOB_NAME = re.compile(r"[0-9a-f]{64}")
# Where a sweep holds a candidate while it looks again (in the blob's own folder: same disk).
ASIDE_PREFIX = ".sweep-"
_BATCH = 1000


@dataclass
class SweepReport:
    removed: int = 0
    removed_bytes: int = 0
    kept_in_use: int = 0
    temporary: int = 0


def sweep_store(
    root: Path,
    older_than_s: float,
    *,
    dry_run: bool = False,
    now: float | None = None,
    progress: Callable[[str], None] = lambda _line: None,
) -> SweepReport:
    """Remove files under ``root`` that no ``stored_files`` row names, and abandoned uploads,
    when last written or touched more than ``older_than_s`` seconds ago. Runs its own short
    transactions (call it outside one)."""
    cutoff = (time.time() if now is None else now) - older_than_s
    report = SweepReport()
    if not root.is_dir():
        return report
    for leftover in root.glob(f"{UPLOAD_PREFIX}*"):
        if _modified(leftover) < cutoff:
            report.temporary += 1
            if not dry_run:
                leftover.unlink(missing_ok=True)
    _restore_set_aside(root)
    candidates = [(sha, path) for sha, path in _blobs(root) if _modified(path) < cutoff]
    for start in range(0, len(candidates), _BATCH):
        batch = dict(candidates[start : start + _BATCH])
        named = _named(batch)
        report.kept_in_use += len(named)
        for sha256, path in batch.items():
            if sha256 in named:
                continue
            size = _remove_unless_claimed(sha256, path, cutoff, dry_run=dry_run)
            if size is None:
                report.kept_in_use += 1
            else:
                report.removed += 1
                report.removed_bytes += size
        progress(f"{min(start + _BATCH, len(candidates)):,} of {len(candidates):,} looked at…")
    return report


def _remove_unless_claimed(sha256: str, path: Path, cutoff: float, *, dry_run: bool) -> int | None:
    """The size removed, or None when an upload claimed the file meanwhile (it stays)."""
    if dry_run:
        return path.stat().st_size
    aside = path.with_name(ASIDE_PREFIX + path.name)
    # FileNotFoundError at any step: another sweep took the file or put it back; it decides.
    try:
        os.replace(path, aside)
        if _modified(aside) >= cutoff or _named({sha256: aside}):
            os.replace(aside, path)
            return None
        size = aside.stat().st_size
        aside.unlink()
    except FileNotFoundError:
        return None
    return size


def _restore_set_aside(root: Path) -> None:
    """A sweep stopped between its rename and its second look leaves a file aside: put it back,
    to be looked at again like any other."""
    for aside in root.glob(f"*/*/{ASIDE_PREFIX}*"):
        with contextlib.suppress(FileNotFoundError):  # another sweep is looking at it
            os.replace(aside, aside.with_name(aside.name.removeprefix(ASIDE_PREFIX)))


def _named(batch: dict[str, Path]) -> set[str]:
    """Which of these digests a committed row names now (a transaction of its own each time, so
    rows committed since the last look are seen)."""
    with db.session.begin():
        return set(
            db.session.scalars(sa.select(StoredFile.sha256).where(StoredFile.sha256.in_(batch)))
        )


def _blobs(root: Path) -> Iterator[tuple[str, Path]]:
    for path in root.glob("*/*/*"):
        if _BLOB_NAME.fullmatch(path.name):
            yield path.name, path


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return float("inf")  # gone already: nothing to remove


@dataclass(frozen=True)
class FileProblem:
    sha256: str
    problem: str  # "missing", "wrong size" or "wrong content"
    documents: int


def check_store(
    root: Path, *, progress: Callable[[str], None] = lambda _line: None
) -> Iterator[FileProblem]:
    """Every stored file whose bytes are missing or differ from their row (size and SHA-256),
    with how many documents use it. Reads every byte; runs its own short transactions."""
    with db.session.begin():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) or 0
    checked = 0
    last: str | None = None
    while True:
        with db.session.begin():
            query = sa.select(StoredFile.sha256, StoredFile.size).order_by(StoredFile.sha256)
            if last is not None:
                query = query.where(StoredFile.sha256 > last)
            rows = db.session.execute(query.limit(_BATCH)).all()
        if not rows:
            return
        for sha256, size in rows:
            problem = _problem(blob_path(root, sha256), sha256, size)
            if problem is not None:
                yield FileProblem(sha256, problem, _documents_using(sha256))
        checked += len(rows)
        last = rows[-1].sha256
        progress(f"{checked:,} of {total:,} files checked…")


def _problem(path: Path, sha256: str, size: int) -> str | None:
    try:
        if path.stat().st_size != size:
            return "wrong size"
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except FileNotFoundError:
        return "missing"
    return None if digest.hexdigest() == sha256 else "wrong content"


def _documents_using(sha256: str) -> int:
    with db.session.begin():
        count = sa.select(sa.func.count()).select_from(Document).where(Document.sha256 == sha256)
        return db.session.scalar(count) or 0
