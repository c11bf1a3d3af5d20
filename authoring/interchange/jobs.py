"""Export and import jobs: a row the pages poll, and the work, run beside the request.

The request creates the job and commits; `start` then runs it in a worker thread with its own app
context and session, or inline when TOOLPATH_JOBS_INLINE is true (the default under TESTING). The work
is one transaction: an import's course and its job's "done" commit together, and a failure rolls
the course back before the job is marked failed. Progress is written by a separate short session,
so pollers see it while the work's own transaction is still open (the import adds rows in memory
and flushes once at the end, so even SQLite is not locked while progress is written).
"""
from __future__ import annotations

import logging
import posixpath
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Callable

from flask import Flask, Response, current_app
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from authoring.curriculum.models import Course
from authoring.db import db, utcnow
from authoring.errors import DomainError, NotFound, ValidationFailed
from authoring.interchange import cartridges
from authoring.interchange.cartridges.export import VERSIONS, select_units
from authoring.interchange.models import InterchangeJob, JobKind, JobStatus
from authoring.tenancy.models import Organization, Role, User
from exporters.common_cartridge import DEFAULT_LIMITS, Limits

log = logging.getLogger(__name__)
KEEP_FOR = timedelta(days=7)
STALE_AFTER = timedelta(minutes=30)   # a running job silent this long died with its process
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="interchange")


# -- creating and finding jobs -----------------------------------------------------------------
def _new_job(session: Session, actor: User | None, now: datetime, org: Organization, kind: JobKind, **fields) -> InterchangeJob:
    session.execute(delete(InterchangeJob).where(InterchangeJob.organization_id == org.id, InterchangeJob.created_at < now - KEEP_FOR))
    job = InterchangeJob(organization_id=org.id, kind=kind, status=JobStatus.queued, created_by_id=actor.id if actor else None,
                         created_at=now, updated_at=now, **fields)
    session.add(job)
    session.flush()
    return job


def create_export(session: Session, actor: User | None, now: datetime, org: Organization, course: Course, *,
                  version: str, unit_ids: list[int] | None) -> InterchangeJob:
    """Checks the request now (version, units), so a bad one is refused before any job exists."""
    if version not in VERSIONS:
        raise ValidationFailed("Choose Common Cartridge 1.3, 1.1 or thin.", {"version": [f"one of {', '.join(VERSIONS)}"]})
    select_units(session, org, course, unit_ids)
    return _new_job(session, actor, now, org, JobKind.export_cc, course_id=course.id,
                    params={"version": version, "unit_ids": unit_ids})


def create_import(session: Session, actor: User | None, now: datetime, org: Organization, filename: str | None, data: bytes) -> InterchangeJob:
    if not data:
        raise ValidationFailed("Choose a cartridge (.imscc) file to upload.", {"file": ["required"]})
    name = posixpath.basename((filename or "").replace("\\", "/")) or "upload.imscc"
    return _new_job(session, actor, now, org, JobKind.import_cc, filename=name[-255:], params={"size": len(data)})


def get_job(session: Session, org: Organization, user: User, role: Role, job_id: int) -> InterchangeJob:
    """Your own jobs; admins see everyone's in their organization."""
    job = session.execute(
        select(InterchangeJob).where(InterchangeJob.id == job_id, InterchangeJob.organization_id == org.id)
    ).scalar_one_or_none()
    if job is None or (role is not Role.admin and job.created_by_id != user.id):
        raise NotFound(f"No job {job_id}.")
    return job


def list_jobs(session: Session, org: Organization, user: User, limit: int = 20) -> list[InterchangeJob]:
    return list(session.execute(
        select(InterchangeJob).where(InterchangeJob.organization_id == org.id, InterchangeJob.created_by_id == user.id)
        .order_by(InterchangeJob.id.desc()).limit(limit)
    ).scalars())


