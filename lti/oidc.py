"""The two OIDC legs of an LTI launch, on pylti1p3, with stricter checks than its defaults.

Login: the library builds the redirect to the platform; we remember (state -> nonce, registration)
in the session, bounded, instead of letting nonces pile up in the cookie.

Launch: every check runs in a fixed order and fails with its own reason (errors.REASONS):
state, token format and algorithm, registration, signature (audience, issuer, expiry, with a small
clock leeway), nonce, deployment, message. The nonce is consumed in the database as it is checked,
so an id_token is accepted once, even when a browser replays its old cookies with it.
"""
from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import jwt
from flask import session as flask_session
from pylti1p3.contrib.flask import FlaskCookieService, FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.cookies_allowed_check import CookiesAllowedCheckPage
from pylti1p3.exception import LtiException
from pylti1p3.session import SessionService

from lti import platform_keys
from lti.errors import LaunchRefused
from lti.launch import consume_nonce, nonce_used, prefetch
from lti.models import LtiPlatform
from lti.outbound import session as http_session
from lti.tool_conf import DbToolConf, ToolRegistration

PENDING = "lti_logins"
PENDING_MAX = 6          # logins a browser may have under way at once (several iframes on a page)
PENDING_TTL = 600        # seconds from login to launch
ALGORITHMS = {"RS256", "RS384", "RS512"}
_NO_REQUESTS = http_session()  # the library builds a requests.Session per launch unless given one
REQUIRED = ["exp", "iat", "iss", "aud", "sub", "nonce"]
_LTI = "https://purl.imsglobal.org/spec/"
SHAPES = {
    _LTI + "lti/claim/roles": list, _LTI + "lti/claim/resource_link": dict, _LTI + "lti/claim/context": dict,
    _LTI + "lti/claim/custom": dict, _LTI + "lti/claim/launch_presentation": dict,
    _LTI + "lti-dl/claim/deep_linking_settings": dict, _LTI + "lti-ags/claim/endpoint": dict,
    _LTI + "lti-nrps/claim/namesroleservice": dict, "sub": str,
}


class ToolSessionService(SessionService):
    """Keeps nothing in Flask's cookie session on the library's behalf: pending logins are ours
    (bounded), launch data lives in the database, and a state is never 'valid' without its cookie."""

    def save_nonce(self, nonce: str) -> None:
        pass

    def check_nonce(self, nonce: str) -> bool:
        return False

    def save_launch_data(self, key, jwt_body) -> None:
        pass

    def get_launch_data(self, key):
        return None

    def save_state_params(self, state, params) -> None:
        pass

    def get_state_params(self, state):
        return {}

    def set_state_valid(self, state, id_token_hash) -> None:
        pass

    def check_state_is_valid(self, state, id_token_hash) -> bool:
        return False


def _services():
    request = FlaskRequest()
    return request, {"session_service": ToolSessionService(request), "cookie_service": FlaskCookieService(request)}


# -- pending logins -------------------------------------------------------------------------------
def remember_login(state: str, nonce: str, platform_id: int) -> None:
    now = time.time()
    pending = {s: p for s, p in flask_session.get(PENDING, {}).items() if now - p["t"] < PENDING_TTL}
    pending[state] = {"n": nonce, "p": platform_id, "t": now}
    flask_session[PENDING] = dict(sorted(pending.items(), key=lambda kv: kv[1]["t"])[-PENDING_MAX:])


def pending_login(state: str) -> dict | None:
    found = flask_session.get(PENDING, {}).get(state)
    if found is None or time.time() - found["t"] >= PENDING_TTL:
        return None
    return found


def forget_login(state: str) -> None:
    pending = dict(flask_session.get(PENDING, {}))
    if pending.pop(state, None) is not None:
        flask_session[PENDING] = pending


