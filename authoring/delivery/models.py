from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from authoring.curriculum.models import UnitRevision
from authoring.db import Base, UTCDateTime, enum_column, org_fk
from authoring.tenancy.models import User


class AttemptStatus(str, enum.Enum):
    submitted = "submitted"  # some answers wait for a teacher
    graded = "graded"        # every answer has points


class Attempt(Base):
    """One learner's submission of one assessment of a published revision, at one placement."""

    __tablename__ = "delivery_attempt"
    __table_args__ = (UniqueConstraint("placement", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    unit_revision_id: Mapped[int] = mapped_column(ForeignKey("unit_revision.id", ondelete="CASCADE"), index=True)
    assessment_key: Mapped[int] = mapped_column(Integer)  # the assessment's id inside the snapshot
    placement: Mapped[str] = mapped_column(String(100), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    status: Mapped[AttemptStatus] = mapped_column(enum_column(AttemptStatus, "attempt_status"))
    score: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    points_possible: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    revision: Mapped[UnitRevision] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    graded_by: Mapped[User | None] = relationship(foreign_keys=[graded_by_id])
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", order_by="Answer.position", cascade="all, delete-orphan"
    )

    @property
    def pending(self) -> bool:
        return self.status is AttemptStatus.submitted

    @property
    def awaiting(self) -> list[Answer]:
        return [a for a in self.answers if a.points is None]


class Answer(Base):
    __tablename__ = "delivery_answer"
    __table_args__ = (UniqueConstraint("attempt_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("delivery_attempt.id", ondelete="CASCADE"), index=True)
    item_key: Mapped[int] = mapped_column(Integer)  # the item's id inside the snapshot
    position: Mapped[int] = mapped_column(Integer, default=0)
    response: Mapped[Any] = mapped_column(JSON, nullable=True)
    points: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))  # None: waiting for a teacher
    points_possible: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    correct: Mapped[bool | None] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
