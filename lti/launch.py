"""What a launch reads and writes: the used nonce, the person, their membership, the LMS course and
link, and a launch record the following pages hang on. One transaction; the view commits.

A launch is on every click in the LMS, so the common case (a returning person on a known link) costs
three statements: one query reads everything (prefetch), the nonce and the launch are inserted, and
other rows are only written when something changed.
"""
from __future__ import annotations

import secrets
from urllib.parse import parse_qs, urlsplit
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, bindparam, delete, func, insert, select
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
# Everything a launch reads, in one round trip: the registration and, by the token's keys, the
# deployment, the person, their membership, the LMS course and the link (each unique, each optional).
_EMAIL_HOLDER = select(User.id).where(User.email == bindparam("email")).limit(1).scalar_subquery()
KNOWN = (
    select(LtiPlatform, LtiDeployment, User, Membership, LtiContext, LtiResourceLink, _EMAIL_HOLDER)
    .select_from(LtiPlatform)
    .outerjoin(LtiDeployment, and_(LtiDeployment.platform_id == LtiPlatform.id, LtiDeployment.deployment_id == bindparam("deployment_id")))
    .outerjoin(LtiIdentity, and_(LtiIdentity.platform_id == LtiPlatform.id, LtiIdentity.sub == bindparam("sub")))
    .outerjoin(User, User.id == LtiIdentity.user_id)
    .outerjoin(Membership, and_(Membership.user_id == User.id,
                                Membership.organization_id == func.coalesce(LtiDeployment.organization_id, LtiPlatform.organization_id)))
    .outerjoin(LtiContext, and_(LtiContext.deployment_id == LtiDeployment.id, LtiContext.context_id == bindparam("context_id")))
    .outerjoin(LtiResourceLink, and_(LtiResourceLink.deployment_id == LtiDeployment.id,
                                     LtiResourceLink.resource_link_id == bindparam("resource_link_id")))
    .where(LtiPlatform.id == bindparam("platform_id"))
)
REVISION_OWNED = select(UnitRevision.id).where(UnitRevision.id == bindparam("revision_id"), UnitRevision.organization_id == bindparam("org_id"))

# Custom parameters our deep-linking response puts on each link.
CUSTOM_KIND, CUSTOM_REVISION, CUSTOM_ITEM = "toolpath_kind", "toolpath_revision", "toolpath_item"


@dataclass
class Known:
    """What the database already holds about a launch (None where nothing yet)."""

    platform: LtiPlatform
    deployment: LtiDeployment | None
    user: User | None
    membership: Membership | None
    context: LtiContext | None
    link: LtiResourceLink | None
    email_holder: int | None  # the account that has the token's email address, if any


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def prefetch(session: Session, platform_id: int, claims: dict) -> Known | None:
    """Read by the (not yet verified) token's keys: reading is harmless, and only a verified launch
    writes anything (complete)."""
    row = session.execute(KNOWN, {
        "platform_id": platform_id,
        "deployment_id": _text(claims.get(CLAIM + "deployment_id")),
        "sub": str(claims.get("sub") or ""),
        "context_id": str((claims.get(CLAIM + "context") or {}).get("id") or "") if isinstance(claims.get(CLAIM + "context"), dict) else "",
        "resource_link_id": str((claims.get(CLAIM + "resource_link") or {}).get("id") or "") if isinstance(claims.get(CLAIM + "resource_link"), dict) else "",
        "email": _shared_email(claims) or "",
    }).first()
    return Known(*row) if row is not None else None


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


def _email_free(known: Known, user: User | None) -> bool:
    """Emails never link accounts (an LMS admin can type any address): a taken one is not stored."""
    return known.email_holder is None or (user is not None and known.email_holder == user.id)


def provision(session: Session, known: Known, org_id: int, claims: dict, role: Role, now: datetime) -> User:
    """The person (per platform and sub) and their membership of the deployment's organization.
    Roles only grow: teaching one course and taking another keeps you a teacher; what a launch may
    do is decided by the launch's own role."""
    name, email = _display_name(claims), _shared_email(claims)
    user, membership = known.user, known.membership
    if user is None:
        user = User(name=name, email=email if email and _email_free(known, None) else None)
        session.add_all([user, LtiIdentity(platform_id=known.platform.id, sub=str(claims["sub"]), user=user)])
    else:
        if name != UNNAMED and user.name != name:
            user.name = name
        if email and user.email != email and _email_free(known, user):
            user.email = email
    if user.last_login_at is None or now - user.last_login_at > LAST_LOGIN_RESOLUTION:
        user.last_login_at = now  # not on every click: a write per launch buys nothing
    if membership is None:
        session.add(Membership(user=user, organization_id=org_id, role=role))
    elif stronger(membership.role, role) != membership.role:
        membership.role = role
    return user


def upsert_context(session: Session, deployment: LtiDeployment, context: LtiContext | None, claims: dict) -> LtiContext | None:
    data = claims.get(CLAIM + "context") or {}
    if not data.get("id"):
        return None
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


def _link_parameters(claims: dict) -> dict:
    """Our custom parameters; a link imported from a cartridge carries them in the launch URL's
    query instead (cartridge LTI links have no LTI 1.3 custom claim), so fall back to that."""
    custom = claims.get(CLAIM + "custom") or {}
    if custom.get(CUSTOM_KIND):
        return custom
    query = parse_qs(urlsplit(str(claims.get(CLAIM + "target_link_uri") or "")).query)
    return {key: values[0] for key, values in query.items() if key in (CUSTOM_KIND, CUSTOM_REVISION, CUSTOM_ITEM)}


def _set(row, **values) -> None:
    """Assign only what changed, so an unchanged row costs no UPDATE."""
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)


def upsert_resource_link(session: Session, deployment: LtiDeployment, link: LtiResourceLink | None, context: LtiContext | None,
                         claims: dict) -> LtiResourceLink:
    data = claims.get(CLAIM + "resource_link") or {}
    if link is None:
        link = LtiResourceLink(deployment=deployment, organization_id=deployment.organization_id, resource_link_id=str(data["id"]),
                               ags_scopes=[])
        session.add(link)
    if context is not None and link.context is not context:
        link.context = context
    kind, revision_id, item = _target(session, deployment.organization_id, _link_parameters(claims), link)
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


def complete(session: Session, known: Known, claims: dict, now: datetime) -> Launched:
    """Everything after validation (the nonce is already consumed), from what prefetch read. Rows
    are flushed once, and only when something changed; the launch record is a plain insert."""
    role = map_roles(claims.get(CLAIM + "roles"))
    if role is None:
        raise LaunchRefused("no_role", f"roles {claims.get(CLAIM + 'roles')}")
    with session.no_autoflush:  # no query here depends on a row added here
        deployment = known.deployment
        if deployment is None:  # a new deployment of an auto_deployments registration (tool_conf checked)
            deployment = LtiDeployment(platform=known.platform, deployment_id=str(claims[CLAIM + "deployment_id"]),
                                       organization_id=known.platform.organization_id)
            session.add(deployment)
        user = provision(session, known, deployment.organization_id, claims, role, now)
        context = upsert_context(session, deployment, known.context, claims)
        message_type = claims[CLAIM + "message_type"]
        link = None
        if message_type == "LtiResourceLinkRequest":
            link = upsert_resource_link(session, deployment, known.link, context, claims)
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
