"""The log checked as it streams by, entry by entry, in one pass (``merkle.Frontier``)."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from market.attestations import merkle
from market.attestations.notes import BadNote, Checkpoint
from market.attestations.verify.canonical import NotCanonical, parse_entry, record_problem
from market.attestations.verify.checks import EntryChecks, EvidenceLookup, Report

PROGRESS_EVERY = 10_000
# (size, note, the root stored beside it or None)
CheckpointRow = tuple[int, str, bytes | None]


class Verifier(EntryChecks):
    """The log checked as it streams by: feed ``entry`` (the bytes) or ``leaf`` (only the leaf
    hash: another organisation's entry) for each position in order, then ``finish``. Every
    checkpoint (``checkpoints``, ascending by size) is checked when the log reaches its size;
    ``subtrees`` (level, index) -> root, when given, are the stored subtrees proofs are built
    from. Each hash and signature is computed once; problems of a run (a chain broken from one
    entry on) are reported where the run begins."""

    def __init__(
        self,
        log_key: Ed25519PublicKey,
        origin: str,
        *,
        checkpoints: Iterable[CheckpointRow] = (),
        trusted: Iterable[str] = (),
        evidence: EvidenceLookup | None = None,
        subtrees: Mapping[tuple[int, int], bytes] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(log_key, origin, evidence=evidence)
        self._frontier = merkle.Frontier()
        self._root = merkle.EMPTY_ROOT
        self._checkpoints: Iterator[CheckpointRow] = iter(checkpoints)
        self._pending: CheckpointRow | None = None
        self._started_checkpoints = False
        self._subtrees = subtrees
        self._progress = progress
        self.checkpoints_verified = 0
        self._last_checkpoint = 0  # the largest size checked
        self._last_seq = -1  # the seq the previous entry was given as
        self._offset = 0  # its record's seq minus its position
        self._logged_at: str | None = None  # of the latest entry whose record was read
        self._last_logged_at: str | None = None  # of the previous position, if read
        self._chain_ok = self._checkpoints_ok = self._subtrees_ok = True
        self._trusted: list[tuple[int, bytes]] = []
        for number, note in enumerate(trusted, 1):
            try:
                kept = Checkpoint.open(note, origin, log_key, origin)
            except BadNote as exc:
                self.report(None, f"trusted checkpoint {number} is not the log's: {exc}")
            else:
                self._trusted.append((kept.size, kept.root))
        self._trusted.sort()
        self._trusted_at(0)

    @property
    def size(self) -> int:
        return self._frontier.size

    def entry(self, seq: int, data: bytes) -> tuple[bytes, dict[str, Any] | None]:
        """An entry's bytes, given as entry ``seq``; returns its leaf hash and its record (None
        when it is not a canonical record)."""
        position = self._frontier.size
        self._position(position, seq)
        leaf = merkle.leaf_hash(data)
        record = self._record(position, seq, data)
        self._append(leaf, None if record is None else record["logged_at"])
        return leaf, record

    def leaf(self, seq: int, leaf_hash: bytes) -> None:
        """Another organisation's entry: its leaf hash only."""
        self._position(self._frontier.size, seq)
        self._append(leaf_hash, None)

    def _position(self, position: int, seq: int) -> None:
        if not self._started_checkpoints:
            self._started_checkpoints = True
            self._checkpoints_up_to(0)
        last = self._last_seq
        if seq != position and seq != last + 1:  # a new break, not the same offset going on
            if seq > last + 1:
                gone = (
                    "missing"
                    if seq == last + 2
                    else f"missing, and so are the {seq - last - 2} after it"
                )
                self.report(last + 1, f"{gone}: the log goes from entry {last} to entry {seq}")
            else:
                self.report(seq, f"it comes again, or out of order, after entry {last}")
        self._last_seq = seq

    def _record(self, position: int, seq: int, data: bytes) -> dict[str, Any] | None:
        try:
            record, signed = parse_entry(data)
        except NotCanonical as exc:
            self.report(seq, f"its bytes are not canonical JSON (RFC 8785): {exc}")
            self._chain_ok = False
            return None
        problem = record_problem(record)
        if problem is not None:
            self.report(seq, problem)
            self._chain_ok = False
            return None
        offset = record["seq"] - position
        if record["seq"] != seq and offset != self._offset:
            self.report(
                seq,
                f"its record says it is entry {record['seq']}: entries were removed, "
                "inserted, renumbered or swapped",
            )
        self._offset = offset
        if record["prev_root"] != base64.b64encode(self._root).decode():
            if self._chain_ok:
                self.report(
                    seq,
                    f"its prev_root is not the root of the {position} entries before it: "
                    "an earlier entry was changed, removed, inserted or moved",
                )
            self._chain_ok = False
        else:
            self._chain_ok = True
        logged_at = record["logged_at"]
        if self._logged_at is not None and logged_at < self._logged_at:
            self.report(
                seq,
                f"logged at {logged_at}, before the entry before it ({self._logged_at}): "
                "time went backwards",
            )
        self._logged_at = logged_at
        self.content(seq, record, signed)  # type: ignore[arg-type]
        return record

    def _append(self, leaf: bytes, logged_at: str | None) -> None:
        position = self._frontier.size
        completed = self._frontier.append(leaf)
        if self._subtrees is not None:
            self._check_subtrees(position, completed)
        self._root = self._frontier.root()
        self._last_logged_at = logged_at
        size = position + 1
        if self._progress is not None and size % PROGRESS_EVERY == 0:
            self._progress(size)
        self._checkpoints_up_to(size)
        if self._trusted and self._trusted[0][0] == size:
            self._trusted_at(size)

    def _check_subtrees(self, position: int, completed: list[tuple[int, bytes]]) -> None:
        for width, digest in completed:
            start = position + 1 - width
            stored = self._subtrees.get((width.bit_length() - 1, start // width))  # type: ignore[union-attr]
            if stored == digest:
                self._subtrees_ok = True
            elif self._subtrees_ok:
                self._subtrees_ok = False
                state = "is missing" if stored is None else "is not their root"
                self.report(
                    position,
                    f"the stored subtree of entries {start}..{position} {state}: "
                    "proofs served from it would fail",
                )

    def _next_checkpoint(self) -> CheckpointRow | None:
        if self._pending is None:
            self._pending = next(self._checkpoints, None)
        return self._pending

    def _checkpoints_up_to(self, size: int) -> None:
        while (pending := self._next_checkpoint()) is not None and pending[0] <= size:
            self._pending = None
            if pending[0] < size or (pending[0] == self._last_checkpoint and size > 0):
                self.report(None, f"a checkpoint of size {pending[0]} is out of order")
            else:
                self._checkpoint(*pending)

    def _checkpoint(self, size: int, note: str, stored_root: bytes | None) -> None:
        self._last_checkpoint = size
        last = size - 1 if size else None
        try:
            checkpoint = Checkpoint.open(note, self.origin, self.log_key, self.origin)
        except BadNote as exc:
            self.report(last, f"the checkpoint of size {size} is not the log key's: {exc}")
            return
        if checkpoint.size != size:
            self.report(last, f"the checkpoint given as size {size} counts {checkpoint.size}")
            return
        if stored_root is not None and stored_root != checkpoint.root:
            self.report(last, f"the checkpoint of size {size} is stored beside another root")
        if checkpoint.root != self._root:
            if self._checkpoints_ok:
                self.report(
                    last,
                    f"the log key's checkpoint of size {size} does not match the "
                    f"entries: entry {last} (or one before it) is not what was logged",
                )
            self._checkpoints_ok = False
            return
        self._checkpoints_ok = True
        logged_at = self._last_logged_at
        if None not in (checkpoint.logged_at, logged_at) and checkpoint.logged_at != logged_at:
            self.report(last, f"logged at {logged_at}, its checkpoint says {checkpoint.logged_at}")
        self.checkpoints_verified += 1

    def _trusted_at(self, size: int) -> None:
        while self._trusted and self._trusted[0][0] == size:
            _size, root = self._trusted.pop(0)
            if root != self._root:
                self.report(
                    size - 1 if size else None,
                    f"the first {size} entries do not match the "
                    f"checkpoint of size {size} the auditor kept: the log was rewritten",
                )

    def finish(self) -> Report:
        """The report, once every entry has been fed."""
        size = self._frontier.size
        if not self._started_checkpoints:
            self._started_checkpoints = True
            self._checkpoints_up_to(0)
        beyond = []
        while (pending := self._next_checkpoint()) is not None:
            self._pending = None
            beyond.append(pending[0])
        if beyond:
            counted = (
                "a checkpoint counts" if len(beyond) == 1 else f"{len(beyond)} checkpoints count"
            )
            self.report(
                size,
                f"{counted} entries past the log's end (up to {max(beyond)}): entries from "
                f"{size} on are missing",
            )
        if size > self._last_checkpoint:
            self.report(
                self._last_checkpoint,
                f"entries {self._last_checkpoint}..{size - 1} are in no "
                "checkpoint the log key signed",
            )
        for kept, _root in self._trusted:
            self.report(
                size,
                f"entries {size}..{kept - 1} are missing: the auditor kept a checkpoint of "
                f"size {kept}, the log ends after {size} entries (truncated)",
            )
        self._trusted = []
        elapsed = time.perf_counter() - self.started
        return Report(self.problems, size, self.checkpoints_verified, elapsed)
