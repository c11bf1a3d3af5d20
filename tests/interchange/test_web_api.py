"""Where people use it: the course page's download form, the upload form, job pages, and /api/v1."""
from __future__ import annotations

import io
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from authoring.api.tokens import create_token
from authoring.curriculum.models import Course, UnitStatus
from authoring.interchange.models import InterchangeJob
from exporters.common_cartridge import check_cartridge, read_cartridge
from tests.fixtures.tenancy import make_org, make_user, sign_in

from .conftest import make_course


@pytest.fixture()
def world(app, db_session):
    org = make_org(db_session)
    course, units = make_course(db_session, org, units=2)
    people = {role: make_user(db_session, org, role) for role in ("admin", "author", "reviewer", "teacher", "learner")}
    db_session.commit()
    return {"org": org, "course": course, "units": units, "people": people}


def client_for(app, world, role):
    return sign_in(app.test_client(), world["people"][role].email)


def bearer(db_session, world, role):
    _, secret = create_token(db_session, world["people"][role], datetime.now(timezone.utc), world["org"], "t")
    db_session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_the_course_page_offers_download_and_import(app, world):
    org, course = world["org"], world["course"]
    page = client_for(app, world, "author").get(f"/o/{org.slug}/courses/{course.slug}").get_data(as_text=True)
    assert "Download as Common Cartridge" in page and f"/o/{org.slug}/courses/{course.id}/cartridge" in page
    assert page.count('name="unit"') == 2 and 'value="thin"' in page and "Import a Common Cartridge" in page
    page = client_for(app, world, "teacher").get(f"/o/{org.slug}/courses/{course.slug}").get_data(as_text=True)
    assert "Download as Common Cartridge" in page and "Import a Common Cartridge" not in page


