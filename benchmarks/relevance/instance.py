"""A throwaway installation for the benchmark: its own SQLite file and tantivy index in a
temporary folder, set up through the product's own commands (``flask db upgrade``, ``flask catalog
import --publish``, ``flask search sync``) run as subprocesses, as an operator would run them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.relevance.judged import ROOT, JudgedSet, create_vendors

Echo = Callable[[str], None]
_IMPORTED = re.compile(r"^line (\d+): imported ")


class SetupFailed(RuntimeError):
    """A step of the installation failed; the message says which and quotes its output."""


class Instance:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.database_url = f"sqlite:///{folder / 'market.db'}"
        self.index_path = folder / "search"
        self.env = {
            "DATABASE_URL": self.database_url,
            "SEARCH_BACKEND": "tantivy",
            "SEARCH_INDEX_PATH": str(self.index_path),
            "DOCUMENT_STORAGE": str(folder / "documents"),
            "LEDGER_KEY_PATH": str(folder / "ledger-key.pem"),
            "SECRET_KEY": "bench-only-secret",
            "FLASK_APP": "market",
        }
        self._application: Any = None

    def flask(self, *args: str) -> subprocess.Popen[str]:
        """``flask ARGS`` of this interpreter's environment, against this instance."""
        flask = Path(sys.executable).with_name("flask")
        return subprocess.Popen(  # noqa: S603 - our own interpreter's flask, fixed arguments
            [str(flask), "--app", "market", *args],
            cwd=ROOT,
            env=os.environ | self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )

    def run(self, *args: str) -> list[str]:
        process = self.flask(*args)
        output, _ = process.communicate()
        if process.returncode:
            raise SetupFailed(f"flask {' '.join(args)} exited {process.returncode}:\n{output}")
        return output.splitlines()

    @contextmanager
    def app_context(self) -> Iterator[Any]:
        """The app in this process, over this instance (to create vendors and read ids back)."""
        from market.core.db import db

        with self._app().app_context():
            try:
                yield
            finally:
                db.session.remove()

    def _app(self) -> Any:
        if self._application is None:
            from market import create_app

            saved = {name: os.environ.get(name) for name in self.env}
            os.environ.update(self.env)  # build_config reads the environment
            try:
                self._application = create_app()
            finally:
                for name, value in saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value
        return self._application

    def close(self) -> None:
        """Let go of the database file (the temporary folder is removed next)."""
        if self._application is not None:
            from market.core.db import db

            with self._application.app_context():
                db.engine.dispose()

    def migrate(self) -> None:
        self.run("db", "upgrade")

    def create_vendors(self, vendors: list[dict[str, str]]) -> None:
        """Active vendor organisations through the accounts service, as ``flask orgs create``
        makes them (one interpreter start instead of one per vendor)."""
        from market.core.audit import Actor
        from market.core.db import db

        actor = Actor(user=None, address="bench-relevance", is_system=True)
        with self.app_context(), db.session.begin():
            create_vendors(vendors, actor)

    def import_products(self, judged: JudgedSet, echo: Echo) -> int:
        """``flask catalog import products.jsonl --publish``; every line must be published."""
        process = self.flask("catalog", "import", str(judged.products_file), "--publish")
        assert process.stdout is not None
        imported, problems, step = 0, [], 25
        for raw in process.stdout:
            line = raw.rstrip("\n")
            if _IMPORTED.match(line):
                imported += 1
                if imported % step == 0:
                    echo(f"      {imported} published…")
            elif line.startswith("line "):
                problems.append(line)
        process.wait()
        if process.returncode or problems:
            listed = "\n".join(problems) or "(no line named)"
            raise SetupFailed(f"flask catalog import exited {process.returncode}:\n{listed}")
        return imported

    def sync_index(self) -> str:
        """``flask search sync``: whatever the import left in the outbox (maybe nothing)."""
        lines = self.run("search", "sync")
        return lines[-1] if lines else ""

    def keys_by_id(self) -> dict[str, str]:
        """Each published listing's id → its key in the set (its live Chinese name)."""
        import sqlalchemy as sa

        from market.catalog.models import ListingState, Product, ProductVersion
        from market.core.db import db

        with self.app_context():
            rows = db.session.execute(
                sa.select(Product.id, ProductVersion.name_zh)
                .join(ProductVersion, Product.live_version_id == ProductVersion.id)
                .where(Product.state == ListingState.PUBLISHED)
            )
            return {str(product_id): name for product_id, name in rows}
