from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON, Column, ForeignKey, Integer, LargeBinary, Numeric, String, Table, Text, UniqueConstraint, event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from authoring.db import Base, UTCDateTime, created_at_column, enum_column, org_fk, utcnow
from authoring.frameworks.models import Credential, Framework, FrameworkItem
from authoring.tenancy.models import User


class UnitStatus(str, enum.Enum):
    draft = "draft"
    in_review = "in_review"
    published = "published"
    archived = "archived"


class ItemType(str, enum.Enum):
    """Assessment item types; each maps to a Common Cartridge QTI item profile."""

    multiple_choice = "multiple_choice"
    multiple_response = "multiple_response"
    true_false = "true_false"
    fill_in_blank = "fill_in_blank"
    essay = "essay"


class AlignmentStrength(str, enum.Enum):
    """How fully an outcome addresses the framework item."""

    full = "full"          # the outcome teaches and assesses the item
    partial = "partial"    # part of the item
    introduces = "introduces"


class BloomLevel(str, enum.Enum):
    remember = "remember"
    understand = "understand"
    apply = "apply"
    analyze = "analyze"
    evaluate = "evaluate"
    create = "create"


program_framework = Table(
    "program_framework",
    Base.metadata,
    Column("program_id", ForeignKey("program.id", ondelete="CASCADE"), primary_key=True),
    Column("framework_id", ForeignKey("framework.id", ondelete="CASCADE"), primary_key=True),
)

program_credential = Table(
    "program_credential",
    Base.metadata,
    Column("program_id", ForeignKey("program.id", ondelete="CASCADE"), primary_key=True),
    Column("credential_id", ForeignKey("credential.id", ondelete="CASCADE"), primary_key=True),
)

