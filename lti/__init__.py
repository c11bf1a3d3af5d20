"""LTI 1.3 Advantage tool (registered by the app factory when present; authoring never imports it)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Tables, blueprints (with their own error pages), CSRF exemptions and `toolpath lti ...`."""
    from authoring.delivery import models as _delivery  # noqa: F401  (tables in the metadata)
    from authoring.extensions import csrf
    from authoring.web import add_admin_link
    from lti import models as _models  # noqa: F401
    from lti import admin, cli, pages, views

    secure = app.config.get("TOOLPATH_BASE_URL", "").startswith("https://")
    app.config.setdefault("LTI_CLOCK_LEEWAY", 60)   # seconds; LMS clocks drift
    app.config.setdefault("LTI_COOKIE_CHECK", secure)  # the check page matters only in HTTPS iframes

    # Platforms POST these cross-site; their integrity comes from state, nonce and signatures.
    for view in (views.login, views.launch, views.register):
        csrf.exempt(view)
    app.register_blueprint(views.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(admin.bp)
    app.cli.add_command(cli.lti)
    add_admin_link(app, "LMS connections", "lti_admin.platforms")