# -- login -----------------------------------------------------------------------------------------
class ToolOIDCLogin(FlaskOIDCLogin):
    def get_cookies_allowed_js_check(self):
        """The library's own cookie-check page (the Flask adapter expects a template we do not have)."""
        protocol, params = self.get_cookies_allowed_js_check_params()
        page = CookiesAllowedCheckPage(
            params, protocol, self._cookies_unavailable_msg_main_text,
            self._cookies_unavailable_msg_click_text, self._cookies_check_loading_text,
        )
        return self.get_response(page.get_html())


def login(conf: DbToolConf, launch_url: str, *, cookie_check: bool):
    request, services = _services()
    oidc = ToolOIDCLogin(request, conf, **services)
    if cookie_check:
        oidc.enable_check_cookies(
            main_msg="Your browser blocks the cookies Toolpath needs inside the LMS.",
            click_msg="Open Toolpath in a new tab.",
            loading_msg="Opening Toolpath…",
        )
        if not request.get_param("lti1p3_new_window"):
            return oidc.get_cookies_allowed_js_check()
    redirect = oidc.get_redirect_object(launch_url)
    params = parse_qs(urlsplit(redirect.get_redirect_url()).query)
    registration: ToolRegistration = oidc._registration  # noqa: SLF001 - set by the library just above
    remember_login(params["state"][0], params["nonce"][0], registration.platform.id)
    return redirect.do_redirect()


