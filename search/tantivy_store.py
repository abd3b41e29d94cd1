"""The index folder: generations of tantivy indexes and a pointer to the one being served.

Layout under the root folder::

    CURRENT               name of the generation being served (replaced atomically)
    .lock                 held (flock) while a generation is created or swapped in
    v1-<time>-<pid>/      one tantivy index per generation, named after its schema version

A rebuild writes a new generation while searches keep using the current one, then swaps the
pointer; every process notices the new pointer on its next search. Only the current and the
previous generation are kept: a process that has not searched since the swap before last reopens.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import tantivy

from search.model import IndexBusy, IndexOutdated
from search.tantivy_schema import SCHEMA_VERSION, build_schema, register_tokenizers

POINTER = "CURRENT"
LOCK = ".lock"
_GENERATION_RE = re.compile(r"^v(\d+)-[0-9a-f]+-\d+$")
# Waits between attempts to take tantivy's writer lock; the last one repeats.
_WRITER_BACKOFF = (0.01, 0.02, 0.05, 0.1, 0.2)


class Generation(NamedTuple):
    name: str
    index: tantivy.Index


class IndexStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._pointer = root / POINTER
        self._lock = threading.Lock()
        self._current: Generation | None = None
        self._pointer_stamp: tuple[int, int] | None = None

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Across processes, one creator or swapper of generations at a time (flock is released
        by the kernel if the holder dies, so a crash never leaves it stuck)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def current(self) -> Generation:
        """The generation being served, reopened if another process swapped in a new one."""
        stamp = self._stamp()
        with self._lock:
            if self._current is not None and stamp == self._pointer_stamp:
                return self._current
            if stamp is None:
                self._initialise()
                stamp = self._stamp()
            name = self._pointer.read_text().strip()
            if self._current is None or self._current.name != name:
                self._current = Generation(name, self._open(name))
            self._pointer_stamp = stamp
            return self._current

    def served(self) -> str | None:
        """The name of the generation being served, if there is one."""
        try:
            return self._pointer.read_text().strip()
        except FileNotFoundError:
            return None

    def _stamp(self) -> tuple[int, int] | None:
        # os.replace gives the pointer a new inode, so (inode, mtime) changes on every swap.
        try:
            status = self._pointer.stat()
        except FileNotFoundError:
            return None
        return status.st_ino, status.st_mtime_ns

    def _initialise(self) -> None:
        """Create an empty first generation, unless another process just did."""
        with self.exclusive():
            if self._pointer.exists():
                return
            name, _ = self.create()
            self.publish(name)

    def _open(self, name: str) -> tantivy.Index:
        match = _GENERATION_RE.match(name)
        if match is None or int(match.group(1)) != SCHEMA_VERSION:
            raise IndexOutdated(
                f"the search index {name!r} is not schema version {SCHEMA_VERSION}: rebuild it"
            )
        index = tantivy.Index.open(str(self.root / name))
        register_tokenizers(index)
        return index

    def create(self) -> tuple[str, tantivy.Index]:
        """A new, empty generation (not served until ``publish``). Call inside ``exclusive``."""
        name = f"v{SCHEMA_VERSION}-{time.time_ns():x}-{os.getpid()}"
        path = self.root / name
        path.mkdir(parents=True)
        index = tantivy.Index(build_schema(), path=str(path), reuse=False)
        register_tokenizers(index)
        # An index has no meta.json to open until its first commit.
        writer = index.writer(num_threads=1)
        writer.commit()
        writer.wait_merging_threads()
        return name, index

    def publish(self, name: str) -> None:
        """Serve generation ``name`` from now on. Call inside ``exclusive``."""
        temporary = self.root / f"{POINTER}.{os.getpid()}.tmp"
        with open(temporary, "w") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self._pointer)
        directory = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def discard(self, name: str) -> None:
        shutil.rmtree(self.root / name, ignore_errors=True)

    def prune(self, keep: set[str]) -> None:
        """Delete every generation folder not in ``keep``. Call inside ``exclusive``."""
        for path in self.root.iterdir():
            if path.is_dir() and _GENERATION_RE.match(path.name) and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def forget(self) -> None:
        """Drop this process's handle on the index (its file watcher thread goes with it)."""
        with self._lock:
            self._current = None
            self._pointer_stamp = None


def acquire_writer(
    index: tantivy.Index, heap_size: int, num_threads: int, timeout: float
) -> tantivy.IndexWriter:
    """Tantivy's writer, waiting up to ``timeout`` seconds for another writer to finish."""
    deadline = time.monotonic() + timeout
    attempt = 0
    while True:
        try:
            return index.writer(heap_size=heap_size, num_threads=num_threads)
        except ValueError as error:
            if "LockBusy" not in str(error):
                raise
            if time.monotonic() >= deadline:
                raise IndexBusy("another process is writing the search index") from error
        time.sleep(_WRITER_BACKOFF[min(attempt, len(_WRITER_BACKOFF) - 1)])
        attempt += 1
