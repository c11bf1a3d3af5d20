"""LTI registrations, keys and the traces launches leave, in the database (never a JSON file)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from authoring.curriculum.models import Course, UnitRevision
from authoring.db import Base, UTCDateTime, created_at_column, enum_column, org_fk
from authoring.tenancy.models import Organization, Role, User


class LtiPlatform(Base):
    """One registration of Toolpath in an LMS, keyed by (issuer, client_id): Canvas cloud uses one
    issuer for every institution, so the issuer alone never identifies a customer."""

    __tablename__ = "lti_platform"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()  # the owner: its admins manage the registration
    name: Mapped[str] = mapped_column(String(200), default="")
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    auth_login_url: Mapped[str] = mapped_column(String(500))
    auth_token_url: Mapped[str] = mapped_column(String(500))
    auth_audience: Mapped[str | None] = mapped_column(String(500))
    keyset_url: Mapped[str] = mapped_column(String(500))
    # Dynamic registrations belong to one institution: their new deployments join the owner org.
    auto_deployments: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_via: Mapped[str] = mapped_column(String(20), default="cli")
    created_at: Mapped[datetime] = created_at_column()

    organization: Mapped[Organization] = relationship()
    deployments: Mapped[list[LtiDeployment]] = relationship(
        back_populates="platform", cascade="all, delete-orphan", passive_deletes=True, order_by="LtiDeployment.id"
    )


class LtiDeployment(Base):
    """A deployment of a registration (a Canvas account or course, a Moodle site), mapped to an org."""

    __tablename__ = "lti_deployment"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"), index=True)
    deployment_id: Mapped[str] = mapped_column(String(255))
    organization_id: Mapped[int] = org_fk()
    created_at: Mapped[datetime] = created_at_column()

    platform: Mapped[LtiPlatform] = relationship(back_populates="deployments")
    organization: Mapped[Organization] = relationship()


class LtiKey(Base):
    """The tool's RSA signing keys. The newest unretired key signs; a rotated-out key stays in the
    JWKS until `retires_at`, so tokens the LMS fetched keys for keep verifying."""

    __tablename__ = "lti_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = created_at_column()
    retires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LtiIdentity(Base):
    """A Toolpath user as known to one registration: `sub` is only unique within its platform."""

    __tablename__ = "lti_identity"
    __table_args__ = (UniqueConstraint("platform_id", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"), index=True)
    sub: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = created_at_column()

    user: Mapped[User] = relationship()


class LtiContext(Base):
    """An LMS course (context) and the Toolpath course it teaches from."""

    __tablename__ = "lti_context"
    __table_args__ = (UniqueConstraint("deployment_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deployment_id: Mapped[int] = mapped_column(ForeignKey("lti_deployment.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = org_fk()
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(300), default="")
    label: Mapped[str] = mapped_column(String(100), default="")
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = created_at_column()

    deployment: Mapped[LtiDeployment] = relationship()
    course: Mapped[Course | None] = relationship()


class LtiResourceLink(Base):
    """A link placed in the LMS, and the published content its custom parameters name."""

    __tablename__ = "lti_resource_link"
    __table_args__ = (UniqueConstraint("deployment_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deployment_id: Mapped[int] = mapped_column(ForeignKey("lti_deployment.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = org_fk()
    context_id: Mapped[int | None] = mapped_column(ForeignKey("lti_context.id", ondelete="SET NULL"), index=True)
    resource_link_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str | None] = mapped_column(String(20))  # unit | lesson | assessment
    unit_revision_id: Mapped[int | None] = mapped_column(ForeignKey("unit_revision.id", ondelete="SET NULL"), index=True)
    item_key: Mapped[int | None] = mapped_column(Integer)
    lineitem_url: Mapped[str | None] = mapped_column(String(1000))
    lineitems_url: Mapped[str | None] = mapped_column(String(1000))
    ags_scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = created_at_column()

    deployment: Mapped[LtiDeployment] = relationship()
    context: Mapped[LtiContext | None] = relationship()
    revision: Mapped[UnitRevision | None] = relationship()

    @property
    def placement(self) -> str:
        """How delivery knows where an attempt was taken."""
        return f"lti-link:{self.id}"


class LtiLaunch(Base):
    """A validated launch. Later pages carry its random token in the URL, so several LMS iframes
    (a teacher in two tabs) never mix up which link they belong to."""

    __tablename__ = "lti_launch"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = org_fk()
    deployment_id: Mapped[int] = mapped_column(ForeignKey("lti_deployment.id", ondelete="CASCADE"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("lti_context.id", ondelete="CASCADE"), index=True)
    resource_link_id: Mapped[int | None] = mapped_column(ForeignKey("lti_resource_link.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    message_type: Mapped[str] = mapped_column(String(40))
    claims: Mapped[dict[str, Any]] = mapped_column(JSON)  # the service and deep-linking claims we need later
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    user: Mapped[User] = relationship()
    organization: Mapped[Organization] = relationship()
    deployment: Mapped[LtiDeployment] = relationship()
    context: Mapped[LtiContext | None] = relationship()
    resource_link: Mapped[LtiResourceLink | None] = relationship()

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.admin, Role.author, Role.reviewer, Role.teacher)


class LtiNonce(Base):
    """Nonces already used, kept until their token expires: an id_token is accepted once, even
    when a browser replays its old session cookie with it."""

    __tablename__ = "lti_nonce"

    id: Mapped[int] = mapped_column(primary_key=True)
    nonce: Mapped[str] = mapped_column(String(255), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class LtiScorePost(Base):
    """The last score sent to the LMS for an attempt, so failures can be seen and retried."""

    __tablename__ = "lti_score_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("delivery_attempt.id", ondelete="CASCADE"), unique=True)
    resource_link_id: Mapped[int] = mapped_column(ForeignKey("lti_resource_link.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # sent | failed
    grading_progress: Mapped[str] = mapped_column(String(20), default="")
    score_given: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())

    resource_link: Mapped[LtiResourceLink] = relationship()
