"""Jobs in a real worker thread: an app of its own on a SQLite file (the suite's rolled-back
connection cannot be shared with a thread), polled the way the job page polls."""
from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest

from authoring import create_app
from authoring.db import db
from authoring.interchange import jobs
from authoring.tenancy.services import get_org
from authoring.interchange.models import InterchangeJob, JobKind, JobStatus
from exporters.common_cartridge import check_cartridge
from tests.fixtures.tenancy import make_org, make_user, sign_in

from .conftest import NOW, make_course


@pytest.fixture()
def threaded(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/jobs.sqlite3", "TESTING": True,
                      "TOOLPATH_JOBS_INLINE": False, "WTF_CSRF_ENABLED": False, "TOOLPATH_BASE_URL": "http://localhost"})
    with app.app_context():
        db.create_all()
        org = make_org(db.session)
        course, _ = make_course(db.session, org, units=2)
        author = make_user(db.session, org, "author")
        db.session.commit()
        world = {"org": org.slug, "course_id": course.id, "email": author.email}
    yield app, world
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def poll(client, url: str, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(url).get_json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job at {url} did not finish")


def test_export_and_import_run_in_a_worker_thread(threaded, cc_fixtures):
    app, world = threaded
    client = sign_in(app.test_client(), world["email"])
    r = client.post(f"/o/{world['org']}/courses/{world['course_id']}/cartridge", data={"version": "1.3"})
    assert r.status_code == 303
    job_id = int(r.headers["Location"].rsplit("/", 1)[1])
    status_url = f"/api/v1/orgs/{world['org']}/interchange-jobs/{job_id}"
    job = poll(client, status_url)
    assert job["status"] == "done" and job["progress"] == 100, job
    assert check_cartridge(client.get(job["links"]["download"]).data) == []

    data = (cc_fixtures / "reference-cc13.imscc").read_bytes()
    r = client.post(f"/api/v1/orgs/{world['org']}/cartridge-imports", data={"file": (io.BytesIO(data), "ref.imscc")},
                    content_type="multipart/form-data")
    assert r.status_code == 202 and r.get_json()["status"] in ("queued", "running", "done")
    job = poll(client, r.headers["Location"])
    assert job["status"] == "done" and job["links"]["course"], job

    r = client.post(f"/api/v1/orgs/{world['org']}/cartridge-imports", data={"file": (io.BytesIO(b"junk"), "junk.imscc")},
                    content_type="multipart/form-data")
    job = poll(client, r.headers["Location"])
    assert job["status"] == "failed" and "not a zip" in job["error"]


def test_progress_is_written_beside_the_work(threaded):
    app, world = threaded
    with app.app_context():
        job = jobs.create_import(db.session, None, NOW, get_org(db.session, world["org"]), "x.imscc", b"x")
        db.session.commit()
        writer = jobs._ProgressWriter(job.id)
        writer(1, 4, "Building unit 1 of 4")
        db.session.expire_all()
        job = db.session.get(InterchangeJob, job.id)
        assert (job.progress, job.step, job.status) == (25, "Building unit 1 of 4", JobStatus.running)


def test_a_job_whose_process_died_shows_as_failed(db_session, demo_org):
    job = InterchangeJob(organization_id=demo_org.id, kind=JobKind.export_cc, status=JobStatus.running,
                         created_at=NOW, updated_at=NOW)
    db_session.add(job)
    db_session.flush()
    assert jobs.state(job, NOW + timedelta(minutes=5))["status"] == "running"
    stale = jobs.state(job, NOW + timedelta(hours=1))
    assert stale["status"] == "failed" and "Start it again" in stale["error"]
