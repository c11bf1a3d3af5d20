"""What a validated launch writes: the used nonce, the person, their membership, the LMS course and
link, and a launch record the following pages hang on. One transaction; the view commits.

A launch is on every click in the LMS, so the common case (a returning person on a known link) costs
a handful of statements: the person and their membership come in one query, and rows are only
written when something changed.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from authoring.curriculum.models import UnitRevision
from authoring.db import utcnow
from authoring.delivery.services import KINDS
from authoring.tenancy.models import Membership, Role, User
from lti.errors import LaunchRefused
from lti.models import LtiContext, LtiDeployment, LtiIdentity, LtiLaunch, LtiNonce, LtiPlatform, LtiResourceLink
from lti.roles import map_roles, stronger

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
KEPT_CLAIMS = (DL_SETTINGS, AGS, NRPS, CLAIM + "custom", CLAIM + "launch_presentation")
LAUNCH_TTL = timedelta(hours=12)
NONCE_MAX_KEEP = timedelta(days=1)
LAST_LOGIN_RESOLUTION = timedelta(minutes=15)
UNNAMED = "LMS user"

# Built once: every launch runs them (building a statement costs more than running it).
NONCE_USED = select(LtiNonce.id).where(LtiNonce.nonce == bindparam("nonce"))
NONCE_INSERT = insert(LtiNonce.__table__)
LAUNCH_INSERT = insert(LtiLaunch.__table__)
EMAIL_HOLDER = select(User.id).where(User.email == bindparam("email"))
PERSON = (
    select(User, Membership)
    .join(LtiIdentity, LtiIdentity.user_id == User.id)
    .outerjoin(Membership, and_(Membership.user_id == User.id, Membership.organization_id == bindparam("org_id")))
    .where(LtiIdentity.platform_id == bindparam("platform_id"), LtiIdentity.sub == bindparam("sub"))
)
CONTEXT = select(LtiContext).where(LtiContext.deployment_id == bindparam("deployment_id"), LtiContext.context_id == bindparam("context_id"))
LINK = select(LtiResourceLink).where(LtiResourceLink.deployment_id == bindparam("deployment_id"),
                                     LtiResourceLink.resource_link_id == bindparam("resource_link_id"))
REVISION_OWNED = select(UnitRevision.id).where(UnitRevision.id == bindparam("revision_id"), UnitRevision.organization_id == bindparam("org_id"))

# Custom parameters our deep-linking response puts on each link.
CUSTOM_KIND, CUSTOM_REVISION, CUSTOM_ITEM = "toolpath_kind", "toolpath_revision", "toolpath_item"


def nonce_used(session: Session, nonce: str) -> bool:
    return session.execute(NONCE_USED, {"nonce": nonce}).first() is not None


def consume_nonce(session: Session, nonce: str, token_exp: int) -> bool:
    """Record the nonce until its token would have expired anyway; False when it was already used.
    On False the transaction is unusable (PostgreSQL): the caller refuses, which rolls back."""
    expires = min(datetime.fromtimestamp(int(token_exp), timezone.utc), utcnow() + NONCE_MAX_KEEP) + timedelta(minutes=5)
    try:
        session.connection().execute(NONCE_INSERT, {"nonce": nonce, "expires_at": expires})
    except IntegrityError:
        session.rollback()
        return False
    return True


def _display_name(claims: dict) -> str:
    name = claims.get("name") or " ".join(str(p) for p in (claims.get("given_name"), claims.get("family_name")) if p)
    return (str(name) if name else UNNAMED).strip()[:200] or UNNAMED


def _shared_email(claims: dict) -> str | None:
    email = str(claims.get("email") or "").strip().lower()[:254]
    return email if "@" in email else None


def _email_free(session: Session, email: str, user: User | None) -> bool:
    """Emails never link accounts (an LMS admin can type any address): a taken one is not stored."""
    holder = session.execute(EMAIL_HOLDER, {"email": email}).scalar_one_or_none()
    return holder is None or (user is not None and holder == user.id)


def provision(session: Session, platform: LtiPlatform, org_id: int, claims: dict, role: Role, now: datetime) -> User:
    """The person (per platform and sub) and their membership of the deployment's organization.
    Roles only grow: teaching one course and taking another keeps you a teacher; what a launch may
    do is decided by the launch's own role."""
    sub = str(claims["sub"])
    row = session.execute(PERSON, {"org_id": org_id, "platform_id": platform.id, "sub": sub}).first()
    name, email = _display_name(claims), _shared_email(claims)
    if row is None:
        user = User(name=name, email=email if email and _email_free(session, email, None) else None)
        session.add_all([user, LtiIdentity(platform_id=platform.id, sub=sub, user=user)])
        membership = None
    else:
        user, membership = row
        if name != UNNAMED and user.name != name:
            user.name = name
        if email and user.email != email and _email_free(session, email, user):
            user.email = email
    if user.last_login_at is None or now - user.last_login_at > LAST_LOGIN_RESOLUTION:
        user.last_login_at = now  # not on every click: a write per launch buys nothing
    if membership is None:
        session.add(Membership(user=user, organization_id=org_id, role=role))
    elif stronger(membership.role, role) != membership.role:
        membership.role = role
    return user


