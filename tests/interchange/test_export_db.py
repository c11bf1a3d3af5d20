"""Published revisions in the database -> cartridges: valid in every variant, deterministic, with the
unit's images, standards and launch links, and never a draft."""
from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import event, select

from authoring.curriculum import services
from authoring.curriculum.models import Course, UnitStatus
from authoring.errors import ValidationFailed
from authoring.interchange.cartridges import export_cartridge
from exporters.common_cartridge import check_cartridge, read_cartridge
from tests.fixtures.tenancy import make_org, make_user

from .conftest import NOW, PNG, make_course, publish, zip_entries

VERSIONS = ("1.3", "1.1", "thin")


def validate(validator, path) -> str:
    result = subprocess.run([sys.executable, str(validator), "--resources", str(path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INVALID" not in result.stdout and "MISSING" not in result.stdout, result.stdout
    return result.stdout


def sample_courses(db_session, demo_org) -> list[Course]:
    courses = list(db_session.execute(select(Course).where(Course.organization_id == demo_org.id).order_by(Course.slug)).scalars())
    assert {"machining-level-1", "safety-lean-fundamentals"} <= {c.slug for c in courses}
    return courses


@pytest.mark.parametrize("version", VERSIONS)
def test_sample_courses_export_valid_cartridges(db_session, demo_org, validator, tmp_path, version):
    for course in sample_courses(db_session, demo_org):
        result = export_cartridge(db_session, demo_org, course, version=version, now=NOW)
        assert result.report["findings"] == [] and check_cartridge(result.data) == []
        path = tmp_path / result.filename
        path.write_bytes(result.data)
        validate(validator, path)
        read = read_cartridge(result.data)
        assert [u.title for u in read.course.units] == [u["title"] for u in result.report["units"]]
        assert read.course.title == course.title
        assert read.report.version == ("1.1" if version == "1.1" else "1.3")


@pytest.mark.parametrize("version", VERSIONS)
def test_a_course_with_images_exports_valid_cartridges(db_session, validator, tmp_path, version):
    org = make_org(db_session)
    course, _ = make_course(db_session, org)
    result = export_cartridge(db_session, org, course, version=version, now=NOW)
    assert result.report["findings"] == [] and result.report["counts"]["files"] == 2
    (tmp_path / "c.imscc").write_bytes(result.data)
    validate(validator, tmp_path / "c.imscc")


def test_the_same_revisions_give_the_same_bytes(db_session):
    org = make_org(db_session)
    course, _ = make_course(db_session, org)
    first = export_cartridge(db_session, org, course, now=NOW).data
    db_session.expire_all()
    assert export_cartridge(db_session, org, course, now=NOW).data == first
    # Without a clock, the newest revision's publication time is used: a download is repeatable too.
    assert export_cartridge(db_session, org, course).data == export_cartridge(db_session, org, course).data
    for version in ("1.1", "thin"):
        assert export_cartridge(db_session, org, course, version=version, now=NOW).data == \
            export_cartridge(db_session, org, course, version=version, now=NOW).data


def test_images_are_packed_and_links_rewritten(db_session):
    org = make_org(db_session)
    course, units = make_course(db_session, org)
    entries = zip_entries(export_cartridge(db_session, org, course, now=NOW).data)
    images = sorted(n for n in entries if n.startswith("web_resources/"))
    assert len(images) == 2 and all(n.endswith("/chuck-key.png") for n in images)
    assert {entries[n] for n in images} == {PNG, PNG + b"first"}
    pages = [data.decode() for name, data in entries.items() if name.startswith("lessons/")]
    assert sum("../web_resources/images/" in page for page in pages) == 2
    assert not any("/assets/" in page for page in pages), "no link back to the app's own asset URLs"
    lesson = read_cartridge(zip_entries_to_zip(entries)).course.units[0].lessons[0]
    assert lesson.assets[0].data == PNG + b"first" and lesson.assets[0].path in lesson.body_html


def zip_entries_to_zip(entries: dict[str, bytes]) -> bytes:
    from .conftest import make_zip

    return make_zip(*entries.items())


def test_a_draft_is_never_exported(db_session):
    org = make_org(db_session)
    course, units = make_course(db_session, org, units=1, images=False)
    author = make_user(db_session, org, "author")
    lesson = units[0].lessons[0]
    services.update_lesson(db_session, author, NOW, lesson, {"body_html": "<p>Work in progress.</p>"}, expected=units[0].version)
    assert units[0].status is UnitStatus.draft
    result = export_cartridge(db_session, org, course, now=NOW)
    body = read_cartridge(result.data).course.units[0].lessons[0].body_html
    assert "Lesson 1 text." in body and "Work in progress" not in body
    assert result.report["units"] == [{"id": units[0].id, "title": units[0].title, "revision": 1}]


def test_standards_revisions_and_launch_links(db_session, app):
    org = make_org(db_session)
    course, units = make_course(db_session, org, units=1, images=False)
    unit = units[0]
    revision = unit.revisions[-1]
    doc = read_cartridge(export_cartridge(db_session, org, course, now=NOW).data).course
    (read_unit,) = doc.units
    expected = {str(a.item.identifier) for o in unit.outcomes for a in o.alignments}
    assert {s.guid for s in read_unit.standards} == expected and read_unit.revision == revision.number
    assert {s.provider for s in read_unit.standards} == {unit.outcomes[0].alignments[0].item.framework.title}
    lesson_url = read_unit.lessons[0].launch_url
    assert lesson_url == (f"{app.config['TOOLPATH_BASE_URL']}/lti/launch?toolpath_kind=lesson"
                          f"&toolpath_revision={revision.id}&toolpath_item={unit.lessons[0].id}")
    quiz = read_unit.assessments[0]
    assert "toolpath_kind=assessment" in quiz.launch_url
    # A quiz carries the standards of the outcomes its questions assess (make_unit: outcomes 1-3).
    assessed = {str(a.item.identifier) for i in unit.assessments[0].items for o in i.outcomes for a in o.alignments}
    assert {s.guid for s in quiz.standards} == assessed
    assert [i.outcome_codes for i in quiz.items] == [("LO-01",), ("LO-02",), ("LO-03",)]


def test_which_units_go_in(db_session):
    org = make_org(db_session)
    course, units = make_course(db_session, org, units=3, images=False)
    author = make_user(db_session, org, "author")
    from tests.authoring.factories import make_unit

    draft = make_unit(db_session, org, course=course)
    result = export_cartridge(db_session, org, course, unit_ids=[units[2].id, units[0].id], now=NOW)
    assert [u["id"] for u in result.report["units"]] == [units[2].id, units[0].id]
    everything = export_cartridge(db_session, org, course, now=NOW)
    assert [u["id"] for u in everything.report["units"]] == [u.id for u in units]
    assert everything.report["left_out"] == [{"title": draft.title, "reason": "never published"}]
    services.archive(db_session, author, NOW, units[1], expected=units[1].version)
    assert {"title": units[1].title, "reason": "archived"} in export_cartridge(db_session, org, course, now=NOW).report["left_out"]
    with pytest.raises(ValidationFailed, match="never published|Only published"):
        export_cartridge(db_session, org, course, unit_ids=[draft.id], now=NOW)
    with pytest.raises(ValidationFailed, match="not in this course"):
        export_cartridge(db_session, org, course, unit_ids=[999999], now=NOW)
    with pytest.raises(ValidationFailed, match="1.3, 1.1 or thin"):
        export_cartridge(db_session, org, course, version="2.0", now=NOW)


def test_a_course_with_nothing_published_is_refused(db_session):
    org = make_org(db_session)
    from tests.authoring.factories import make_unit

    unit = make_unit(db_session, org)
    with pytest.raises(ValidationFailed, match="no published units"):
        export_cartridge(db_session, org, unit.course, now=NOW)


def test_another_organizations_images_never_leak(db_session):
    """A lesson naming another organization's asset URL exports without that file."""
    org, other = make_org(db_session), make_org(db_session)
    _, other_units = make_course(db_session, other, units=1)
    other_asset_id = int(other_units[0].lessons[0].body_html.split("/assets/")[1].split('"')[0])
    from tests.authoring.factories import make_unit

    unit = make_unit(db_session, org)
    author = make_user(db_session, org, "author")
    services.update_lesson(db_session, author, NOW, unit.lessons[0],
                           {"body_html": f'<p><img src="/o/{org.slug}/assets/{other_asset_id}" alt="x"></p>'}, expected=unit.version)
    publish(db_session, unit, author)
    result = export_cartridge(db_session, org, unit.course, now=NOW)
    assert not any(n.startswith("web_resources/") for n in zip_entries(result.data))
    assert any("does not have" in w for w in result.report["warnings"])


def test_query_count_does_not_grow_with_the_course(db_session, app):
    from authoring.db import db

    def queries_for(units: int) -> int:
        org = make_org(db_session)
        course, _ = make_course(db_session, org, units=units)
        db_session.expire_all()
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            export_cartridge(db_session, org, db_session.get(Course, course.id), now=NOW)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    small, large = queries_for(1), queries_for(4)
    assert 0 < small == large <= 8
