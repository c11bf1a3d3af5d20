"""Personal access tokens: shown once, stored as a SHA-256 hash, tied to one user in one organization."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from authoring.errors import NotFound, ValidationFailed
from authoring.tenancy.models import ApiToken, Membership, Organization, User

PREFIX = "tp_"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(session: Session, actor: User, now: datetime, org: Organization, name: str,
                 *, days: int | None = 90) -> tuple[ApiToken, str]:
    """Returns the row and the secret; the secret is never stored and cannot be shown again."""
    if not name.strip():
        raise ValidationFailed("Give the token a name.", {"name": ["required"]})
    if not session.execute(select(Membership.id).where(Membership.user_id == actor.id, Membership.organization_id == org.id)).first():
        raise NotFound(f"No organization '{org.slug}'.")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=actor.id, organization_id=org.id, name=name.strip()[:100], token_hash=hash_secret(secret),
        created_at=now, expires_at=now + timedelta(days=days) if days else None,
    )
    session.add(token)
    session.flush()
    return token, secret


def authenticate(session: Session, secret: str, now: datetime) -> ApiToken | None:
    """The live token for `secret`, or None (unknown, revoked, expired, or its user is disabled)."""
    if not secret.startswith(PREFIX):
        return None
    token = session.execute(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret))).scalar_one_or_none()
    if token is None or token.revoked_at is not None or (token.expires_at and token.expires_at <= now) or not token.user.is_active:
        return None
    token.last_used_at = now
    return token


def list_tokens(session: Session, user: User, org: Organization) -> list[ApiToken]:
    return list(session.execute(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.organization_id == org.id).order_by(ApiToken.created_at.desc())
    ).scalars())


def revoke(session: Session, actor: User, now: datetime, org: Organization, token_id: int) -> ApiToken:
    token = session.execute(select(ApiToken).where(
        ApiToken.id == token_id, ApiToken.user_id == actor.id, ApiToken.organization_id == org.id
    )).scalar_one_or_none()
    if token is None:
        raise NotFound(f"No token {token_id}.")
    token.revoked_at = token.revoked_at or now
    session.flush()
    return token
