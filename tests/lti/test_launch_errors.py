"""Every way a launch can be wrong ends in a clear 4xx page with a reason and an incident id, is
logged, signs nobody in and creates no user. Tokens are forged here with the platform's key (or
another), against a real login made by a real browser session."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from sqlalchemy import func, select

from tests.lti.helpers import CLAIM, INCIDENT
from tests.lti.platform import LEARNER, MEMBERSHIP, rsa_pair


class Login:
    """A browser that went through Toolpath's OIDC login for `platform` and holds state + nonce."""

    def __init__(self, tool, platform, **params) -> None:
        self.tool, self.platform = tool, platform
        self.s = requests.Session()
        query = {"iss": platform.iss, "login_hint": "someone", "target_link_uri": f"{tool.base}/lti/launch",
                 "client_id": platform.client_id, "lti_message_hint": "m", **params}
        self.login = self.s.get(f"{tool.base}/lti/login", params=query, allow_redirects=False)
        location = parse_qs(urlsplit(self.login.headers.get("Location", "")).query)
        self.state = location.get("state", [""])[0]
        self.nonce = location.get("nonce", [""])[0]
        self.sub = f"sub-{uuid.uuid4().hex}"

    def claims(self, **changes) -> dict:
        now = int(time.time())
        claims = {
            "iss": self.platform.iss, "aud": self.platform.client_id, "azp": self.platform.client_id, "sub": self.sub,
            "exp": now + 300, "iat": now, "nonce": self.nonce, "name": "Forged Person", "email": f"{self.sub}@x.example",
            CLAIM + "deployment_id": self.platform.deployment_id, CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "version": "1.3.0", CLAIM + "roles": [LEARNER], CLAIM + "resource_link": {"id": "rl-forged"},
            CLAIM + "target_link_uri": f"{self.tool.base}/lti/launch",
        }
        claims.update(changes)
        return {k: v for k, v in claims.items() if v is not None}

    def sign(self, claims: dict, *, key: str | None = None, kid: str | None = None, alg: str = "RS256") -> str:
        return jwt.encode(claims, key or self.platform.private_key, algorithm=alg, headers={"kid": kid or self.platform.kid()})

    def post(self, id_token: str | None, state: str | None = "same") -> requests.Response:
        data = {"id_token": id_token, "state": self.state if state == "same" else state}
        return self.s.post(f"{self.tool.base}/lti/launch", data={k: v for k, v in data.items() if v is not None}, allow_redirects=False)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict, claims: dict, signature: bytes = b"") -> str:
    return ".".join([b64(json.dumps(header).encode()), b64(json.dumps(claims).encode()), b64(signature)])


def users(tool) -> int:
    from authoring.tenancy.models import User

    with tool.db() as session:
        return session.execute(select(func.count(User.id))).scalar_one()


def assert_refused(tool, response: requests.Response, code: str, session: requests.Session, users_before: int, caplog, status: int | None = None):
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:500])
    if status:
        assert response.status_code == status
    assert f"<code>{code}</code>" in response.text, response.text
    incident = INCIDENT.search(response.text).group(1)
    assert any(incident in r.getMessage() and code in r.getMessage() for r in caplog.records), "the refusal is logged"
    assert users(tool) == users_before, "no user was created"
    assert "session" not in response.cookies, "no session was started"
    assert "/login" in session.get(f"{tool.base}/orgs", allow_redirects=False).headers["Location"], "nobody is signed in"


@pytest.fixture()
def lti_log(caplog):
    caplog.set_level(logging.WARNING, logger="lti")
    return caplog


def _another_key_same_kid(login: Login) -> str:
    return login.sign(login.claims(), key=rsa_pair()[0])


def _tampered(login: Login) -> str:
    header, payload, signature = login.sign(login.claims()).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims[CLAIM + "roles"] = [MEMBERSHIP + "Administrator"]  # promote oneself
    return ".".join([header, b64(json.dumps(claims).encode()), signature])


def _alg_none(login: Login) -> str:
    return unsigned({"alg": "none", "typ": "JWT", "kid": login.platform.kid()}, login.claims())


