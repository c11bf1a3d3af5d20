"""Organizations and people. Services take a session and flush; the caller commits."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from authoring.db import utcnow
from authoring.errors import NotFound, ValidationFailed
from authoring.tenancy.models import Membership, Organization, Role, User

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
MIN_PASSWORD = 10


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:63] or "org"


def get_org(session: Session, slug: str) -> Organization:
    org = session.execute(select(Organization).where(Organization.slug == slug)).scalar_one_or_none()
    if org is None:
        raise NotFound(f"No organization '{slug}'.")
    return org


def create_org(session: Session, name: str, slug: str | None = None) -> Organization:
    slug = slug or slugify(name)
    if not SLUG.match(slug):
        raise ValidationFailed("Invalid organization slug.", {"slug": ["lowercase letters, digits and dashes"]})
    if session.execute(select(Organization.id).where(Organization.slug == slug)).first():
        raise ValidationFailed(f"Organization '{slug}' already exists.", {"slug": ["taken"]})
    org = Organization(name=name.strip(), slug=slug)
    session.add(org)
    session.flush()
    return org


def find_user(session: Session, email: str) -> User | None:
    return session.execute(select(User).where(User.email == email.strip().lower())).scalar_one_or_none()


def create_user(session: Session, email: str, *, name: str = "", password: str | None = None) -> User:
    email = email.strip().lower()
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        raise ValidationFailed("Invalid email address.", {"email": ["not an email address"]})
    if find_user(session, email):
        raise ValidationFailed(f"A user with email {email} exists.", {"email": ["taken"]})
    user = User(email=email, name=name or email.split("@")[0])
    if password is not None:
        set_password(user, password)
    session.add(user)
    session.flush()
    return user


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationFailed(f"Password must have at least {MIN_PASSWORD} characters.", {"password": ["too short"]})
    user.set_password(password)


def grant(session: Session, user: User, org: Organization, role: Role) -> Membership:
    """Give `user` the `role` in `org` (replacing any role they had there)."""
    membership = session.execute(
        select(Membership).where(Membership.user_id == user.id, Membership.organization_id == org.id)
    ).scalar_one_or_none()
    if membership is None:
        membership = Membership(user=user, organization=org, role=role)
        session.add(membership)
    else:
        membership.role = role
    session.flush()
    return membership


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = find_user(session, email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


def memberships_of(session: Session, user: User) -> list[Membership]:
    return list(
        session.execute(
            select(Membership).join(Organization).where(Membership.user_id == user.id).order_by(Organization.name)
        ).scalars()
    )
