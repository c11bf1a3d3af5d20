"""Sign in, sign out, choose an organization."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from authoring.db import db
from authoring.extensions import login_manager
from authoring.tenancy import services
from authoring.tenancy.models import User

bp = Blueprint("tenancy", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect a signed-in user to another site."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("tenancy.organizations")


@bp.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("tenancy.organizations"))
    return redirect(url_for("tenancy.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        user = services.authenticate(db.session, request.form.get("email", ""), request.form.get("password", ""))
        if user is None:
            error = "That email and password do not match an account."
        else:
            db.session.commit()
            login_user(user, remember=bool(request.form.get("remember")))
            return redirect(_safe_next(request.args.get("next")))
    return render_template("tenancy/login.html", error=error), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("tenancy.login"))


@bp.route("/orgs")
@login_required
def organizations():
    memberships = services.memberships_of(db.session, current_user)
    if len(memberships) == 1 and not request.args.get("all"):
        return redirect(url_for("curriculum.programs", org=memberships[0].organization.slug))
    return render_template("tenancy/organizations.html", memberships=memberships)
