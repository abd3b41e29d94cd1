"""The HTTP half of the benchmark: a throwaway database, gunicorn, and a load generator.

The load generator shares the machine's two cores with the server, so it is made to cost as
little as possible: one thread and non-blocking sockets (``selectors``), requests written as
bytes, responses read only as far as their length. The 8 threads of ``http.client`` it replaces
took 0.5 ms of CPU a request, and each waited for the GIL before it could note that its answer
had come; this takes 0.2 ms. A request is timed from the moment it is sent (its connection
opened, when the server closed the last one) to the last byte of the answer.
"""

from __future__ import annotations

import os
import selectors
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import inspect as sa_inspect

from market.accounts.models import Organisation
from market.catalog.evidence import Designation, InsurancePolicy, TestReport
from market.catalog.models import Product, ProductVersion
from market.core.db import db

ROOT = Path(__file__).resolve().parents[2]
CONCURRENCY = 8
HTTP_WORKERS = 2
# A request not answered by then counts as an error (and the run ends).
REQUEST_TIMEOUT_S = 30.0


def _row(obj: Any) -> dict[str, Any]:
    mapper = sa_inspect(type(obj))
    return {attr.columns[0].key: getattr(obj, attr.key) for attr in mapper.column_attrs}


def seed_database(url: str, products: list[Product], batch: int = 5_000) -> None:
    """Create the schema and bulk-insert the listings (Core executemany, no ORM unit of work)."""
    engine = sa.create_engine(url)
    db.metadata.create_all(engine)
    vendors = {p.vendor.id: p.vendor for p in products}
    tables: list[tuple[sa.Table, list[Any]]] = [
        (Organisation.__table__, list(vendors.values())),  # type: ignore[list-item]
        (Product.__table__, products),  # type: ignore[list-item]
        (ProductVersion.__table__, [p.live_version for p in products]),  # type: ignore[list-item]
    ]
    for model, attribute in (
        (Designation, "designations"),
        (TestReport, "test_reports"),
        (InsurancePolicy, "insurance_policies"),
    ):
        items = [item for p in products for item in getattr(p.live_version, attribute)]
        tables.append((model.__table__, items))  # type: ignore[arg-type]
    with engine.begin() as connection:
        for table, objects in tables:
            rows = [_row(obj) for obj in objects]
            for start in range(0, len(rows), batch):
                connection.execute(table.insert(), rows[start : start + batch])
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(index_path: Path, database_url: str, folder: Path) -> tuple[Any, int]:
    """gunicorn serving the app over ``index_path`` and ``database_url``, once it answers."""
    port = _free_port()
    env = os.environ | {
        "SEARCH_BACKEND": "tantivy",
        "SEARCH_INDEX_PATH": str(index_path),
        "DATABASE_URL": database_url,
        "SEARCH_DRAIN_AFTER_REQUEST": "0",
        "SECRET_KEY": "bench-only-secret",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with (folder / "gunicorn.log").open("wb") as log:  # the child keeps its own copy
        server = subprocess.Popen(  # noqa: S603 - our own interpreter's gunicorn, fixed arguments
            [
                str(gunicorn),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(HTTP_WORKERS),
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {folder / 'gunicorn.log'}")
        answered = fire(port, ["/api/v1/search?q=robot"], 1)
        if answered.statuses == [200]:
            return server, port
        time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def workers_cpu_seconds(master: int) -> float | None:
    """CPU seconds used so far by the children of process ``master`` (gunicorn's workers), every
    thread included; None where there is no ``/proc`` to read it from."""
    proc = Path("/proc")
    if not (proc / str(master)).exists():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in proc.glob("[0-9]*/stat"):
        try:
            # The command name may hold spaces and parentheses: fields follow its last ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # gone meanwhile
            continue
        if int(fields[1]) == master:  # ppid; utime and stime are fields 14 and 15 of stat(5)
            total += int(fields[11]) + int(fields[12])
    return total / ticks


@dataclass
class Fired:
    """What came back, in the order the answers arrived."""

    millis: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(1 for status in self.statuses if status != 200)


@dataclass
class _Exchange:
    """One connection and the request on it."""

    sock: socket.socket
    request: bytes
    began: float
    received: bytearray = field(default_factory=bytearray)


def fire(port: int, paths: Sequence[str], concurrency: int, *, keep_bodies: bool = False) -> Fired:
    """GET every path from 127.0.0.1:``port``, ``concurrency`` requests in flight at a time.

    A connection the server keeps open takes the next request; one it closes (gunicorn's sync
    workers close every one) is replaced. A refused or broken connection is an error (status 0).
    """
    waiting = list(reversed(paths))
    fired = Fired()
    began = time.perf_counter()
    with selectors.DefaultSelector() as selector:

        def send_next(sock: socket.socket | None) -> None:
            if not waiting:
                if sock is not None:
                    sock.close()
                return
            path = waiting.pop()
            request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
            now = time.perf_counter()
            if sock is None:
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                sock.setblocking(False)
                sock.connect_ex(("127.0.0.1", port))
            selector.register(sock, selectors.EVENT_WRITE, _Exchange(sock, request, now))

        def finish(exchange: _Exchange, status: int, reusable: bool) -> None:
            fired.millis.append((time.perf_counter() - exchange.began) * 1000)
            fired.statuses.append(status)
            if keep_bodies:
                fired.bodies.append(bytes(exchange.received))
            selector.unregister(exchange.sock)
            if reusable:
                send_next(exchange.sock)
            else:
                exchange.sock.close()
                send_next(None)

        for _ in range(min(concurrency, len(paths))):
            send_next(None)
        while selector.get_map():
            events = selector.select(timeout=REQUEST_TIMEOUT_S)
            if not events:  # nothing moved for the whole timeout: the rest are errors
                for key in list(selector.get_map().values()):
                    finish(key.data, 0, reusable=False)
                waiting.clear()
                continue
            for key, mask in events:
                exchange: _Exchange = key.data
                try:
                    if mask & selectors.EVENT_WRITE:
                        sent = exchange.sock.send(exchange.request)
                        exchange.request = exchange.request[sent:]
                        if not exchange.request:
                            selector.modify(exchange.sock, selectors.EVENT_READ, exchange)
                        continue
                    chunk = exchange.sock.recv(1 << 18)
                except OSError:
                    finish(exchange, 0, reusable=False)
                    continue
                exchange.received += chunk
                answer = _answer(exchange.received, closed=not chunk)
                if answer is not None:
                    status, reusable = answer
                    finish(exchange, status, reusable and bool(chunk))
                elif not chunk:  # closed before a whole answer
                    finish(exchange, 0, reusable=False)
    fired.seconds = time.perf_counter() - began
    return fired


def _answer(received: bytearray, *, closed: bool) -> tuple[int, bool] | None:
    """``(status, connection reusable)`` once ``received`` holds a whole answer, else None."""
    end = received.find(b"\r\n\r\n")
    if end < 0:
        return None
    status_line, *header_lines = received[:end].decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    status = int(status_line.split()[1])
    reusable = headers.get("connection") != "close"
    if "content-length" in headers:
        if len(received) - end - 4 < int(headers["content-length"]):
            return None
        return status, reusable
    return (status, False) if closed else None
