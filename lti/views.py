"""The LTI protocol endpoints: OIDC login, launch, JWKS, Canvas configuration, dynamic registration."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import login_user

from authoring.db import db, utcnow
from lti import errors, keys, launch as launches, oidc
from lti.errors import LaunchRefused
from lti.registration import ToolDynamicRegistration, canvas_config, invited_org, register_dynamically
from lti.tool_conf import DbToolConf
from lti.urls import tool_urls

bp = Blueprint("lti", __name__, url_prefix="/lti", template_folder="templates")
errors.register(bp)


@bp.route("/login", methods=["GET", "POST"])
def login():
    urls = tool_urls()
    target = request.values.get("target_link_uri", "")
    if not request.values.get("iss") or not request.values.get("login_hint"):
        raise LaunchRefused("bad_login_request", "iss and login_hint are required")
    if target != urls.launch and not target.startswith(urls.launch + "?"):
        raise LaunchRefused("foreign_target", target[:200])
    return oidc.login(DbToolConf(db.session), urls.launch, cookie_check=current_app.config["LTI_COOKIE_CHECK"])


@bp.route("/launch", methods=["POST"])
def launch():
    message = oidc.ToolMessageLaunch(DbToolConf(db.session), leeway=current_app.config["LTI_CLOCK_LEEWAY"]).validate()
    launched = launches.complete(db.session, message.known, message.claims, utcnow())
    db.session.expunge(launched.user)  # keep it loaded through the commit: signing in then costs no query
    db.session.commit()
    oidc.forget_login(message.state)
    login_user(launched.user)
    response = redirect(url_for("lti_pages.resource", token=launched.token), 303)  # reloads must not re-post the token
    response.delete_cookie(f"lti1p3-{message.state}", path="/", secure=request.is_secure, httponly=True,
                           samesite="None" if request.is_secure else None, partitioned=request.is_secure)
    return response


@bp.route("/jwks")
def jwks():
    body = keys.jwks(db.session, utcnow())
    db.session.commit()  # the first request creates the first key
    response = jsonify(body)
    response.cache_control.public, response.cache_control.max_age = True, 300
    return response


@bp.route("/config/canvas.json")
def canvas_json():
    return jsonify(canvas_config(tool_urls()))


@bp.route("/register", defaults={"invitation": ""})
@bp.route("/register/<invitation>")
def register(invitation: str):
    org = invited_org(db.session, current_app.secret_key, invitation)
    openid_configuration = request.args.get("openid_configuration", "")
    if not openid_configuration:
        raise LaunchRefused("registration_failed", "open this address from the LMS's 'register a tool' page")
    urls = tool_urls()
    keys.signing_key(db.session)
    db.session.commit()  # the LMS may fetch our keys while we wait for it: nothing of ours may be pending
    flow = ToolDynamicRegistration(
        urls, openid_configuration, request.args.get("registration_token"), allow_http=not urls.base.startswith("https://")
    )
    platform = register_dynamically(db.session, org, flow)
    db.session.commit()
    return render_template("lti/registered.html", platform=platform, org=org)