def upsert_context(session: Session, deployment: LtiDeployment, claims: dict) -> LtiContext | None:
    data = claims.get(CLAIM + "context") or {}
    if not data.get("id"):
        return None
    context = None
    if deployment.id is not None:
        context = session.execute(CONTEXT, {"deployment_id": deployment.id, "context_id": str(data["id"])}).scalar_one_or_none()
    if context is None:
        context = LtiContext(deployment=deployment, organization_id=deployment.organization_id, context_id=str(data["id"]))
        session.add(context)
    title, label = str(data.get("title") or "")[:300], str(data.get("label") or "")[:100]
    if (context.title, context.label) != (title, label):
        context.title, context.label = title, label
    return context


def _target(session: Session, org_id: int, custom: dict, link: LtiResourceLink) -> tuple[str | None, int | None, int | None]:
    """(kind, revision id, item key) named by the link's custom parameters, if they are ours and the
    revision belongs to this organization; a link naming another organization's unit names nothing."""
    kind = custom.get(CUSTOM_KIND)
    if kind not in KINDS:
        return None, None, None
    try:
        revision_id = int(custom.get(CUSTOM_REVISION, ""))
        item = int(custom[CUSTOM_ITEM]) if custom.get(CUSTOM_ITEM) not in (None, "") else None
    except (TypeError, ValueError):
        return kind, None, None
    if link.unit_revision_id == revision_id:  # checked when the link first named it
        return kind, revision_id, item
    owned = session.execute(REVISION_OWNED, {"revision_id": revision_id, "org_id": org_id}).first()
    return kind, (revision_id if owned else None), item


def _set(row, **values) -> None:
    """Assign only what changed, so an unchanged row costs no UPDATE."""
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)


def upsert_resource_link(session: Session, deployment: LtiDeployment, context: LtiContext | None, claims: dict) -> LtiResourceLink:
    data = claims.get(CLAIM + "resource_link") or {}
    link = None
    if deployment.id is not None:
        link = session.execute(LINK, {"deployment_id": deployment.id, "resource_link_id": str(data["id"])}).scalar_one_or_none()
    if link is None:
        link = LtiResourceLink(deployment=deployment, organization_id=deployment.organization_id, resource_link_id=str(data["id"]),
                               ags_scopes=[])
        session.add(link)
    if context is not None and link.context is not context:
        link.context = context
    kind, revision_id, item = _target(session, deployment.organization_id, claims.get(CLAIM + "custom") or {}, link)
    _set(link, title=str(data.get("title") or "")[:300], kind=kind, unit_revision_id=revision_id, item_key=item)
    ags = claims.get(AGS) or {}
    if ags:
        _set(link, lineitem_url=ags.get("lineitem") or link.lineitem_url, lineitems_url=ags.get("lineitems") or link.lineitems_url,
             ags_scopes=list(ags.get("scope") or []))
    return link


@dataclass(frozen=True)
class Launched:
    token: str
    user: User


def complete(session: Session, platform: LtiPlatform, deployment: LtiDeployment | None, claims: dict, now: datetime) -> Launched:
    """Everything after validation (the nonce is already consumed). Rows are flushed once, and only
    when something changed; the launch record itself is a plain insert."""
    role = map_roles(claims.get(CLAIM + "roles"))
    if role is None:
        raise LaunchRefused("no_role", f"roles {claims.get(CLAIM + 'roles')}")
    with session.no_autoflush:  # no query here depends on a row added here
        if deployment is None:  # a new deployment of an auto_deployments registration (tool_conf checked)
            deployment = LtiDeployment(platform=platform, deployment_id=str(claims[CLAIM + "deployment_id"]),
                                       organization_id=platform.organization_id)
            session.add(deployment)
        user = provision(session, platform, deployment.organization_id, claims, role, now)
        context = upsert_context(session, deployment, claims)
        message_type = claims[CLAIM + "message_type"]
        link = upsert_resource_link(session, deployment, context, claims) if message_type == "LtiResourceLinkRequest" else None
    if session.new or session.dirty:
        session.flush()
    token = secrets.token_urlsafe(32)
    session.connection().execute(LAUNCH_INSERT, {
        "token": token, "user_id": user.id, "organization_id": deployment.organization_id, "deployment_id": deployment.id,
        "context_id": context.id if context else None, "resource_link_id": link.id if link else None, "role": role,
        "message_type": message_type, "claims": {key: claims[key] for key in KEPT_CLAIMS if key in claims},
        "created_at": now, "expires_at": now + LAUNCH_TTL,
    })
    return Launched(token, user)


def purge(session: Session, now: datetime) -> dict[str, int]:
    """Forget expired nonces and launches (run it daily: `toolpath lti purge`)."""
    nonces = session.execute(delete(LtiNonce).where(LtiNonce.expires_at < now)).rowcount or 0
    launches = session.execute(delete(LtiLaunch).where(LtiLaunch.expires_at < now)).rowcount or 0
    return {"nonces": nonces, "launches": launches}
