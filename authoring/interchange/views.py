"""Cartridge pages: the download form on a course page, the upload form, and a job page that polls.

Who may do what: anyone who may read the course's published units may download them (authors,
reviewers, teachers, admins): a cartridge holds only published revisions, which teachers already
see and deliver, answer keys included. Importing creates a course, so it takes an author or admin.
The JSON API (/api/v1) is a child blueprint in interchange/api.py.
"""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for
from sqlalchemy import func, select

from authoring.curriculum import policy, services
from authoring.curriculum.models import Course, Unit, UnitRevision, UnitStatus
from authoring.db import db, utcnow
from authoring.interchange import jobs
from authoring.interchange.api import bp as api_bp
from authoring.interchange.models import JobKind, JobStatus
from authoring.web import org_route

EXPORT = policy.READ_PUBLISHED
IMPORT = policy.EDIT

bp = Blueprint("interchange", __name__)
bp.register_blueprint(api_bp)


@bp.app_context_processor
def cartridge_helpers():
    def exportable_units(course: Course) -> list[tuple[Unit, int]]:
        """The course's units with a published revision (one query), for the download form."""
        rows = db.session.execute(
            select(Unit, func.max(UnitRevision.number)).join(UnitRevision, UnitRevision.unit_id == Unit.id)
            .where(Unit.course_id == course.id, Unit.organization_id == course.organization_id, Unit.status != UnitStatus.archived)
            .group_by(Unit.id).order_by(Unit.position, Unit.id)
        ).all()
        return [(unit, number) for unit, number in rows]

    return {"exportable_units": exportable_units}


def _job(job_id: int):
    return jobs.get_job(db.session, g.org, g.membership.user, g.membership.role, job_id)


def _to_job(job):
    return redirect(url_for("interchange.job", org=g.org.slug, job_id=job.id), 303)


@bp.route("/o/<org>/courses/<int:course_id>/cartridge", methods=["POST"])
@org_route(*EXPORT)
def export_course(course_id: int):
    course = services.get_course_by_id(db.session, g.org, course_id)
    unit_ids = [int(i) for i in request.form.getlist("unit") if i.isdigit()]
    which = request.form.get("units", "all")
    job = jobs.create_export(db.session, g.membership.user, utcnow(), g.org, course, version=request.form.get("version", "1.3"),
                             unit_ids=unit_ids if which == "chosen" else None)
    db.session.commit()
    jobs.start(job)
    return _to_job(job)


@bp.route("/o/<org>/cartridges/import", methods=["GET", "POST"])
@org_route(*IMPORT)
def import_form():
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read() if upload is not None else b""
        job = jobs.create_import(db.session, g.membership.user, utcnow(), g.org, upload.filename if upload else "", data)
        db.session.commit()
        jobs.start(job, data)
        return _to_job(job)
    return render_template("interchange/import.html", recent=jobs.list_jobs(db.session, g.org, g.membership.user))


@bp.route("/o/<org>/cartridges/jobs/<int:job_id>")
@org_route(*EXPORT)
def job(job_id: int):
    found = _job(job_id)
    state = jobs.state(found, utcnow())
    course = db.session.get(Course, found.course_id) if found.course_id else None
    return render_template("interchange/job.html", job=found, state=state, course=course, JobKind=JobKind, JobStatus=JobStatus)


@bp.route("/o/<org>/cartridges/jobs/<int:job_id>/download")
@org_route(*EXPORT)
def download(job_id: int):
    return jobs.download_response(_job(job_id))

