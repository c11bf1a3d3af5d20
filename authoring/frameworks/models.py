"""Everything alignable is a FrameworkItem in a Framework, the way 1EdTech CASE models it."""
from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from authoring.db import Base, created_at_column, enum_column, new_uuid, org_fk, utcnow, UTCDateTime


class FrameworkKind(str, enum.Enum):
    standards = "standards"            # a state or national framework (MA CTE, Career Clusters)
    credential = "credential"          # the requirement list of an industry credential
    competencies = "competencies"      # occupation competencies (O*NET tasks, competency models)


class AssociationType(str, enum.Enum):
    """CASE 1.0 CFAssociation types."""

    isChildOf = "isChildOf"
    isPeerOf = "isPeerOf"
    isPartOf = "isPartOf"
    exactMatchOf = "exactMatchOf"
    precedes = "precedes"
    isRelatedTo = "isRelatedTo"
    replacedBy = "replacedBy"
    exemplar = "exemplar"
    hasSkillLevel = "hasSkillLevel"


class CredentialCategory(str, enum.Enum):
    """Categories as the Massachusetts CTE frameworks sort credentials."""

    essential_safety = "essential-safety"
    essential_industry = "essential-industry"
    supplemental = "supplemental"
    specialized = "specialized"


class Framework(Base):
    """A CASE CFDocument: a tree of items. `shared` frameworks are readable by every organization."""

    __tablename__ = "framework"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    identifier: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=new_uuid)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[FrameworkKind] = mapped_column(enum_column(FrameworkKind, "framework_kind"))
    creator: Mapped[str] = mapped_column(String(200), default="")
    publisher: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[str] = mapped_column(String(50), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    adoption_status: Mapped[str] = mapped_column(String(32), default="Draft")
    license: Mapped[str] = mapped_column(String(200), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    # True when the text is our illustrative wording rather than the official document's.
    illustrative: Mapped[bool] = mapped_column(default=False)
    shared: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    items: Mapped[list[FrameworkItem]] = relationship(
        back_populates="framework", cascade="all, delete-orphan", order_by="FrameworkItem.position"
    )

    __table_args__ = (UniqueConstraint("organization_id", "slug"),)

    def __repr__(self) -> str:
        return f"<Framework {self.slug}>"


class FrameworkItem(Base):
    """A CASE CFItem: a standard, a credential duty, an OSHA topic, an occupation's task."""

    __tablename__ = "framework_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"), index=True)
    identifier: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=new_uuid)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"), index=True)
    human_coding: Mapped[str] = mapped_column(String(100), default="", index=True)
    statement: Mapped[str] = mapped_column(Text)
    abbreviated_statement: Mapped[str] = mapped_column(String(300), default="")
    item_type: Mapped[str] = mapped_column(String(64), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Hours, credit values or other facts some frameworks attach to an item (e.g. OSHA topic hours).
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    framework: Mapped[Framework] = relationship(back_populates="items")
    parent: Mapped[FrameworkItem | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[FrameworkItem]] = relationship(back_populates="parent", order_by="FrameworkItem.position")

    @property
    def label(self) -> str:
        return f"{self.human_coding} {self.abbreviated_statement or self.statement}".strip()

    def __repr__(self) -> str:
        return f"<FrameworkItem {self.human_coding or self.identifier}>"


class ItemAssociation(Base):
    """A CASE CFAssociation between two items, possibly across frameworks (a crosswalk)."""

    __tablename__ = "item_association"
    __table_args__ = (UniqueConstraint("origin_id", "destination_id", "association_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=new_uuid)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"), index=True)
    origin_id: Mapped[int] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"), index=True)
    destination_id: Mapped[int] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"), index=True)
    association_type: Mapped[AssociationType] = mapped_column(enum_column(AssociationType, "association_type"))
    sequence_number: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at_column()

    framework: Mapped[Framework] = relationship()
    origin: Mapped[FrameworkItem] = relationship(foreign_keys=[origin_id])
    destination: Mapped[FrameworkItem] = relationship(foreign_keys=[destination_id])


class Credential(Base):
    """An industry credential in one edition; its requirements are the items of `framework`.

    `hour_rules` keeps the edition's hour arithmetic as data, e.g. OSHA 10 General Industry:
    {"total_hours": 10, "mandatory_hours": 7, "elective_hours": 2, "optional_hours": 1,
     "max_hours_per_day": 7.5}.
    """

    __tablename__ = "credential"
    __table_args__ = (UniqueConstraint("organization_id", "slug", "edition"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    slug: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(200))
    category: Mapped[CredentialCategory] = mapped_column(enum_column(CredentialCategory, "credential_category"))
    edition: Mapped[str] = mapped_column(String(100), default="")
    hour_rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="RESTRICT"), index=True)
    url: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = created_at_column()

    framework: Mapped[Framework] = relationship()

    def __repr__(self) -> str:
        return f"<Credential {self.slug} {self.edition}>"
