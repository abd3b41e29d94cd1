"""Pioneer Market: a procurement marketplace for first-set, first-batch and first-version
products. ``create_app`` builds the Flask application; nothing runs at import time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

# Flask is imported inside the functions: the offline verifier (``python -m
# market.attestations.verify``) imports this package where only Python, ``cryptography`` and
# ``rfc8785`` are installed.
ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    from flask import Flask
    from werkzeug.middleware.proxy_fix import ProxyFix

    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
    )
    from market.config import build_config

    app.config.from_mapping(build_config(Path(app.instance_path)))
    app.config.from_mapping(config or {})
    # Refuse request bodies past one document plus the form around it, before reading them.
    app.config.setdefault("MAX_CONTENT_LENGTH", app.config["MAX_DOCUMENT_BYTES"] + 512 * 1024)
    if app.config["PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=app.config["PROXY_COUNT"]
        )

    _init_extensions(app)
    _register_features(app)
    return app


def _init_extensions(app: Flask) -> None:
    from market.accounts import passwords
    from market.core import labels, permissions, web
    from market.core.db import configure_engine, db
    from market.core.extensions import babel, bootstrap, csrf, limiter, login_manager, migrate

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    passwords.init_app(app)
    login_manager.init_app(app)
    web.init_app(app)
    labels.init_app(app)
    app.add_template_global(permissions.navigation, "navigation")


def _select_locale() -> str | None:
    from flask import current_app, has_request_context, request

    from market.core.views import LANGUAGE_COOKIE

    if not has_request_context():  # CLI commands speak the default language
        return None
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages)


def _register_features(app: Flask) -> None:
    from market import attestations, catalog, discovery, procurement, trials
    from market.accounts import (
        auth,
        operator_views,  # noqa: F401 (its routes join organisation_views.bp)
        organisation_views,
    )
    from market.accounts import cli as accounts_cli
    from market.accounts import display as accounts_display
    from market.accounts import views as accounts_views
    from market.api import init_api
    from market.core import views as core_views
    from market.demo import cli as demo_cli

    auth.init_app(app)
    accounts_display.init_app(app)
    catalog.init_app(app)
    discovery.init_app(app)
    procurement.init_app(app)
    attestations.init_app(app)
    trials.init_app(app)
    app.register_blueprint(core_views.bp)
    app.register_blueprint(accounts_views.bp)
    app.register_blueprint(organisation_views.bp)
    init_api(app)
    accounts_cli.init_app(app)
    demo_cli.init_app(app)
