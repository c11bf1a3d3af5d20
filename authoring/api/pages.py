"""The personal access token page: create (the secret is shown once), list, revoke."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from authoring.api import tokens
from authoring.curriculum import policy
from authoring.db import db, utcnow
from authoring.web import org_route

bp = Blueprint("tokens", __name__, url_prefix="/o/<org>/tokens")


@bp.route("", methods=["GET", "POST"])
@org_route(*policy.READ_PUBLISHED)
def index():
    secret = None
    if request.method == "POST":
        _, secret = tokens.create_token(db.session, g.membership.user, utcnow(), g.org, request.form.get("name", ""))
        db.session.commit()
    return render_template("api/tokens.html", tokens=tokens.list_tokens(db.session, g.membership.user, g.org), secret=secret)


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@org_route(*policy.READ_PUBLISHED)
def revoke(token_id: int):
    tokens.revoke(db.session, g.membership.user, utcnow(), g.org, token_id)
    db.session.commit()
    flash("Token revoked.", "info")
    return redirect(url_for("tokens.index", org=g.org.slug))