@pytest.mark.parametrize("role", ["author", "teacher", "reviewer", "admin"])
def test_download_through_a_job_page(app, world, role):
    org, course = world["org"], world["course"]
    client = client_for(app, world, role)
    r = client.post(f"/o/{org.slug}/courses/{course.id}/cartridge", data={"version": "1.1"})
    assert r.status_code == 303
    page = client.get(r.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "passed Toolpath" in text
    link = re.search(r'href="([^"]+/download)"', text).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download.mimetype == "application/vnd.ims.imscc+zip"
    assert f'filename="{course.slug}-cc1.1.imscc"' in download.headers["Content-Disposition"]
    assert check_cartridge(download.data) == [] and read_cartridge(download.data).report.version == "1.1"


def test_chosen_units_and_bad_choices(app, world):
    org, course, units = world["org"], world["course"], world["units"]
    client = client_for(app, world, "author")
    r = client.post(f"/o/{org.slug}/courses/{course.id}/cartridge", data={"version": "thin", "units": "chosen", "unit": [str(units[1].id)]})
    data = client.get(r.headers["Location"] + "/download").data
    assert [u.title for u in read_cartridge(data).course.units] == [units[1].title]
    assert client.post(f"/o/{org.slug}/courses/{course.id}/cartridge", data={"version": "9"}).status_code == 422
    r = client.post(f"/o/{org.slug}/courses/{course.id}/cartridge", data={"units": "chosen"})
    assert r.status_code == 422 and "at least one unit" in r.get_data(as_text=True)
    r = client.post(f"/o/{org.slug}/courses/{course.id}/cartridge", data={"units": "chosen", "unit": ["999999"]})
    assert r.status_code == 422 and "not in this course" in r.get_data(as_text=True)


def test_upload_form_imports_into_a_draft_course_with_a_report(app, db_session, world, cc_fixtures):
    org = world["org"]
    client = client_for(app, world, "author")
    assert "Cartridge file" in client.get(f"/o/{org.slug}/cartridges/import").get_data(as_text=True)
    data = (cc_fixtures / "reference-cc13.imscc").read_bytes()
    r = client.post(f"/o/{org.slug}/cartridges/import", data={"file": (io.BytesIO(data), "reference-cc13.imscc")},
                    content_type="multipart/form-data")
    assert r.status_code == 303
    text = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Imported a Common Cartridge 1.3" in text and "Created" in text and "Not imported" in text
    job = db_session.execute(select(InterchangeJob).where(InterchangeJob.organization_id == org.id)).scalar_one()
    course = db_session.get(Course, job.course_id)
    assert course.organization_id == org.id and all(u.status is UnitStatus.draft for u in course.units)
    assert f"/o/{org.slug}/courses/{course.slug}" in text
    assert "reference-cc13.imscc" in client.get(f"/o/{org.slug}/cartridges/import").get_data(as_text=True)  # recent jobs


def test_jobs_are_private_to_their_owner_and_admins(app, world):
    org, course = world["org"], world["course"]
    r = client_for(app, world, "author").post(f"/o/{org.slug}/courses/{course.id}/cartridge", data={})
    job_url = r.headers["Location"]
    assert client_for(app, world, "teacher").get(job_url).status_code == 404
    assert client_for(app, world, "teacher").get(job_url + "/download").status_code == 404
    assert client_for(app, world, "admin").get(job_url).status_code == 200
    assert client_for(app, world, "reviewer").get(f"/o/{org.slug}/cartridges/import").status_code == 403


def test_another_organization_sees_nothing(app, db_session, world):
    org, course = world["org"], world["course"]
    r = client_for(app, world, "author").post(f"/o/{org.slug}/courses/{course.id}/cartridge", data={})
    job_id = int(r.headers["Location"].rsplit("/", 1)[1])
    other = make_org(db_session)
    stranger = make_user(db_session, other, "admin")
    other_course, _ = make_course(db_session, other, units=1, images=False)
    db_session.commit()
    client = sign_in(app.test_client(), stranger.email)
    assert client.get(f"/o/{org.slug}/cartridges/jobs/{job_id}").status_code == 404          # not a member
    assert client.get(f"/o/{other.slug}/cartridges/jobs/{job_id}").status_code == 404        # not their job
    assert client.get(f"/o/{other.slug}/cartridges/jobs/{job_id}/download").status_code == 404
    assert client.post(f"/o/{other.slug}/courses/{course.id}/cartridge", data={}).status_code == 404  # not their course
    assert client.post(f"/o/{other.slug}/courses/{other_course.id}/cartridge", data={}).status_code == 303


def test_the_api_exports_and_imports(app, client, db_session, world):
    org, course = world["org"], world["course"]
    headers = bearer(db_session, world, "author")
    r = client.post(f"/api/v1/orgs/{org.slug}/courses/{course.id}/cartridge-exports", json={"cc_version": "thin"}, headers=headers)
    assert r.status_code == 202, r.get_json()
    job = r.get_json()
    assert r.headers["Location"] == job["links"]["self"] and job["status"] == "done" and job["progress"] == 100
    assert job["report"]["version"] == "thin" and job["report"]["findings"] == []
    polled = client.get(job["links"]["self"], headers=headers).get_json()
    assert polled["status"] == "done" and polled["links"]["download"]
    data = client.get(polled["links"]["download"], headers=headers).data
    assert check_cartridge(data) == []

    r = client.post(f"/api/v1/orgs/{org.slug}/cartridge-imports", data={"file": (io.BytesIO(data), "thin.imscc")},
                    content_type="multipart/form-data", headers=headers)
    assert r.status_code == 202, r.get_json()
    imported = r.get_json()
    assert imported["status"] == "done" and imported["links"]["course"].startswith(f"/o/{org.slug}/courses/")
    assert imported["report"]["created"]["LTI links as lessons"] == sum(
        len(u.lessons) + len(u.assessments) for u in world["units"])


def test_api_refusals_have_the_error_shape(app, client, db_session, world):
    org, course = world["org"], world["course"]
    teacher, author = bearer(db_session, world, "teacher"), bearer(db_session, world, "author")
    r = client.post(f"/api/v1/orgs/{org.slug}/cartridge-imports", data={}, headers=teacher)
    assert r.status_code == 403 and set(r.get_json()) == {"code", "status", "message", "errors"}
    r = client.post(f"/api/v1/orgs/{org.slug}/cartridge-imports", data={}, headers=author)
    assert r.status_code == 422 and r.get_json()["errors"] == {"file": ["required"]}
    r = client.post(f"/api/v1/orgs/{org.slug}/courses/{course.id}/cartridge-exports", json={"cc_version": "2"}, headers=author)
    assert r.status_code == 422 and "cc_version" in r.get_json()["errors"]
    r = client.post(f"/api/v1/orgs/{org.slug}/cartridge-imports", data={"file": (io.BytesIO(b"junk"), "x.imscc")},
                    content_type="multipart/form-data", headers=author)
    assert r.status_code == 202 and r.get_json()["status"] == "failed" and "not a zip" in r.get_json()["error"]
    other = make_org(db_session)
    db_session.commit()
    foreign = {"Authorization": bearer(db_session, world, "admin")["Authorization"]}
    r = client.post(f"/api/v1/orgs/{other.slug}/courses/{course.id}/cartridge-exports", json={}, headers=foreign)
    assert r.status_code == 404   # a token of one organization names nothing in another
    r = client.get(f"/api/v1/orgs/{org.slug}/interchange-jobs/999999", headers=author)
    assert r.status_code == 404 and r.get_json()["code"] == "not_found"


def test_the_openapi_document_describes_the_cartridge_endpoints(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    export = paths["/api/v1/orgs/{org}/courses/{course_id}/cartridge-exports"]["post"]
    assert "202" in export["responses"] and export["requestBody"]
    assert {"/api/v1/orgs/{org}/cartridge-imports", "/api/v1/orgs/{org}/interchange-jobs/{job_id}",
            "/api/v1/orgs/{org}/interchange-jobs/{job_id}/cartridge"} <= set(paths)
