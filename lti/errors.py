"""Launch failures: a clear 4xx page with the reason and an incident id, logged, never a 500.

Error handlers are registered on the LTI blueprints only; the rest of the app keeps its own.
"""
from __future__ import annotations

import logging
import uuid

import requests
from flask import Blueprint, render_template, session
from pylti1p3.exception import LtiException, LtiServiceException, OIDCException

from authoring.db import db

log = logging.getLogger("lti")

# code -> (HTTP status, what the person in front of the LMS should read)
REASONS: dict[str, tuple[int, str]] = {
    "bad_login_request": (400, "The LMS started the launch without the parameters LTI requires."),
    "foreign_target": (400, "The LMS asked to launch an address that is not Toolpath's."),
    "unknown_platform": (400, "This LMS (issuer and client id) is not registered with Toolpath."),
    "missing_state": (400, "The launch arrived without its state parameter."),
    "state_mismatch": (403, "This launch was not started from this browser, or it took more than ten minutes. Open the link in the LMS again."),
    "missing_token": (400, "The launch arrived without an id_token."),
    "malformed_token": (400, "The id_token is not a well-formed JSON Web Token."),
    "unsupported_algorithm": (403, "The id_token is not signed with RS256; Toolpath refuses unsigned and shared-secret (HS256) tokens."),
    "missing_kid": (400, "The id_token does not say which key signed it (no kid)."),
    "issuer_mismatch": (403, "The id_token comes from a different issuer than the one that started the launch."),
    "unknown_key": (403, "The LMS's published keys do not include the key that signed this id_token."),
    "keyset_unreachable": (502, "Toolpath could not fetch the LMS's public keys. Try again in a minute."),
    "bad_signature": (403, "The id_token's signature does not match its contents: it was altered or signed with another key."),
    "expired": (403, "The id_token has expired. Open the link in the LMS again."),
    "not_yet_valid": (403, "The id_token is dated in the future; the LMS's clock may be wrong."),
    "wrong_audience": (403, "The id_token was issued for another tool (its audience is not this registration's client id)."),
    "missing_claim": (400, "The id_token lacks a claim LTI requires."),
    "replayed": (403, "This launch has already been used. Open the link in the LMS again."),
    "nonce_mismatch": (403, "The id_token does not answer the login this browser started (nonce mismatch)."),
    "missing_deployment": (400, "The id_token names no deployment."),
    "unknown_deployment": (403, "This deployment of Toolpath in the LMS is not connected to a Toolpath organization. Ask your Toolpath administrator to add it."),
    "invalid_message": (400, "The LTI message is incomplete."),
    "no_role": (403, "Your role in this course gives no access to Toolpath (learners, teachers, designers and administrators have access)."),
    "not_deep_linking": (400, "This launch cannot return content to the LMS."),
    "platform_error": (502, "The LMS did not accept a request from Toolpath."),
    "registration_failed": (400, "The registration with the LMS could not be completed."),
    "session_lost": (403, "Toolpath could not find your session: your browser may block cookies inside the LMS. Open the link in the LMS again, or in a new tab."),
    "launch_expired": (403, "This page was opened from the LMS too long ago. Open the link in the LMS again."),
    "bad_invitation": (403, "This registration link is not valid (or has expired). Ask your Toolpath administrator for a new one."),
}


class LaunchRefused(Exception):
    """A refusal with a code from REASONS and the technical detail for the log and the page."""

    def __init__(self, code: str, detail: str = "", **context: str | None) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.status, self.reason = REASONS[code]
        self.detail = detail
        self.context = {k: v for k, v in context.items() if v}


def refusal_page(exc: LaunchRefused):
    db.session.rollback()  # nothing of a refused launch is kept: no user, no session row
    incident = uuid.uuid4().hex[:12]
    log.warning("LTI refused [%s] %s: %s %s", incident, exc.code, exc.detail or exc.reason, exc.context)
    body = render_template("lti/error.html", status=exc.status, code=exc.code, reason=exc.reason, detail=exc.detail, incident=incident)
    # A refusal leaves the browser's session as it was: rendering touches it (Flask-Login's context
    # processor marks it not fresh), which would otherwise send a new session cookie.
    session.modified = False
    return body, exc.status


def register(bp: Blueprint) -> None:
    @bp.errorhandler(LaunchRefused)
    def refused(exc: LaunchRefused):
        return refusal_page(exc)

    @bp.errorhandler(OIDCException)
    def oidc_refused(exc: OIDCException):
        code = "unknown_platform" if "registration" in str(exc) else "bad_login_request"
        return refusal_page(LaunchRefused(code, str(exc)))

    @bp.errorhandler(LtiException)
    def lti_refused(exc: LtiException):  # anything the library raises that we did not map first
        return refusal_page(LaunchRefused("invalid_message", str(exc)))

    @bp.errorhandler(LtiServiceException)
    def service_refused(exc: LtiServiceException):
        return refusal_page(LaunchRefused("platform_error", str(exc)))

    @bp.errorhandler(requests.RequestException)
    def upstream(exc: requests.RequestException):
        return refusal_page(LaunchRefused("platform_error", type(exc).__name__))
