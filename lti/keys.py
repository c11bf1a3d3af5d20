"""The tool's RSA keys: generated into the database (never the repository), published as a JWKS.

Rotation publishes a new key at once and keeps signing with it; the old key stays published until
it retires, because platforms cache our JWKS and may still verify tokens signed just before.
"""
from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from lti.models import LtiKey

KEY_BITS = 2048
DEFAULT_GRACE = timedelta(days=3)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def thumbprint(jwk: dict) -> str:
    """RFC 7638 JWK thumbprint: a kid that anyone can recompute from the public key."""
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"), sort_keys=True)
    return _b64(hashlib.sha256(canonical.encode()).digest())


def generate_key(session: Session) -> LtiKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    jwk = RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
    kid = thumbprint(jwk)
    key = LtiKey(kid=kid, private_pem=pem, public_jwk={**jwk, "kid": kid, "alg": "RS256", "use": "sig"})
    session.add(key)
    session.flush()
    return key


def signing_key(session: Session) -> LtiKey:
    """The newest key not rotated out; the first one is made on first use."""
    key = session.execute(
        select(LtiKey).where(LtiKey.retires_at.is_(None)).order_by(LtiKey.created_at.desc(), LtiKey.id.desc()).limit(1)
    ).scalar_one_or_none()
    return key if key is not None else generate_key(session)


def published_keys(session: Session, now: datetime) -> list[LtiKey]:
    return list(
        session.execute(
            select(LtiKey).where(or_(LtiKey.retires_at.is_(None), LtiKey.retires_at > now)).order_by(LtiKey.id)
        ).scalars()
    )


def jwks(session: Session, now: datetime) -> dict:
    keys = published_keys(session, now)
    if not keys:
        keys = [signing_key(session)]
    return {"keys": [key.public_jwk for key in keys]}


def rotate(session: Session, now: datetime, grace: timedelta = DEFAULT_GRACE) -> tuple[LtiKey, list[LtiKey]]:
    """A new signing key; the keys it replaces stay published for `grace`."""
    replaced = list(session.execute(select(LtiKey).where(LtiKey.retires_at.is_(None))).scalars())
    for key in replaced:
        key.retires_at = now + grace
    session.flush()
    return generate_key(session), replaced


def purge_retired(session: Session, now: datetime) -> int:
    """Forget keys whose grace period is over (their private halves are no use to anyone)."""
    result = session.execute(delete(LtiKey).where(LtiKey.retires_at.is_not(None), LtiKey.retires_at <= now))
    return result.rowcount or 0