def _hs256_with_public_key(login: Login) -> str:
    """The key-confusion attack: HMAC-sign with the platform's public key as the shared secret."""
    header = {"alg": "HS256", "typ": "JWT", "kid": login.platform.kid()}
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(login.claims()).encode())}"
    signature = hmac.new(login.platform.public_key.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


CASES = {
    "bad_signature": _another_key_same_kid,
    "tampered": _tampered,
    "expired": lambda l: l.sign(l.claims(exp=int(time.time()) - 3600, iat=int(time.time()) - 4000)),
    "not_yet_valid": lambda l: l.sign(l.claims(iat=int(time.time()) + 3600, exp=int(time.time()) + 4000)),
    "wrong_audience": lambda l: l.sign(l.claims(aud="some-other-tool", azp=None)),
    "two_audiences_wrong_azp": lambda l: l.sign(l.claims(aud=[l.platform.client_id, "other"], azp="other")),
    "issuer_mismatch": lambda l: l.sign(l.claims(iss="https://evil.example")),
    "unknown_deployment": lambda l: l.sign(l.claims(**{CLAIM + "deployment_id": "dep-b"})),
    "nonce_mismatch": lambda l: l.sign(l.claims(nonce="not-the-login-nonce")),
    "alg_none": _alg_none,
    "hs256": _hs256_with_public_key,
    "unknown_key": lambda l: l.sign(l.claims(), kid="no-such-kid"),
    "malformed": lambda l: "not.a-jwt",
    "missing_claim": lambda l: l.sign(l.claims(exp=None)),
    "no_role": lambda l: l.sign(l.claims(**{CLAIM + "roles": [MEMBERSHIP + "Mentor"]})),
    "invalid_message": lambda l: l.sign(l.claims(**{CLAIM + "resource_link": None})),
    "context_not_an_object": lambda l: l.sign(l.claims(**{CLAIM + "context": "course-1"})),
    "roles_not_a_list": lambda l: l.sign(l.claims(**{CLAIM + "roles": "Learner"})),
    "numeric_sub": lambda l: l.sign(l.claims(sub=12345)),
}
EXPECTED = {
    "tampered": "bad_signature", "alg_none": "unsupported_algorithm", "hs256": "unsupported_algorithm",
    "two_audiences_wrong_azp": "wrong_audience", "malformed": "malformed_token",
    "context_not_an_object": "invalid_message", "roles_not_a_list": "invalid_message", "numeric_sub": "malformed_token",  # PyJWT: sub must be a string
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_forged_or_broken_tokens_are_refused(tool, platform_a, lti_log, case):
    login = Login(tool, platform_a)
    assert login.login.status_code == 302 and login.state and login.nonce
    before = users(tool)
    response = login.post(CASES[case](login))
    assert_refused(tool, response, EXPECTED.get(case, case), login.s, before, lti_log)


def test_a_well_formed_launch_is_accepted_and_a_small_clock_skew_tolerated(tool, platform_a):
    login = Login(tool, platform_a)
    response = login.post(login.sign(login.claims(iat=int(time.time()) + 20)))  # the LMS clock runs 20 s ahead
    assert response.status_code == 303 and "/lti/l/" in response.headers["Location"]
    page = login.s.get(f"{tool.base}{urlsplit(response.headers['Location']).path}")
    assert page.status_code == 200 and "Signed in as Forged Person" in page.text


def test_replayed_id_token_is_refused_even_in_the_same_browser(tool, platform_a, lti_log):
    login = Login(tool, platform_a)
    token = login.sign(login.claims())
    cookies_before_launch = login.s.cookies.copy()  # the browser state a replay would bring back
    assert login.post(token).status_code == 303
    before = users(tool)

    again = login.post(token)  # the same browser posts the same token again
    assert_refused(tool, again, "replayed", requests.Session(), before, lti_log)

    replay = requests.Session()
    replay.cookies.update(cookies_before_launch)  # even with the pre-launch session and state cookies restored
    response = replay.post(f"{tool.base}/lti/launch", data={"id_token": token, "state": login.state}, allow_redirects=False)
    assert_refused(tool, response, "replayed", requests.Session(), before, lti_log)


def test_missing_and_mismatched_state(tool, platform_a, lti_log):
    login, other = Login(tool, platform_a), Login(tool, platform_a)
    before = users(tool)
    assert_refused(tool, login.post(login.sign(login.claims()), state=None), "missing_state", login.s, before, lti_log, 400)
    # the state of a login another browser made
    assert_refused(tool, login.post(login.sign(login.claims()), state=other.state), "state_mismatch", login.s, before, lti_log, 403)
    # a token posted without any login in this browser (no state cookie, no pending login)
    stranger = requests.post(f"{tool.base}/lti/launch", data={"id_token": login.sign(login.claims()), "state": login.state})
    assert_refused(tool, stranger, "state_mismatch", requests.Session(), before, lti_log, 403)
    # no id_token at all
    assert_refused(tool, login.post(None), "missing_token", login.s, before, lti_log, 400)


@pytest.mark.parametrize("params, code", [
    ({"iss": "https://unknown-lms.example"}, "unknown_platform"),
    ({"client_id": "unknown-client"}, "unknown_platform"),
    ({"login_hint": ""}, "bad_login_request"),
    ({"target_link_uri": "https://evil.example/steal"}, "foreign_target"),
])
def test_bad_login_requests_are_refused(tool, platform_a, lti_log, params, code):
    before = users(tool)
    login = Login(tool, platform_a, **params)
    assert_refused(tool, login.login, code, login.s, before, lti_log, 400)


def test_launch_is_get_only_refused_cleanly(tool):
    response = requests.get(f"{tool.base}/lti/launch")
    assert response.status_code == 405