# -- launch ----------------------------------------------------------------------------------------
class ToolMessageLaunch(FlaskMessageLaunch):
    def __init__(self, conf: DbToolConf, *, leeway: int) -> None:
        request, services = _services()
        super().__init__(request, conf, requests_session=_NO_REQUESTS, **services)  # keys come from platform_keys
        self.conf = conf
        self.leeway = leeway
        self.platform: LtiPlatform | None = None
        self.known = None  # launch.Known, read with the registration
        self.pending: dict = {}
        self.state = ""

    def validate(self) -> ToolMessageLaunch:
        self._validated = True  # the library's getters re-enter validate() otherwise
        try:
            self.check_state()
            self.check_format()
            self.check_registration()
            self.check_signature()
            self.check_nonce()
            self.check_deployment()
            self.check_message()
        except Exception:
            self._validated = False
            raise
        return self

    @property
    def claims(self) -> dict:
        return self._jwt.get("body", {})

    def _refuse(self, code: str, detail: str = "") -> LaunchRefused:
        body = self._jwt.get("body") or {}
        return LaunchRefused(
            code, detail, iss=str(body.get("iss") or ""), aud=str(body.get("aud") or ""),
            deployment=str(body.get("https://purl.imsglobal.org/spec/lti/claim/deployment_id") or ""),
        )

    def check_state(self) -> None:
        self.state = self._get_request_param("state") or ""
        if not self.state:
            raise self._refuse("missing_state")
        pending = pending_login(self.state)
        if pending is None or self._cookie_service.get_cookie(self.state) != self.state:
            # Refused either way; a token whose nonce was already used gets the more useful reason.
            raise self._refuse("replayed" if self._seen_nonce() else "state_mismatch", "no pending login for this state in this browser")
        self.pending = pending

    def _seen_nonce(self) -> bool:
        try:
            nonce = jwt.decode(self._get_request_param("id_token") or "", options={"verify_signature": False}).get("nonce")
        except jwt.InvalidTokenError:
            return False
        return bool(nonce) and nonce_used(self.conf.session, str(nonce))

    def check_format(self) -> None:
        if not self._get_request_param("id_token"):
            raise self._refuse("missing_token")
        try:
            self.validate_jwt_format()
        except LtiException as exc:
            raise self._refuse("malformed_token", str(exc)) from exc
        header = self._jwt.get("header") or {}
        if not isinstance(header, dict) or not isinstance(self._jwt.get("body"), dict):
            raise self._refuse("malformed_token", "header or body is not a JSON object")
        if header.get("alg") not in ALGORITHMS:
            raise self._refuse("unsupported_algorithm", f"alg={header.get('alg')!r}")
        if not header.get("kid"):
            raise self._refuse("missing_kid")

    def check_registration(self) -> None:
        # The registration, with everything the launch will need read in the same round trip.
        self.known = prefetch(self.conf.session, self.pending["p"], self.claims)
        if self.known is None:
            raise self._refuse("unknown_platform", "the registration was removed after the login")
        platform, deployment_id = self.known.platform, self.claims.get("https://purl.imsglobal.org/spec/lti/claim/deployment_id")
        if isinstance(deployment_id, str):
            self.conf.deployments[(platform.id, deployment_id)] = self.known.deployment  # check_deployment decides
        if self.claims.get("iss") != platform.issuer:
            raise self._refuse("issuer_mismatch", f"login for {platform.issuer}")
        self.platform = platform
        self.conf.remember(platform)
        self._registration = self.conf.registration(platform)

    def check_signature(self) -> None:
        header, platform = self._jwt["header"], self.platform
        try:
            key = platform_keys.key_for(platform.keyset_url, header["kid"], header["alg"])
        except platform_keys.KeysetUnreachable as exc:
            raise self._refuse("keyset_unreachable", str(exc)) from exc
        except platform_keys.KeyNotFound as exc:
            raise self._refuse("unknown_key", str(exc)) from exc
        try:
            jwt.decode(
                self._get_id_token(), key, algorithms=[header["alg"]], audience=platform.client_id,
                issuer=platform.issuer, leeway=self.leeway, options={"require": REQUIRED},
            )
        except jwt.ExpiredSignatureError as exc:
            raise self._refuse("expired", str(exc)) from exc
        except (jwt.ImmatureSignatureError, jwt.InvalidIssuedAtError) as exc:
            raise self._refuse("not_yet_valid", str(exc)) from exc
        except jwt.InvalidAudienceError as exc:
            raise self._refuse("wrong_audience", f"{exc}; expected {platform.client_id}") from exc
        except jwt.InvalidIssuerError as exc:
            raise self._refuse("issuer_mismatch", str(exc)) from exc
        except jwt.MissingRequiredClaimError as exc:
            raise self._refuse("missing_claim", str(exc)) from exc
        except jwt.InvalidSignatureError as exc:
            raise self._refuse("bad_signature", str(exc)) from exc
        except jwt.InvalidTokenError as exc:
            raise self._refuse("malformed_token", str(exc)) from exc
        aud = self.claims["aud"]
        if isinstance(aud, list) and len(aud) > 1 and self.claims.get("azp") != platform.client_id:
            raise self._refuse("wrong_audience", "several audiences and azp is not our client id")

    def check_nonce(self) -> None:
        """Consume the nonce now (a refusal later rolls it back): its unique key makes a replay,
        even a concurrent one, fail here."""
        nonce = self.claims.get("nonce")
        if not isinstance(nonce, str) or not nonce:
            raise self._refuse("missing_claim", "nonce must be a string")
        if not consume_nonce(self.conf.session, nonce, self.claims["exp"]):
            raise self._refuse("replayed", "nonce already used")
        if nonce != self.pending["n"]:
            raise self._refuse("nonce_mismatch")

    def check_deployment(self) -> None:
        deployment_id = self.claims.get("https://purl.imsglobal.org/spec/lti/claim/deployment_id")
        if not deployment_id or not isinstance(deployment_id, str):
            raise self._refuse("missing_deployment")
        if self.conf.find_deployment_by_params(self.platform.issuer, deployment_id, self.platform.client_id) is None:
            raise self._refuse("unknown_deployment", f"deployment {deployment_id!r}")

    def check_message(self) -> None:
        for claim, kind in SHAPES.items():  # a claim of the wrong JSON type must not become a 500 later
            if claim in self.claims and not isinstance(self.claims[claim], kind):
                raise self._refuse("invalid_message", f"{claim.rsplit('/', 1)[-1]} is not a JSON {kind.__name__}")
        try:
            self.validate_message()
        except LtiException as exc:
            raise self._refuse("invalid_message", str(exc)) from exc

    def get_client_id(self) -> str:
        return self.platform.client_id if self.platform else super().get_client_id()
