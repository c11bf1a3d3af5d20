"""What a validated launch writes: the used nonce, the person, their membership, the LMS course and
link, and a launch record the following pages hang on. One transaction; the view commits."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from authoring.curriculum.models import UnitRevision
from authoring.delivery.services import KINDS
from authoring.tenancy.models import Membership, Role, User
from lti.errors import LaunchRefused
from lti.models import LtiContext, LtiDeployment, LtiIdentity, LtiLaunch, LtiNonce, LtiPlatform, LtiResourceLink
from lti.roles import map_roles, stronger

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
LAUNCH_TTL = timedelta(hours=12)
NONCE_MAX_KEEP = timedelta(days=1)

# Custom parameters our deep-linking response puts on each link.
CUSTOM_KIND, CUSTOM_REVISION, CUSTOM_ITEM = "toolpath_kind", "toolpath_revision", "toolpath_item"


def nonce_used(session: Session, nonce: str | None) -> bool:
    return nonce is None or session.execute(select(LtiNonce.id).where(LtiNonce.nonce == nonce)).first() is not None


def consume_nonce(session: Session, nonce: str, token_exp: int, now: datetime) -> None:
    """Keep the nonce until its token would have expired anyway (exp is checked before this)."""
    expires = min(datetime.fromtimestamp(int(token_exp), timezone.utc), now + NONCE_MAX_KEEP) + timedelta(minutes=5)
    try:
        with session.begin_nested():
            session.add(LtiNonce(nonce=nonce, expires_at=expires))
            session.flush()
    except IntegrityError as exc:  # a concurrent replay got there first
        raise LaunchRefused("replayed", "nonce consumed concurrently") from exc


def deployment_for(session: Session, platform: LtiPlatform, deployment_id: str) -> LtiDeployment:
    row = session.execute(
        select(LtiDeployment).where(LtiDeployment.platform_id == platform.id, LtiDeployment.deployment_id == deployment_id)
    ).scalar_one_or_none()
    if row is None:  # only reachable for auto_deployments registrations (tool_conf checked)
        row = LtiDeployment(platform=platform, deployment_id=deployment_id, organization_id=platform.organization_id)
        session.add(row)
        session.flush()
    return row


def _display_name(claims: dict) -> str:
    name = claims.get("name") or " ".join(p for p in (claims.get("given_name"), claims.get("family_name")) if p)
    return (name or "LMS user").strip()[:200]


def _email(session: Session, claims: dict, user: User | None) -> str | None:
    """The shared email, unless another account has it: emails never link accounts (any LMS admin
    can type any address), so a taken address is simply not stored."""
    email = str(claims.get("email") or "").strip().lower()[:254]
    if not email or "@" not in email:
        return None
    holder = session.execute(select(User.id).where(User.email == email)).scalar_one_or_none()
    return email if holder is None or (user is not None and holder == user.id) else None


def provision_user(session: Session, platform: LtiPlatform, claims: dict, now: datetime) -> User:
    identity = session.execute(
        select(LtiIdentity).where(LtiIdentity.platform_id == platform.id, LtiIdentity.sub == claims["sub"])
    ).scalar_one_or_none()
    name = _display_name(claims)
    if identity is None:
        user = User(name=name, email=_email(session, claims, None), password_hash=None)
        session.add(user)
        session.add(LtiIdentity(platform_id=platform.id, sub=claims["sub"], user=user))
    else:
        user = identity.user
        if name != "LMS user" and user.name != name:
            user.name = name
        if claims.get("email") and (email := _email(session, claims, user)) and user.email != email:
            user.email = email
    user.last_login_at = now
    session.flush()
    return user


def grant_membership(session: Session, user: User, org_id: int, role: Role) -> Membership:
    """Join the deployment's organization. Roles only grow here: teaching one course and taking
    another keeps you a teacher; what a launch may do is decided by the launch's own role."""
    membership = session.execute(
        select(Membership).where(Membership.user_id == user.id, Membership.organization_id == org_id)
    ).scalar_one_or_none()
    if membership is None:
        membership = Membership(user=user, organization_id=org_id, role=role)
        session.add(membership)
    else:
        membership.role = stronger(membership.role, role)
    session.flush()
    return membership


