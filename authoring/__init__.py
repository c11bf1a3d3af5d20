"""Toolpath: turn what an occupation demands into aligned, published curriculum."""
from __future__ import annotations

import importlib
import os
from pathlib import Path

from flask import Flask

# Blueprints, by import path ("module:attribute"); each area adds its own line.
BLUEPRINTS = (
    "authoring.tenancy.views:bp",
    "authoring.curriculum.views:bp",
    "authoring.occupations.views:bp",
    "authoring.frameworks.views:bp",
    "authoring.api.views:bp",
    "authoring.api.openapi:bp",
    "authoring.api.pages:bp",
    "authoring.interchange.views:bp",
)

# Optional packages the factory registers by name, so authoring never imports them (lti depends on us).
PLUGINS = ("lti",)

DEFAULT_INSTANCE = Path(__file__).resolve().parent.parent / "instance"


def create_app(config: dict | None = None) -> Flask:
    instance_path = Path(os.environ.get("TOOLPATH_INSTANCE_PATH", DEFAULT_INSTANCE)).resolve()
    app = Flask(__name__, instance_path=str(instance_path), instance_relative_config=True)

    from authoring.config import cookie_settings, load_config

    app.config.update(load_config(instance_path))
    if config:
        app.config.update(config)
    explicit = config or {}
    app.config.update({k: v for k, v in cookie_settings(app.config["TOOLPATH_BASE_URL"]).items() if k not in explicit})

    if app.config["TOOLPATH_PROXY_FIX"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1)  # type: ignore[method-assign]

    from authoring import models  # noqa: F401  (complete metadata before Migrate sees it)
    from authoring.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)

    from authoring import errors, web

    errors.register(app)
    web.register(app)
    for path in BLUEPRINTS:
        module, _, attribute = path.partition(":")
        app.register_blueprint(getattr(importlib.import_module(module), attribute))

    for name in PLUGINS:
        try:
            plugin = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        plugin.init_app(app)

    return app
