"""Import and export jobs: long cartridge work runs beside the request, and pages poll this row."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from authoring.db import Base, UTCDateTime, created_at_column, enum_column, org_fk, utcnow
from authoring.tenancy.models import User


class JobKind(str, enum.Enum):
    export_cc = "export_cc"
    import_cc = "import_cc"


class JobStatus(str, enum.Enum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class InterchangeJob(Base):
    """One export or import. `params` says what was asked (version, unit ids, file name); `report`
    what happened. An export keeps its cartridge in `result` (deferred: polling never loads it);
    an import's new course is `course_id`."""

    __tablename__ = "interchange_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = org_fk()
    kind: Mapped[JobKind] = mapped_column(enum_column(JobKind, "interchange_job_kind"))
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus, "interchange_job_status"), default=JobStatus.queued)
    progress: Mapped[int] = mapped_column(Integer, default=0)   # percent
    step: Mapped[str] = mapped_column(String(300), default="")  # what it is doing now, for people
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="SET NULL"), index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    result: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    created_by: Mapped[User | None] = relationship()

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.done, JobStatus.failed)