outcome_competency = Table(
    "outcome_competency",
    Base.metadata,
    Column("outcome_id", ForeignKey("learning_outcome.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", ForeignKey("framework_item.id", ondelete="CASCADE"), primary_key=True),
)

assessment_item_outcome = Table(
    "assessment_item_outcome",
    Base.metadata,
    Column("assessment_item_id", ForeignKey("assessment_item.id", ondelete="CASCADE"), primary_key=True),
    Column("outcome_id", ForeignKey("learning_outcome.id", ondelete="CASCADE"), primary_key=True),
)


class Program(Base):
    """A program of study, e.g. a Chapter 74 Advanced Manufacturing program (900+ hours)."""

    __tablename__ = "program"
    __table_args__ = (UniqueConstraint("organization_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    cip_code: Mapped[str] = mapped_column(String(10), default="")
    required_hours: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = created_at_column()

    courses: Mapped[list[Course]] = relationship(back_populates="program", order_by="Course.position")
    target_frameworks: Mapped[list[Framework]] = relationship(secondary=program_framework)
    target_credentials: Mapped[list[Credential]] = relationship(secondary=program_credential)


class Course(Base):
    __tablename__ = "course"
    __table_args__ = (UniqueConstraint("organization_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    program_id: Mapped[int | None] = mapped_column(ForeignKey("program.id", ondelete="SET NULL"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = created_at_column()

    program: Mapped[Program | None] = relationship(back_populates="courses")
    units: Mapped[list[Unit]] = relationship(back_populates="course", order_by="Unit.position", cascade="all, delete-orphan")


class Unit(Base):
    """A unit of instruction. `version` is bumped by every write (optimistic locking)."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[UnitStatus] = mapped_column(enum_column(UnitStatus, "unit_status"), default=UnitStatus.draft)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    __mapper_args__ = {"version_id_col": version}

    course: Mapped[Course] = relationship(back_populates="units")
    updated_by: Mapped[User | None] = relationship()
    outcomes: Mapped[list[LearningOutcome]] = relationship(
        back_populates="unit", order_by="LearningOutcome.position", cascade="all, delete-orphan"
    )
    lessons: Mapped[list[Lesson]] = relationship(back_populates="unit", order_by="Lesson.position", cascade="all, delete-orphan")
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="unit", order_by="Assessment.position", cascade="all, delete-orphan"
    )
    revisions: Mapped[list[UnitRevision]] = relationship(
        back_populates="unit", order_by="UnitRevision.number", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[ReviewComment]] = relationship(
        back_populates="unit", order_by="ReviewComment.id", cascade="all, delete-orphan"
    )

    @property
    def hours(self) -> Decimal:
        return sum((lesson.hours for lesson in self.lessons), Decimal(0))


class LearningOutcome(Base):
    """What a student will be able to do: one measurable verb, a condition and a criterion (ABCD)."""

    __tablename__ = "learning_outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(50), default="")
    statement: Mapped[str] = mapped_column(Text)
    verb: Mapped[str] = mapped_column(String(50), default="")
    bloom_level: Mapped[BloomLevel | None] = mapped_column(enum_column(BloomLevel, "bloom_level"))
    condition: Mapped[str] = mapped_column(Text, default="")
    criterion: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    unit: Mapped[Unit] = relationship(back_populates="outcomes")
    competencies: Mapped[list[FrameworkItem]] = relationship(secondary=outcome_competency)
    alignments: Mapped[list[Alignment]] = relationship(back_populates="outcome", cascade="all, delete-orphan")


class Alignment(Base):
    __tablename__ = "alignment"
    __table_args__ = (UniqueConstraint("outcome_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    outcome_id: Mapped[int] = mapped_column(ForeignKey("learning_outcome.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"), index=True)
    strength: Mapped[AlignmentStrength] = mapped_column(
        enum_column(AlignmentStrength, "alignment_strength"), default=AlignmentStrength.full
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    outcome: Mapped[LearningOutcome] = relationship(back_populates="alignments")
    item: Mapped[FrameworkItem] = relationship()


class Lesson(Base):
    __tablename__ = "lesson"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    body_html: Mapped[str] = mapped_column(Text, default="")   # sanitised on the way in (authoring.html)
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    position: Mapped[int] = mapped_column(Integer, default=0)

    unit: Mapped[Unit] = relationship(back_populates="lessons")


class Assessment(Base):
    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    instructions: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    unit: Mapped[Unit] = relationship(back_populates="assessments")
    items: Mapped[list[AssessmentItem]] = relationship(
        back_populates="assessment", order_by="AssessmentItem.position", cascade="all, delete-orphan"
    )

    @property
    def points(self) -> Decimal:
        return sum((item.points for item in self.items), Decimal(0))


class AssessmentItem(Base):
    """One question.

    `choices`: [{"id": "a", "text": "...", "correct": true}] for multiple choice / response;
    `answer`: {"value": true} for true/false, {"accepted": ["0.250", ".25"], "case_sensitive": false}
    for fill-in-the-blank, {} for essays (scored by the teacher).
    """

    __tablename__ = "assessment_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    item_type: Mapped[ItemType] = mapped_column(enum_column(ItemType, "item_type"))
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    answer: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    feedback: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(1))
    position: Mapped[int] = mapped_column(Integer, default=0)

    assessment: Mapped[Assessment] = relationship(back_populates="items")
    outcomes: Mapped[list[LearningOutcome]] = relationship(secondary=assessment_item_outcome)


class UnitRevision(Base):
    """An immutable published snapshot of a unit; LMS links and cartridges point at these."""

    __tablename__ = "unit_revision"
    __table_args__ = (UniqueConstraint("unit_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    unit: Mapped[Unit] = relationship(back_populates="revisions")
    published_by: Mapped[User | None] = relationship()


class ImmutableRevisionError(Exception):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_revision_changes(session: Session, flush_context, instances) -> None:
    for obj in session.dirty:
        if isinstance(obj, UnitRevision) and session.is_modified(obj, include_collections=False):
            raise ImmutableRevisionError(f"unit revision {obj.unit_id}#{obj.number} is published and cannot change")


class Asset(Base):
    """An uploaded file (a lesson image); bytes live in the database so imports stay transactional."""

    __tablename__ = "asset"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = created_at_column()


class ReviewKind(str, enum.Enum):
    """What a review-thread entry records; the latest decision since the last submission gates publishing."""

    submitted = "submitted"
    comment = "comment"
    changes_requested = "changes_requested"
    approved = "approved"
    published = "published"


class ReviewComment(Base):
    """One entry in a unit's review thread (comments and workflow decisions, oldest first)."""

    __tablename__ = "review_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    kind: Mapped[ReviewKind] = mapped_column(enum_column(ReviewKind, "review_kind"))
    body: Mapped[str] = mapped_column(Text, default="")
    unit_version: Mapped[int] = mapped_column(Integer)   # the version the reviewer saw
    created_at: Mapped[datetime] = created_at_column()

    unit: Mapped[Unit] = relationship(back_populates="reviews")
    author: Mapped[User | None] = relationship()


class SuggestionDismissal(Base):
    """A writer said 'not this one' to a suggested alignment; it stays out of that outcome's suggestions."""

    __tablename__ = "suggestion_dismissal"
    __table_args__ = (UniqueConstraint("outcome_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    outcome_id: Mapped[int] = mapped_column(ForeignKey("learning_outcome.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"), index=True)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
