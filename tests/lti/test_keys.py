"""Tool keys: in the database with a kid, published as a JWKS, rotated with a grace period."""
from __future__ import annotations

from datetime import timedelta

import jwt
from sqlalchemy import delete

from authoring.db import utcnow


def _fresh(db_session):
    from lti.models import LtiKey

    db_session.execute(delete(LtiKey))  # rolled back after the test
    db_session.flush()


def test_jwks_publishes_rsa_keys_with_kid_and_no_private_parts(client, db_session):
    _fresh(db_session)
    response = client.get("/lti/jwks")
    assert response.status_code == 200 and response.cache_control.max_age == 300
    (key,) = response.get_json()["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig" and key["kid"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)


def test_rotation_keeps_the_old_key_published_until_it_retires(db_session):
    from lti import keys

    _fresh(db_session)
    now = utcnow()
    old = keys.signing_key(db_session)
    new, replaced = keys.rotate(db_session, now, timedelta(hours=72))
    assert replaced == [old] and keys.signing_key(db_session) == new
    assert {k["kid"] for k in keys.jwks(db_session, now)["keys"]} == {old.kid, new.kid}
    later = now + timedelta(hours=73)
    assert {k["kid"] for k in keys.jwks(db_session, later)["keys"]} == {new.kid}
    assert keys.purge_retired(db_session, later) == 1


def test_kid_is_the_rfc7638_thumbprint(db_session):
    from jwcrypto.jwk import JWK

    from lti import keys

    key = keys.generate_key(db_session)
    assert key.kid == JWK(**{k: key.public_jwk[k] for k in ("kty", "n", "e")}).thumbprint()


def test_what_we_sign_verifies_with_the_published_key(db_session):
    from lti import keys

    _fresh(db_session)
    key = keys.signing_key(db_session)
    token = jwt.encode({"hello": "lms"}, key.private_pem, algorithm="RS256", headers={"kid": key.kid})
    (published,) = keys.jwks(db_session, utcnow())["keys"]
    assert jwt.decode(token, jwt.PyJWK(published).key, algorithms=["RS256"]) == {"hello": "lms"}


def test_no_private_key_is_kept_in_the_repository():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    for name in tracked:
        path = root / name
        if path.suffix in {".py", ".json", ".yaml", ".yml", ".pem", ".key", ".txt", ".md", ".html", ".ini"} and path.is_file():
            assert "PRIVATE KEY-----" not in path.read_text(errors="ignore").replace('"PRIVATE KEY-----"', ""), name
