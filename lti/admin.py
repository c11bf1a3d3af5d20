"""The LMS connections page for an organization's administrators."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for

from authoring.db import db
from authoring.tenancy.models import Role
from authoring.web import org_route
from lti import registration
from lti.urls import tool_urls

bp = Blueprint("lti_admin", __name__, url_prefix="/o/<org>/lti", template_folder="templates")


@bp.route("")
@org_route(Role.admin)
def platforms():
    urls = tool_urls()
    return render_template(
        "lti/admin.html", urls=urls, platforms=registration.list_platforms(db.session, g.org),
        register_url=urls.register(registration.invitation(current_app.secret_key, g.org)),
    )


@bp.route("/platforms", methods=["POST"])
@org_route(Role.admin)
def add_platform():
    form = request.form
    platform = registration.add_platform(
        db.session, g.org, issuer=form.get("issuer", ""), client_id=form.get("client_id", ""),
        auth_login_url=form.get("auth_login_url", ""), auth_token_url=form.get("auth_token_url", ""),
        keyset_url=form.get("keyset_url", ""), deployment_ids=form.get("deployment_ids", "").replace(",", " ").split(),
        name=form.get("name", ""), auth_audience=form.get("auth_audience") or None, via="admin",
    )
    db.session.commit()
    flash(f"Saved the registration for {platform.name}.", "info")
    return redirect(url_for(".platforms", org=g.org.slug))


@bp.route("/platforms/<int:platform_id>/delete", methods=["POST"])
@org_route(Role.admin)
def remove_platform(platform_id: int):
    platform = registration.get_platform(db.session, platform_id, g.org)
    registration.remove_platform(db.session, platform)
    db.session.commit()
    flash(f"Removed {platform.name}. Its links in the LMS stop working.", "info")
    return redirect(url_for(".platforms", org=g.org.slug))


@bp.route("/platforms/<int:platform_id>/deployments/delete", methods=["POST"])
@org_route(Role.admin)
def remove_deployment(platform_id: int):
    platform = registration.get_platform(db.session, platform_id, g.org)
    registration.remove_deployment(db.session, platform, request.form.get("deployment_id", ""))
    db.session.commit()
    flash("Removed the deployment.", "info")
    return redirect(url_for(".platforms", org=g.org.slug))
