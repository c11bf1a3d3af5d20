"""Assignment and Grade Services (scores back to the LMS) and Names and Roles (the class roster).

Access tokens are cached per (token URL, client id, scopes): pylti1p3's Flask connector keys its
class-wide cache by issuer and scopes only, so two Canvas customers (one issuer) would share a token.
"""
from __future__ import annotations

import hashlib
import threading
import time
from datetime import datetime

from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector
from requests import RequestException
from sqlalchemy import select
from sqlalchemy.orm import Session

from authoring.delivery.models import Attempt
from lti.deep_linking import LINEITEM_TAG
from lti.launch import NRPS
from lti.models import LtiIdentity, LtiResourceLink, LtiScorePost
from lti.outbound import session as http_session
from lti.tool_conf import DbToolConf, ToolRegistration

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


class ToolServiceConnector(ServiceConnector):
    _tokens: dict[str, tuple[str, float]] = {}
    _lock = threading.Lock()

    def _scope_key(self, scopes) -> str:
        reg = self._registration
        raw = "|".join([reg.get_auth_token_url() or "", reg.get_client_id() or "", *sorted(scopes)])
        return hashlib.sha256(raw.encode()).hexdigest()

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        with self._lock:
            token, expires = self._tokens.get(scope_key, ("", 0.0))
        return token if expires > time.monotonic() else None

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
        with self._lock:  # renew a minute early: a token may expire between check and use
            self._tokens[scope_key] = (access_token, time.monotonic() + float(expires_in or 0) - 60)


def connector(registration: ToolRegistration) -> ToolServiceConnector:
    return ToolServiceConnector(registration, http_session())


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _ags(link: LtiResourceLink, registration: ToolRegistration) -> AssignmentsGradesService:
    data = {"scope": list(link.ags_scopes or [])}
    if link.lineitem_url:
        data["lineitem"] = link.lineitem_url
    if link.lineitems_url:
        data["lineitems"] = link.lineitems_url
    return AssignmentsGradesService(connector(registration), data)


def _lineitem_for(link: LtiResourceLink, ags: AssignmentsGradesService, attempt: Attempt) -> LineItem | None:
    """The launch's own line item; without one, find ours by resourceId or create it."""
    if link.lineitem_url:
        return None
    if not link.lineitems_url:
        raise LtiException("the LMS gave this link no line item and no line items URL")
    wanted = (LineItem().set_score_maximum(float(attempt.points_possible)).set_label(link.title or "Toolpath assessment")
              .set_resource_id(f"toolpath:{attempt.unit_revision_id}:assessment:{attempt.assessment_key}")
              .set_tag(LINEITEM_TAG).set_resource_link_id(link.resource_link_id))
    return ags.find_or_create_lineitem(wanted, find_by="resource_id")


def post_score(session: Session, conf: DbToolConf, link: LtiResourceLink, attempt: Attempt, now: datetime) -> LtiScorePost:
    """Send the attempt's score; essays not yet marked make it 'PendingManual' (AGS's name for a
    grade waiting on a person). Failures are recorded, not raised: the submission is already safe.
    Reads, then the LMS, then writes: no write is pending while the LMS calls us back."""
    progress = "PendingManual" if attempt.pending else "FullyGraded"
    status, error, lineitem_url = "sent", "", link.lineitem_url
    try:
        if SCORE_SCOPE not in (link.ags_scopes or []):
            raise LtiException("the LMS did not grant the score scope for this link")
        sub = session.execute(
            select(LtiIdentity.sub).where(LtiIdentity.platform_id == link.deployment.platform_id, LtiIdentity.user_id == attempt.user_id)
        ).scalar_one()
        ags = _ags(link, conf.registration(link.deployment.platform))
        lineitem = _lineitem_for(link, ags, attempt)
        grade = (Grade().set_score_given(float(attempt.score)).set_score_maximum(float(attempt.points_possible))
                 .set_activity_progress("Completed").set_grading_progress(progress).set_user_id(sub)
                 .set_timestamp(_iso(now)).set_submitted_at(_iso(attempt.submitted_at)))
        ags.put_grade(grade, lineitem)
        lineitem_url = lineitem.get_id() if lineitem is not None else lineitem_url
    except (LtiException, RequestException) as exc:
        status, error = "failed", str(exc)[:2000]
    post = session.execute(select(LtiScorePost).where(LtiScorePost.attempt_id == attempt.id)).scalar_one_or_none()
    if post is None:
        post = LtiScorePost(attempt_id=attempt.id, resource_link_id=link.id)
        session.add(post)
    post.status, post.error, post.grading_progress, post.score_given, post.sent_at = status, error, progress, attempt.score, now
    if lineitem_url != link.lineitem_url:
        link.lineitem_url = lineitem_url  # found or created: the next score goes straight there
    session.flush()
    return post


def roster(conf: DbToolConf, launch) -> tuple[list[dict], str]:
    """The course's members from NRPS, and an error message when the LMS would not give them."""
    service = (launch.claims or {}).get(NRPS) or {}
    if not service.get("context_memberships_url"):
        return [], "The LMS did not offer the class roster for this link."
    registration = conf.registration(launch.deployment.platform)
    try:
        members = NamesRolesProvisioningService(connector(registration), service).get_members()
    except (LtiException, RequestException, ValueError) as exc:
        return [], f"The LMS did not return the roster ({type(exc).__name__})."
    return [m for m in members if m.get("status", "Active") == "Active"], ""
