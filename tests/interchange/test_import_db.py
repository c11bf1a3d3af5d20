"""Cartridges -> a new draft course: every real Canvas fixture, files kept as assets, HTML sanitised,
questions validated, links kept as lessons, standards aligned only where the organization sees them."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from authoring.curriculum.models import Asset, Course, ItemType, Lesson, Unit, UnitStatus
from authoring.html import sanitize_html
from authoring.interchange.cartridges import CartridgeRejected, import_cartridge
from authoring.interchange.cartridges.assets import DOWNLOAD_TYPE, asset_url
from authoring.interchange.cartridges.importer import import_course
from exporters.common_cartridge import write_cartridge
from exporters.model import (
    AssessmentDoc, AssetDoc, ChoiceDoc, CourseDoc, ItemDoc, LessonDoc, LinkDoc, StandardRef, UnitDoc,
)
from tests.authoring.factories import make_framework
from tests.exporters.conftest import zip_directory
from tests.fixtures.tenancy import make_org, make_user, sign_in

from .conftest import NOW, PNG, counts


def fixtures(cc_fixtures):
    return [p for p in sorted(cc_fixtures.iterdir()) if p.name != "single-page"]  # that one has no manifest


def test_every_canvas_fixture_becomes_a_draft_course(db_session, cc_fixtures):
    org = make_org(db_session)
    imported = 0
    for path in fixtures(cc_fixtures):
        source = zip_directory(path) if path.is_dir() else path.read_bytes()   # as an upload arrives
        outcome = import_cartridge(db_session, None, NOW, org, source, filename=path.name)
        db_session.flush()
        course = db_session.get(Course, outcome.course.id)
        assert course.organization_id == org.id and outcome.report["course"]["slug"] == course.slug
        assert all(u.status is UnitStatus.draft for u in course.units)
        created = outcome.report["created"]
        assert created.get("units", 0) == len(course.units)
        assert created.get("lessons", 0) == sum(len(u.lessons) for u in course.units), path.name
        assert created.get("assessments", 0) == sum(len(u.assessments) for u in course.units)
        assert created.get("questions", 0) == sum(len(a.items) for u in course.units for a in u.assessments)
        for unit in course.units:
            for lesson in unit.lessons:
                assert sanitize_html(lesson.body_html) == lesson.body_html, (path.name, lesson.title)
        imported += 1
    assert imported >= 15
    single = cc_fixtures / "single-page"
    with pytest.raises(CartridgeRejected, match="no imsmanifest.xml"):
        import_cartridge(db_session, None, NOW, org, zip_directory(single))


def course_of(db_session, outcome) -> Course:
    db_session.flush()
    return db_session.get(Course, outcome.course.id)


def test_canvas_quizzes_keep_supported_questions_and_list_the_rest(db_session, cc_fixtures):
    org = make_org(db_session)
    outcome = import_cartridge(db_session, None, NOW, org, zip_directory(cc_fixtures / "all-question-types"))
    (quiz,) = [a for u in course_of(db_session, outcome).units for a in u.assessments]
    assert quiz.title == "ALL QUESTION TYPES QUIZ"
    assert [i.item_type for i in quiz.items] == [ItemType.multiple_choice, ItemType.true_false,
                                                 ItemType.multiple_response, ItemType.essay]
    assert quiz.items[1].answer == {"value": False}
    assert "RED" in quiz.items[0].prompt and "<" not in quiz.items[0].prompt   # question text is plain text here
    assert [c["text"] for c in quiz.items[2].choices if c["correct"]] == ["A", "B", "C"]
    questions = [s for s in outcome.report["skipped"] if s["kind"] == "question"]
    assert questions and all(s["reason"] for s in questions)
    assert outcome.report["cartridge"]["made_by_canvas"] is True


def test_canvas_files_become_assets_served_by_the_app(app, db_session, cc_fixtures):
    org = make_org(db_session)
    outcome = import_cartridge(db_session, None, NOW, org, zip_directory(cc_fixtures / "course-1"))
    course = course_of(db_session, outcome)
    assets = db_session.execute(select(Asset).where(Asset.organization_id == org.id)).scalars().all()
    assert assets and all(a.unit_id in {u.id for u in course.units} for a in assets)
    linked = [(lesson, a) for u in course.units for lesson in u.lessons for a in assets if asset_url(org.slug, a.id) in lesson.body_html]
    assert linked, "lesson bodies link their files by the app's URL"
    author = make_user(db_session, org, "author")
    db_session.commit()
    client = sign_in(app.test_client(), author.email)
    lesson, asset = linked[0]
    response = client.get(asset_url(org.slug, asset.id))
    assert response.status_code == 200 and response.data == asset.data


def doc(*units: UnitDoc, standards=()) -> CourseDoc:
    return CourseDoc(identifier="c", title="Imported", units=units, standards=standards)


def test_standards_align_only_to_items_the_organization_sees(db_session):
    mine, theirs = make_org(db_session), make_org(db_session)
    framework = make_framework(db_session, mine, items=3)   # private to `mine`
    item = framework.items[1]
    ref = StandardRef(str(item.identifier), f"{item.human_coding} {item.statement}", framework.title)
    unknown = StandardRef("00000000-0000-4000-8000-00000000abcd", "Z.99 Somebody else's standard")
    lesson = LessonDoc("l1", "Reading a micrometer", "<p>Thimble.</p>", Decimal("1.5"), standards=(ref, unknown))
    data = write_cartridge(doc(UnitDoc("u1", "Measuring", lessons=(lesson,), standards=(ref,))), now=NOW)

    outcome = import_cartridge(db_session, None, NOW, mine, data)
    (unit,) = course_of(db_session, outcome).units
    (lo,) = unit.outcomes
    assert [a.item_id for a in lo.alignments] == [item.id]
    assert lo.statement.startswith("The student will") and lo.code == "LO-01"
    assert [s["where"] for s in outcome.report["skipped"] if s["kind"] == "standard"] == [unknown.guid]

    elsewhere = import_cartridge(db_session, None, NOW, theirs, data)
    (unit,) = course_of(db_session, elsewhere).units
    assert unit.outcomes == []
    assert {s["where"] for s in elsewhere.report["skipped"] if s["kind"] == "standard"} == {ref.guid, unknown.guid}


def test_links_become_lessons_and_html_is_sanitised(db_session):
    org = make_org(db_session)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    lesson = LessonDoc("l1", "Hostile page", '<p onclick="steal()">Hi<script>alert(1)</script></p>'
                       '<img src="images/a.png" alt="a"><a href="images/x.svg">drawing</a><a href="javascript:alert(1)">x</a>',
                       assets=(AssetDoc("images/a.png", "image/png", PNG), AssetDoc("images/x.svg", "image/svg+xml", svg)))
    links = (LinkDoc("w", "web", "OSHA machine guarding", url="https://www.osha.gov/machine-guarding"),
             LinkDoc("t", "lti", "Simulator", url="https://sim.example/launch", custom=(("level", "1"),)),
             LinkDoc("d", "discussion", "Near misses", text_html="<p>Share one.</p><script>x</script>"))
    data = write_cartridge(doc(UnitDoc("u1", "Safety", lessons=(lesson,), links=links)), now=NOW)
    outcome = import_cartridge(db_session, None, NOW, org, data)
    (unit,) = course_of(db_session, outcome).units
    page, web, lti, topic = unit.lessons
    for text in ("<script", "onclick", "javascript:"):
        assert text not in page.body_html and text not in topic.body_html
    png, svg_row = sorted(db_session.execute(select(Asset).where(Asset.organization_id == org.id)).scalars(), key=lambda a: a.filename)
    assert (png.content_type, svg_row.content_type) == ("image/png", DOWNLOAD_TYPE)  # never served as SVG
    assert f'src="{asset_url(org.slug, png.id)}"' in page.body_html and asset_url(org.slug, svg_row.id) in page.body_html
    assert 'href="https://www.osha.gov/machine-guarding"' in web.body_html and web.title == "OSHA machine guarding"
    assert "https://sim.example/launch" in lti.body_html and "external tool" in lti.body_html
    assert "Share one." in topic.body_html and "Discussion topic" in topic.body_html
    assert outcome.report["created"]["lessons"] == 4


def test_invalid_questions_are_listed_and_a_quiz_without_any_becomes_a_lesson(db_session):
    org = make_org(db_session)
    good = ItemDoc("q1", "multiple_choice", "<p>Which?</p>", choices=(ChoiceDoc("a", "Yes", True), ChoiceDoc("b", "No")))
    blank = ItemDoc("q2", "fill_in_blank", "<p>Name it.</p>", accepted=("   ",))
    long_ids = ItemDoc("q3", "multiple_response", "<p>Pick.</p>",
                       choices=(ChoiceDoc("x" * 30, "One", True), ChoiceDoc("y" * 30, "Two")))
    quizzes = (AssessmentDoc("a1", "Mixed quiz", "<p>Go.</p>", items=(good, blank, long_ids)),
               AssessmentDoc("a2", "Broken quiz", "<p>Instructions only.</p>", items=(blank,)))
    written = import_course(db_session, None, NOW, org, doc(UnitDoc("u1", "Unit", assessments=quizzes)), lambda *a: None)
    db_session.flush()
    (unit,) = written.course.units
    (quiz,) = unit.assessments
    assert [i.item_type for i in quiz.items] == [ItemType.multiple_choice, ItemType.multiple_response]
    assert [c["id"] for c in quiz.items[1].choices] == ["a", "b"]   # too long for Toolpath: renamed
    assert [s["title"] for s in written.skipped] == ["Mixed quiz: question 2", "Broken quiz: question 1"]
    (lesson,) = unit.lessons
    assert lesson.title == "Broken quiz" and "Instructions only." in lesson.body_html
    assert any("Broken quiz" in n for n in written.notes)


def test_imports_never_collide(db_session):
    org = make_org(db_session)
    data = write_cartridge(doc(UnitDoc("u1", "Same", lessons=(LessonDoc("l", "Page", "<p>x</p>"),)),
                               UnitDoc("u2", "Same", lessons=(LessonDoc("l2", "Page", "<p>y</p>"),))), now=NOW)
    first = course_of(db_session, import_cartridge(db_session, None, NOW, org, data))
    second = course_of(db_session, import_cartridge(db_session, None, NOW, org, data))
    assert (first.slug, second.slug) == ("imported", "imported-2")
    assert [u.slug for u in first.units] == ["same", "same-2"]


def test_an_import_touches_only_its_organization(db_session):
    org, other = make_org(db_session), make_org(db_session)
    before = counts(db_session)
    data = write_cartridge(doc(UnitDoc("u1", "Unit", lessons=(LessonDoc("l", "Page", '<p><img src="a.png" alt=""></p>',
                                                                         assets=(AssetDoc("a.png", "image/png", PNG),)),))), now=NOW)
    import_cartridge(db_session, None, NOW, org, data)
    db_session.flush()
    after = counts(db_session)
    assert {k: after[k] - before[k] for k in after} == {
        "course": 1, "unit": 1, "lesson": 1, "assessment": 0, "assessment_item": 0, "learning_outcome": 0, "alignment": 0,
        "asset": 1, "unit_revision": 0}
    for model in (Course, Unit, Lesson, Asset):
        assert db_session.execute(select(model).where(model.organization_id == other.id)).first() is None