def download_response(job: InterchangeJob) -> Response:
    """The finished export's bytes, as a download."""
    if job.kind is not JobKind.export_cc or job.status is not JobStatus.done or job.result is None:
        raise NotFound("This job has no cartridge to download (yet).")
    response = Response(job.result, mimetype="application/vnd.ims.imscc+zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def state(job: InterchangeJob, now: datetime) -> dict[str, Any]:
    """What a poller needs (no URLs: views add those)."""
    status, error = job.status, job.error
    if not job.finished and job.updated_at < now - STALE_AFTER:
        status, error = JobStatus.failed, "The job stopped before it finished (the server may have restarted). Start it again."
    return {
        "id": job.id, "kind": job.kind.value, "status": status.value, "progress": job.progress, "step": job.step,
        "error": error, "filename": job.filename, "course_id": job.course_id, "params": job.params, "report": job.report,
        "created_at": job.created_at.isoformat(), "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


# -- running -----------------------------------------------------------------------------------
def start(job: InterchangeJob, data: bytes | None = None) -> None:
    """Run the (committed) job: in a worker thread, or right here when configured inline."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("TOOLPATH_JOBS_INLINE", app.testing):
        run(db.session, job.id, data, progress_writer=None)
    else:
        _executor.submit(_in_thread, app, job.id, data)


def _in_thread(app: Flask, job_id: int, data: bytes | None) -> None:
    with app.app_context():
        try:
            run(db.session, job_id, data, progress_writer=_ProgressWriter(job_id))
        finally:
            db.session.remove()


class _ProgressWriter:
    """Writes progress through its own connection, at most a few times a second."""

    def __init__(self, job_id: int) -> None:
        self.job_id, self.last_percent, self.last_time = job_id, -1, 0.0

    def __call__(self, done: int, total: int, step: str) -> None:
        percent = min(100, done * 100 // max(total, 1))
        now = time.monotonic()
        if percent == self.last_percent or (now - self.last_time < 0.25 and percent < 100):
            return
        self.last_percent, self.last_time = percent, now
        try:
            with Session(db.engine) as side:
                side.execute(update(InterchangeJob).where(InterchangeJob.id == self.job_id)
                             .values(progress=percent, step=step[:300], status=JobStatus.running, updated_at=utcnow()))
                side.commit()
        except Exception:  # progress is a courtesy: never let it fail the work
            log.warning("could not record progress of job %s", self.job_id, exc_info=True)


def run(session: Session, job_id: int, data: bytes | None, *, progress_writer: Callable[[int, int, str], None] | None) -> None:
    job = session.get(InterchangeJob, job_id)
    if job is None:
        return
    job.status, job.updated_at = JobStatus.running, utcnow()
    session.commit()
    progress = progress_writer or (lambda done, total, step: None)
    try:
        if job.kind is JobKind.export_cc:
            _export(session, job, progress)
        else:
            _import(session, job, data or b"", progress)
        job.status, job.progress, job.step = JobStatus.done, 100, "Done"
        job.finished_at = job.updated_at = utcnow()
        session.commit()
    except Exception as exc:
        session.rollback()
        if isinstance(exc, DomainError):
            message = exc.message
        else:
            log.exception("interchange job %s failed", job_id)
            message = "Something went wrong on our side; the job was stopped and nothing was changed."
        job = session.get(InterchangeJob, job_id)
        if job is not None:
            job.status, job.error, job.step = JobStatus.failed, message, "Failed"
            job.finished_at = job.updated_at = utcnow()
            session.commit()


def _export(session: Session, job: InterchangeJob, progress) -> None:
    org = session.get(Organization, job.organization_id)
    course = session.get(Course, job.course_id) if job.course_id else None
    if org is None or course is None:
        raise NotFound("The course was deleted before the export ran.")
    result = cartridges.export_cartridge(session, org, course, version=job.params["version"],
                                         unit_ids=job.params.get("unit_ids"), progress=progress)
    job.result, job.filename, job.report = result.data, result.filename, result.report


def upload_limits() -> Limits:
    """Uploads are unpacked in memory (files become Asset rows): cap what a small upload may grow to."""
    mib = 1024 * 1024
    total = int(current_app.config.get("TOOLPATH_CC_MAX_UNPACKED_MB", 512)) * mib
    return replace(DEFAULT_LIMITS, max_total_size=total, max_file_size=min(DEFAULT_LIMITS.max_file_size, total))


def _import(session: Session, job: InterchangeJob, data: bytes, progress) -> None:
    org = session.get(Organization, job.organization_id)
    actor = session.get(User, job.created_by_id) if job.created_by_id else None
    outcome = cartridges.import_cartridge(session, actor, utcnow(), org, data, filename=job.filename, progress=progress,
                                          limits=upload_limits())
    job.course_id, job.report = outcome.course.id, outcome.report
