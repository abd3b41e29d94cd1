"""Fixtures for the browser journeys: the real application on a local port, and Debian's Chromium
driven by Playwright.

The server runs in a thread of the test process, against a SQLite file of its own built by the
migrations and seeded with the demo accounts. It commits like production does, so the savepoint
fixtures of tests/conftest.py are not used here: journeys in one session share the database and
each creates its own organisations and people, with names unique to the run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Playwright, Response, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

from market import create_app
from market.core.db import db
from market.demo.cli import seed_accounts

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000

# The password of every seeded demo account, among them the operator admin.
DEMO_PASSWORD = "Demo-e2e-2026"
OPERATOR_ADMIN = "admin@operator.demo"

E2E_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "e2e-secret-key",
    # A real browser posts real forms: CSRF stays on, as in production.
    "WTF_CSRF_ENABLED": True,
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 8,
    "ARGON2_PARALLELISM": 1,
    "RATELIMIT_STORAGE_URI": "memory://",
    # Served over plain http://127.0.0.1, where a Secure cookie would never come back.
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SECURE": False,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _reset_throttle() -> None:
    """Shadows any suite-wide autouse fixture of this name, which would need the
    database-parametrized ``app``: browser journeys run once, against the live server's own
    application, and sign in correctly, so the throttle never counts against them."""


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("e2e")
    app = create_app(
        {
            **E2E_CONFIG,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'market.db'}",
            # The search index and uploads of the journeys stay out of instance/.
            "SEARCH_INDEX_PATH": str(folder / "search"),
            "DOCUMENT_STORAGE": str(folder / "documents"),
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        with db.session.begin():
            seed_accounts(DEMO_PASSWORD)
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """The base URL, e.g. http://127.0.0.1:41234, of the application served in a thread."""
    server: BaseWSGIServer = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        message = (
            "Debian's chromium is not installed (apt-get install chromium); "
            "browser journeys skipped"
        )
        if os.environ.get("REQUIRE_CHROMIUM") == "1":
            pytest.fail(message)
        pytest.skip(message)
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright, live_server: str) -> Iterator[Browser]:
    # Depends on live_server so that the browser, and its keep-alive connections, go first.
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh browser context (no cookies) and page per test, on the live server's address.

    A server error on any page the test loads fails the test, even when the test's own
    assertions did not look at that page.
    """
    context = browser.new_context(base_url=live_server, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    server_errors: list[str] = []

    def record_server_error(response: Response) -> None:
        if response.status >= 500:
            server_errors.append(f"{response.status} {response.request.method} {response.url}")

    context.on("response", record_server_error)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not server_errors, f"the server answered with errors: {server_errors}"
