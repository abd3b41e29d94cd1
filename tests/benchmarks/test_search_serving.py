"""The benchmark's load generator: every request answered once, kept-alive connections reused."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from benchmarks.search.serving import fire


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the answer says close
    connections: ClassVar[set[tuple[str, int]]] = set()

    def do_GET(self) -> None:
        _Handler.connections.add(self.client_address)
        status = 500 if self.path.startswith("/fail") else 200
        body = self.path.encode() * 1000  # longer than one read
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        if self.path.endswith("close"):
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def port() -> Iterator[int]:
    _Handler.connections = set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_every_path_is_asked_once_and_answered_whole(port: int) -> None:
    paths = [f"/item/{number}" for number in range(40)]

    fired = fire(port, paths, 4, keep_bodies=True)

    assert fired.statuses == [200] * 40
    assert len(fired.millis) == 40
    assert {body.count(b"/item/") for body in fired.bodies} == {1000}
    # Four connections carried the forty requests.
    assert len(_Handler.connections) == 4


def test_a_closed_connection_is_replaced_and_errors_are_counted(port: int) -> None:
    paths = ["/a?close", "/fail", "/b?close", "/fail?close", "/c"]

    fired = fire(port, paths, 2)

    assert sorted(fired.statuses) == [200, 200, 200, 500, 500]
    assert fired.errors == 2


def test_a_refused_connection_is_an_error_not_a_hang() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        unused = probe.getsockname()[1]

    fired = fire(unused, ["/x", "/y"], 2)

    assert fired.statuses == [0, 0]
