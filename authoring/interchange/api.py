"""/api/v1/orgs/<org>/...: cartridge export and import as jobs (202 + a job to poll), and the download.

The same roles as the pages (interchange/views.py); the auth, error shape and OpenAPI notes are the
API's own (authoring/api), so these routes appear in /api/openapi.json like every other.
"""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request, url_for

from authoring.api.auth import api_route
from authoring.api.util import doc, load
from authoring.curriculum import policy, services
from authoring.curriculum.models import Course
from authoring.db import db, utcnow
from authoring.extensions import csrf
from authoring.interchange import jobs
from authoring.interchange.models import JobKind, JobStatus
from authoring.interchange.schemas import CartridgeExportIn, InterchangeJobOut

bp = Blueprint("api", __name__, url_prefix="/api/v1/orgs/<org>")


def job_json(job, status: int = 200):
    body = jobs.state(job, utcnow())
    links = {"self": url_for("interchange.api.job", org=g.org.slug, job_id=job.id),
             "page": url_for("interchange.job", org=g.org.slug, job_id=job.id)}
    if job.kind is JobKind.export_cc and job.status is JobStatus.done:
        links["download"] = url_for("interchange.api.download", org=g.org.slug, job_id=job.id)
    if job.kind is JobKind.import_cc and job.status is JobStatus.done and job.course_id:
        course = db.session.get(Course, job.course_id)
        if course is not None:
            links["course"] = url_for("curriculum.course", org=g.org.slug, slug=course.slug)
    body["links"] = links
    response = jsonify(InterchangeJobOut().dump(body))
    response.status_code = status
    if status == 202:
        response.headers["Location"] = links["self"]
    return response


@bp.route("/courses/<int:course_id>/cartridge-exports", methods=["POST"])
@doc("Export a course's published units as a Common Cartridge (a job; poll it, then download)",
     body=CartridgeExportIn, response=InterchangeJobOut, status=202)
@api_route(*policy.READ_PUBLISHED)
def export_course(course_id: int):
    course = services.get_course_by_id(db.session, g.org, course_id)
    data = load(CartridgeExportIn())
    job = jobs.create_export(db.session, g.actor, utcnow(), g.org, course, version=data["cc_version"], unit_ids=data["unit_ids"])
    db.session.commit()
    jobs.start(job)
    return job_json(job, 202)


@bp.route("/cartridge-imports", methods=["POST"])
@doc("Import a Common Cartridge (multipart/form-data, field `file`) into a new course of draft units (a job; poll it)",
     response=InterchangeJobOut, status=202)
@api_route(*policy.EDIT)
def import_cartridge():
    upload = request.files.get("file")
    data = upload.read() if upload is not None else b""
    job = jobs.create_import(db.session, g.actor, utcnow(), g.org, upload.filename if upload else "", data)
    db.session.commit()
    jobs.start(job, data)
    return job_json(job, 202)


@bp.route("/interchange-jobs/<int:job_id>")
@doc("An export or import job: status, progress and, when finished, its report", response=InterchangeJobOut)
@api_route(*policy.READ_PUBLISHED)
def job(job_id: int):
    return job_json(jobs.get_job(db.session, g.org, g.actor, g.membership.role, job_id))


@bp.route("/interchange-jobs/<int:job_id>/cartridge")
@doc("Download a finished export (.imscc)")
@api_route(*policy.READ_PUBLISHED)
def download(job_id: int):
    return jobs.download_response(jobs.get_job(db.session, g.org, g.actor, g.membership.role, job_id))


# Token calls carry no cookie; session calls are CSRF-checked in api.auth (as for the rest of /api/v1).
for _view in (export_course, import_cartridge):
    csrf.exempt(_view)
