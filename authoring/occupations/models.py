from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from authoring.db import Base, created_at_column, enum_column, org_fk
from authoring.frameworks.models import FrameworkItem


class PathwayTier(str, enum.Enum):
    """How a pathway map highlights an occupation (Oklahoma Manufacturing Alliance style)."""

    focal = "focal"
    priority = "priority"
    other = "other"


class ProgressionKind(str, enum.Enum):
    advancement = "advancement"    # the next job up the same ladder
    springboard = "springboard"    # a move into a neighbouring ladder


class Occupation(Base):
    __tablename__ = "occupation"
    __table_args__ = (UniqueConstraint("organization_id", "onet_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    soc_code: Mapped[str] = mapped_column(String(10), index=True)      # 51-4041
    onet_code: Mapped[str] = mapped_column(String(10))                 # 51-4041.00
    title: Mapped[str] = mapped_column(String(300))
    simple_title: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    job_zone: Mapped[int | None] = mapped_column(Integer)
    typical_education: Mapped[str] = mapped_column(String(200), default="")
    typical_training: Mapped[str] = mapped_column(String(200), default="")
    # The framework item (type "Occupation") whose children are this occupation's task statements.
    profile_item_id: Mapped[int | None] = mapped_column(ForeignKey("framework_item.id", ondelete="SET NULL"))
    shared: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = created_at_column()

    profile_item: Mapped[FrameworkItem | None] = relationship()
    competencies: Mapped[list[OccupationCompetency]] = relationship(
        back_populates="occupation", cascade="all, delete-orphan", order_by="OccupationCompetency.position"
    )
    labor_statistics: Mapped[list[LaborStatistic]] = relationship(
        back_populates="occupation", cascade="all, delete-orphan", order_by="LaborStatistic.year.desc()"
    )

    @property
    def display_title(self) -> str:
        return self.simple_title or self.title

    def __repr__(self) -> str:
        return f"<Occupation {self.onet_code}>"


class OccupationCompetency(Base):
    """An occupation demands a competency (a framework item), core or supplemental."""

    __tablename__ = "occupation_competency"
    __table_args__ = (UniqueConstraint("occupation_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupation.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(32), default="core")
    importance: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    position: Mapped[int] = mapped_column(Integer, default=0)

    occupation: Mapped[Occupation] = relationship(back_populates="competencies")
    item: Mapped[FrameworkItem] = relationship()


class LegacyOccupationCode(Base):
    """Reference data: an old O*NET-SOC code and the code that replaced it (51-4121.06 -> 51-4121.00)."""

    __tablename__ = "legacy_occupation_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    legacy_code: Mapped[str] = mapped_column(String(10), unique=True)
    current_code: Mapped[str] = mapped_column(String(10), index=True)
    legacy_title: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(String(200), default="")


class LaborStatistic(Base):
    """Labour-market figures for an occupation, always with year, region and source."""

    __tablename__ = "labor_statistic"
    __table_args__ = (UniqueConstraint("occupation_id", "year", "region", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupation.id", ondelete="CASCADE"), index=True)
    year: Mapped[str] = mapped_column(String(16))               # "2019-29" for a projection period
    region: Mapped[str] = mapped_column(String(100), default="United States")
    source: Mapped[str] = mapped_column(String(200))
    employment: Mapped[int | None] = mapped_column(Integer)
    employment_projected: Mapped[int | None] = mapped_column(Integer)
    new_jobs: Mapped[int | None] = mapped_column(Integer)
    annual_openings: Mapped[int | None] = mapped_column(Integer)
    median_wage: Mapped[int | None] = mapped_column(Integer)     # annual, whole dollars
    growth_percent: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))

    occupation: Mapped[Occupation] = relationship(back_populates="labor_statistics")


class Pathway(Base):
    __tablename__ = "pathway"
    __table_args__ = (UniqueConstraint("organization_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    illustrative: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = created_at_column()

    steps: Mapped[list[PathwayStep]] = relationship(
        back_populates="pathway", cascade="all, delete-orphan", order_by="PathwayStep.skill_level"
    )
    edges: Mapped[list[PathwayEdge]] = relationship(back_populates="pathway", cascade="all, delete-orphan")


class PathwayStep(Base):
    """An occupation placed on a skill level of a pathway."""

    __tablename__ = "pathway_step"
    __table_args__ = (UniqueConstraint("pathway_id", "occupation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathway.id", ondelete="CASCADE"), index=True)
    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupation.id", ondelete="CASCADE"), index=True)
    skill_level: Mapped[int] = mapped_column(Integer)              # 1 = entry ... 4 = advanced
    level_label: Mapped[str] = mapped_column(String(100), default="")
    tier: Mapped[PathwayTier] = mapped_column(enum_column(PathwayTier, "pathway_tier"))

    pathway: Mapped[Pathway] = relationship(back_populates="steps")
    occupation: Mapped[Occupation] = relationship()


class PathwayEdge(Base):
    __tablename__ = "pathway_edge"
    __table_args__ = (UniqueConstraint("pathway_id", "from_step_id", "to_step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathway.id", ondelete="CASCADE"), index=True)
    from_step_id: Mapped[int] = mapped_column(ForeignKey("pathway_step.id", ondelete="CASCADE"), index=True)
    to_step_id: Mapped[int] = mapped_column(ForeignKey("pathway_step.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ProgressionKind] = mapped_column(enum_column(ProgressionKind, "progression_kind"))

    pathway: Mapped[Pathway] = relationship(back_populates="edges")
    from_step: Mapped[PathwayStep] = relationship(foreign_keys=[from_step_id])
    to_step: Mapped[PathwayStep] = relationship(foreign_keys=[to_step_id])
