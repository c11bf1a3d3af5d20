"""Export -> import -> export of our own cartridges keeps the structure, the questions and the alignments."""
from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from authoring.curriculum import revisions
from authoring.curriculum.models import Course
from authoring.interchange.cartridges import export_cartridge, import_cartridge
from exporters.common_cartridge import read_cartridge
from exporters.model import CourseDoc
from tests.fixtures.tenancy import make_org

from .conftest import NOW, make_course


def shape(doc: CourseDoc) -> dict:
    """Everything a round trip must keep, without identifiers (which name database rows)."""
    return {
        "title": doc.title, "description": doc.description, "language": doc.language,
        "units": [{
            "title": u.title, "summary": u.summary, "standards": sorted(s.guid for s in u.standards),
            "lessons": [(l.title, l.hours, l.body_html, sorted(s.guid for s in l.standards),
                         sorted((a.path, a.data) for a in l.assets)) for l in u.lessons],
            "assessments": [(a.title, a.instructions, sorted(s.guid for s in a.standards),
                             [replace(i, identifier="", outcome_codes=()) for i in a.items]) for a in u.assessments],
        } for u in doc.units],
    }


def reimport_and_publish(db_session, org, data: bytes) -> Course:
    outcome = import_cartridge(db_session, None, NOW, org, data)
    db_session.flush()
    course = db_session.get(Course, outcome.course.id)
    for unit in course.units:  # imports are drafts; publish them as they are to export again
        revisions.publish(db_session, unit, None, NOW)
    return course


def round_trip(db_session, org, course, version="1.3"):
    first = export_cartridge(db_session, org, course, version=version, now=NOW)
    again = reimport_and_publish(db_session, org, first.data)
    second = export_cartridge(db_session, org, again, version=version, now=NOW)
    return read_cartridge(first.data).course, read_cartridge(second.data).course, again


@pytest.mark.parametrize("slug", ["machining-level-1", "safety-lean-fundamentals"])
def test_sample_courses_survive_a_round_trip(db_session, demo_org, slug):
    course = db_session.execute(select(Course).where(Course.organization_id == demo_org.id, Course.slug == slug)).scalar_one()
    before, after, again = round_trip(db_session, demo_org, course)
    assert shape(after) == shape(before)
    # In the database: each unit aligns to the same framework items as the original's published revision.
    originals = {u.title: u for u in course.units}
    for unit in again.units:
        snapshot = max(originals[unit.title].revisions, key=lambda r: r.number).snapshot
        wanted = {a["item"] for o in snapshot["outcomes"] for a in o["alignments"]}
        assert {str(a.item.identifier) for o in unit.outcomes for a in o.alignments} == wanted


def test_images_standards_and_questions_survive(db_session):
    org = make_org(db_session)
    course, _ = make_course(db_session, org, units=2)
    before, after, _ = round_trip(db_session, org, course)
    assert shape(after) == shape(before)
    assert sum(len(l.assets) for u in after.units for l in u.lessons) == 2


def test_a_second_round_trip_changes_nothing_more(db_session):
    org = make_org(db_session)
    course, _ = make_course(db_session, org, units=1)
    _, once, again = round_trip(db_session, org, course)
    _, twice, _ = round_trip(db_session, org, again)
    assert shape(twice) == shape(once)
    # Outcome codes are the drafted outcomes' own after an import, and stay put from then on.
    assert [i.outcome_codes for a in twice.units[0].assessments for i in a.items] == \
        [i.outcome_codes for a in once.units[0].assessments for i in a.items]


def test_the_1_1_variant_round_trips_too(db_session):
    org = make_org(db_session)
    course, _ = make_course(db_session, org, units=1)
    before, after, _ = round_trip(db_session, org, course, version="1.1")
    # CC 1.1 has no curriculum standards metadata: structure and questions are what it keeps.
    strip = lambda d: [{k: v for k, v in u.items() if k != "standards"} | {  # noqa: E731
        "lessons": [l[:3] + l[4:] for l in u["lessons"]], "assessments": [a[:2] + a[3:] for a in u["assessments"]]}
        for u in shape(d)["units"]]
    assert strip(after) == strip(before)
