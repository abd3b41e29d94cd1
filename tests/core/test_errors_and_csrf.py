"""Errors answer as pages for people and as JSON for the API; forms need their CSRF token."""

import pytest

from market import create_app
from tests.conftest import PASSWORD, TEST_CONFIG


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_a_form_without_its_csrf_token_is_refused(client, make_user, csrf_on):
    user = make_user()

    response = client.post("/login", data={"email": user.email, "password": PASSWORD})

    assert response.status_code == 400
    assert "did not come from this site" in response.text
    assert "Welcome" not in client.get("/").text


def test_a_form_with_its_csrf_token_works(client, make_user, csrf_on):
    import re

    user = make_user()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )

    assert response.status_code == 302


def test_the_api_needs_no_csrf_token_because_it_takes_bearer_tokens_only(
    client, make_user, csrf_on
):
    user = make_user()
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201


def test_unknown_pages_are_404_pages_and_unknown_api_paths_are_json(client):
    page = client.get("/no/such/page")
    api = client.get("/api/v1/no/such/thing")

    assert page.status_code == 404
    assert "Not found" in page.text
    assert api.status_code == 404
    assert api.json["error"]["code"] == "not_found"


def test_an_unexpected_error_is_a_500_page_or_json_and_never_a_traceback(tmp_path):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})

    @app.get("/boom")
    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("kaboom")

    client = app.test_client()
    page = client.get("/boom")
    api = client.get("/api/v1/boom")

    assert page.status_code == 500
    assert "Something went wrong" in page.text
    assert "kaboom" not in page.text
    assert api.status_code == 500
    assert api.json["error"]["code"] == "internal_error"


def test_health_check_answers_503_when_the_database_is_unreachable():
    app = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/none"}
    )

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}