def upsert_context(session: Session, deployment: LtiDeployment, claims: dict) -> LtiContext | None:
    data = claims.get(CLAIM + "context") or {}
    if not data.get("id"):
        return None
    context = session.execute(
        select(LtiContext).where(LtiContext.deployment_id == deployment.id, LtiContext.context_id == str(data["id"]))
    ).scalar_one_or_none()
    if context is None:
        context = LtiContext(deployment_id=deployment.id, organization_id=deployment.organization_id, context_id=str(data["id"]))
        session.add(context)
    context.title = str(data.get("title") or "")[:300]
    context.label = str(data.get("label") or "")[:100]
    session.flush()
    return context


def _target(session: Session, org_id: int, custom: dict) -> tuple[str | None, int | None, int | None]:
    """(kind, revision id, item key) named by the link's custom parameters, if they are ours and the
    revision belongs to this organization; a link naming another organization's unit names nothing."""
    kind = custom.get(CUSTOM_KIND)
    try:
        revision_id = int(custom.get(CUSTOM_REVISION, ""))
        item = int(custom[CUSTOM_ITEM]) if custom.get(CUSTOM_ITEM) not in (None, "") else None
    except (TypeError, ValueError):
        return (kind if kind in KINDS else None), None, None
    if kind not in KINDS:
        return None, None, None
    owned = session.execute(
        select(UnitRevision.id).where(UnitRevision.id == revision_id, UnitRevision.organization_id == org_id)
    ).first()
    return kind, (revision_id if owned else None), item


def upsert_resource_link(session: Session, deployment: LtiDeployment, context: LtiContext | None, claims: dict) -> LtiResourceLink:
    data = claims.get(CLAIM + "resource_link") or {}
    link = session.execute(
        select(LtiResourceLink).where(
            LtiResourceLink.deployment_id == deployment.id, LtiResourceLink.resource_link_id == str(data["id"])
        )
    ).scalar_one_or_none()
    if link is None:
        link = LtiResourceLink(deployment_id=deployment.id, organization_id=deployment.organization_id, resource_link_id=str(data["id"]))
        session.add(link)
    link.context_id = context.id if context else link.context_id
    link.title = str(data.get("title") or "")[:300]
    custom = claims.get(CLAIM + "custom") or {}
    link.kind, link.unit_revision_id, link.item_key = _target(session, deployment.organization_id, custom)
    ags = claims.get(AGS) or {}
    if ags:
        link.lineitem_url = ags.get("lineitem") or link.lineitem_url
        link.lineitems_url = ags.get("lineitems") or link.lineitems_url
        link.ags_scopes = list(ags.get("scope") or [])
    session.flush()
    return link


def complete(session: Session, platform: LtiPlatform, claims: dict, now: datetime) -> LtiLaunch:
    """Everything after validation. Nothing is written before the nonce is consumed."""
    consume_nonce(session, claims["nonce"], claims["exp"], now)
    role = map_roles(claims.get(CLAIM + "roles"))
    if role is None:
        raise LaunchRefused("no_role", f"roles {claims.get(CLAIM + 'roles')}")
    deployment = deployment_for(session, platform, claims[CLAIM + "deployment_id"])
    user = provision_user(session, platform, claims, now)
    grant_membership(session, user, deployment.organization_id, role)
    context = upsert_context(session, deployment, claims)
    message_type = claims[CLAIM + "message_type"]
    link = upsert_resource_link(session, deployment, context, claims) if message_type == "LtiResourceLinkRequest" else None
    kept = {key: claims[key] for key in (DL_SETTINGS, AGS, NRPS, CLAIM + "custom", CLAIM + "launch_presentation") if key in claims}
    launch = LtiLaunch(
        token=secrets.token_urlsafe(32), user=user, organization_id=deployment.organization_id, deployment=deployment,
        context=context, resource_link=link, role=role, message_type=message_type, claims=kept,
        created_at=now, expires_at=now + LAUNCH_TTL,
    )
    session.add(launch)
    session.flush()
    return launch


def purge(session: Session, now: datetime) -> dict[str, int]:
    """Forget expired nonces and launches (run it daily: `toolpath lti purge`)."""
    nonces = session.execute(delete(LtiNonce).where(LtiNonce.expires_at < now)).rowcount or 0
    launches = session.execute(delete(LtiLaunch).where(LtiLaunch.expires_at < now)).rowcount or 0
    return {"nonces": nonces, "launches": launches}
