"""What every page shares: the current organization, access checks, iframe-friendly headers."""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import Flask, abort, g
from flask_login import current_user
from sqlalchemy import select

from authoring.db import db
from authoring.tenancy.models import Membership, Organization, Role

# Who may do what, by role. Admins may do everything.
READ_ALL_DRAFTS = {Role.admin, Role.author, Role.reviewer}
READ_PUBLISHED = READ_ALL_DRAFTS | {Role.teacher}


def membership_for(org_slug: str) -> Membership:
    """The signed-in user's membership in `org_slug`; 404 otherwise (no hint the org exists)."""
    if not current_user.is_authenticated:
        abort(401)
    membership = db.session.execute(
        select(Membership)
        .join(Organization)
        .where(Organization.slug == org_slug, Membership.user_id == current_user.id)
    ).scalar_one_or_none()
    if membership is None:
        abort(404)
    return membership


def org_route(*roles: Role) -> Callable:
    """Decorate a view whose URL has <org>: sets g.org and g.membership, checks the role."""
    allowed = set(roles) | {Role.admin}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            membership = membership_for(kwargs.pop("org"))
            if roles and membership.role not in allowed:
                abort(403)
            g.membership = membership
            g.org = membership.organization
            return view(*args, **kwargs)

        wrapper.org_roles = allowed if roles else set(Role)  # read by the permissions test
        return wrapper

    return decorator


def add_admin_link(app: Flask, label: str, endpoint: str) -> None:
    """Let a plugin (lti) put a page in an organization admin's navigation without authoring importing it."""
    app.extensions.setdefault("toolpath_admin_links", []).append((label, endpoint))


def register(app: Flask) -> None:
    @app.after_request
    def frame_headers(response):
        # Toolpath runs inside LMS iframes: allow framing, but only of our pages by https LMSs.
        response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'self' https: http://localhost:* http://127.0.0.1:*")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        return response

    @app.context_processor
    def inject_org():
        return {
            "org": g.get("org"),
            "membership": g.get("membership"),
            "Role": Role,
            "admin_links": app.extensions.get("toolpath_admin_links", []),
        }
