"""Demo seeding stores generated PDFs: keep them in the test's own folder, not instance/."""

import pytest


@pytest.fixture(autouse=True)
def document_storage(request, tmp_path, monkeypatch):
    if "app" in request.fixturenames:  # only tests that run the app store documents
        app = request.getfixturevalue("app")
        monkeypatch.setitem(app.config, "DOCUMENT_STORAGE", str(tmp_path / "documents"))
    return tmp_path / "documents"
