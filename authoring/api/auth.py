"""Who is calling the API: a bearer token (API clients) or the signed-in session (the editor's JS).

Tokens carry their organization: a token used on another organization's URL gets 404, as if the
organization did not exist. Session calls that change things must carry the page's CSRF token.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import abort, current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from wtforms import ValidationError

from authoring.api import tokens
from authoring.db import db, utcnow
from authoring.tenancy.models import Membership, Organization, Role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _caller():
    """(user, token organization id or None); aborts 401 when nobody is signed in."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        token = tokens.authenticate(db.session, secret.strip(), utcnow()) if scheme.lower() == "bearer" else None
        if token is None:
            abort(401, "The API token is missing, unknown, expired or revoked.")
        return token.user, token.organization_id
    if not current_user.is_authenticated:
        abort(401, "Sign in or send 'Authorization: Bearer <token>'.")
    if request.method not in SAFE_METHODS and current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(request.headers.get("X-CSRFToken", ""))
        except ValidationError as exc:
            raise CSRFError(str(exc)) from exc
    return current_user._get_current_object(), None


def api_route(*roles: Role) -> Callable:
    """Like web.org_route, for /api/v1/orgs/<org>/...: sets g.actor, g.org and g.membership."""
    allowed = set(roles) | {Role.admin}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            user, token_org_id = _caller()
            membership = db.session.execute(
                select(Membership).join(Organization).where(Organization.slug == kwargs.pop("org"), Membership.user_id == user.id)
            ).scalar_one_or_none()
            if membership is None or (token_org_id is not None and membership.organization_id != token_org_id):
                abort(404, "No such organization.")
            if membership.role not in allowed:
                abort(403, "Your role in this organization does not allow this.")
            g.actor, g.membership, g.org = user, membership, membership.organization
            return view(*args, **kwargs)

        wrapper.org_roles = allowed  # read by the permissions test
        return wrapper

    return decorator


def api_member(*roles: Role) -> Callable:
    """For routes that touch no organization's data (the outcome checker): any membership with one of
    `roles` will do (the token's own organization for token calls)."""
    allowed = set(roles) | {Role.admin}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            user, token_org_id = _caller()
            query = select(Membership.role).where(Membership.user_id == user.id)
            if token_org_id is not None:
                query = query.where(Membership.organization_id == token_org_id)
            if not set(db.session.execute(query).scalars()) & allowed:
                abort(403, "Your role does not allow this.")
            g.actor = user
            return view(*args, **kwargs)

        wrapper.org_roles = allowed
        return wrapper

    return decorator
