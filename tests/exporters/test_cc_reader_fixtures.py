"""Reading the real Canvas-made cartridges in ../shared/fixtures/cc, quirks included."""
from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from exporters.common_cartridge import ImportResult, read_cartridge
from exporters.common_cartridge.errors import MissingManifestError
from exporters.model import ItemType, LinkKind

from .conftest import zip_directory

MC, MR, TF, FIB, ESSAY = (ItemType.multiple_choice, ItemType.multiple_response, ItemType.true_false,
                          ItemType.fill_in_blank, ItemType.essay)


def read(cc_fixtures: Path, name: str) -> ImportResult:
    """Read a fixture; an unpacked one is read as a directory and as an in-memory zip, which must agree."""
    path = cc_fixtures / name
    result = read_cartridge(path)
    if path.is_dir():
        assert read_cartridge(zip_directory(path)) == result
    return result


def unit(result: ImportResult, title: str):
    (found,) = [u for u in result.course.units if u.title == title]
    return found


def skipped(result: ImportResult, kind: str) -> list[str]:
    return [s.title for s in result.report.skipped if s.kind == kind]


def test_every_fixture_is_read(cc_fixtures):
    for path in sorted(cc_fixtures.iterdir()):
        if path.name == "single-page":  # an incomplete copy: only course_settings/, no manifest
            with pytest.raises(MissingManifestError, match="no imsmanifest.xml"):
                read_cartridge(path)
            continue
        result = read_cartridge(path)
        assert result.course.title and result.report.version in ("1.1", "1.3")


def test_all_question_types(cc_fixtures):
    r = read(cc_fixtures, "all-question-types")
    assert (r.course.title, r.report.version, r.report.made_by_canvas) == ("XavierSchool", "1.3", True)
    (quiz,) = unit(r, "Other content").assessments
    assert quiz.title == "ALL QUESTION TYPES QUIZ"
    assert "This quiz uses ALL Question Types" in quiz.instructions  # from Canvas's assessment_meta.xml
    assert [i.item_type for i in quiz.items] == [MC, TF, MR, ESSAY]
    mc, tf, mr, _ = quiz.items
    assert "RED" in mc.prompt and [c.text for c in mc.choices if c.correct] == ["3"]
    assert tf.tf_answer is False
    assert [c.text for c in mr.choices if c.correct] == ["A", "B", "C"]
    reasons = " ".join(s.reason for s in r.report.skipped if s.kind == "question")
    for canvas_type in ("multiple dropdowns", "matching", "numerical", "calculated", "text only", "file upload"):
        assert canvas_type in reasons
    assert len(skipped(r, "question")) == 6


def test_ally_workshop(cc_fixtures):
    r = read(cc_fixtures, "allyworkshop.imscc")
    assert r.course.title == "Ally: Accessibility Workshop"
    assert r.course.rights.startswith("CC Attribution Share Alike")
    assert [u.title for u in r.course.units] == [
        "Part 1: Overview: Accessibility and ALLY", 'Part 2: "Before" courses', 'Part 3: "After" courses',
        "More on Accessibility", "Other content"]
    part1 = r.course.units[0]
    assert [lesson.title for lesson in part1.lessons] == [
        "Accessibility FAQ", "What is ALLY?", "Alt Text: Writing Alternative Text", "Caption Hub"]
    assert [(k.kind, k.title) for k in part1.links] == [(LinkKind.discussion, "Accessibility in your life")]
    what_is = part1.lessons[1]
    (asset,) = what_is.assets
    assert (asset.path, asset.content_type, len(asset.data)) == ("about_ally.png", "image/png", 85813)
    assert 'src="about_ally.png"' in what_is.body_html  # the $IMS-CC-FILEBASE$ link now names the asset
    other = unit(r, "Other content")
    assert len(other.lessons) == 6 and [k.kind for k in other.links] == [LinkKind.discussion, LinkKind.lti]
    assert other.links[1].url == "https://www.canvabadges.org/placement_launch"
    assert skipped(r, "module item") == ["Badge: ALLY Badge"]  # its resource is not in the zip


def test_assignment_with_rubric(cc_fixtures):
    r = read(cc_fixtures, "assignment-rubrics")
    (lesson,) = unit(r, "Other content").lessons
    assert lesson.title == "Rubricated Assignment" and "rubricated" in lesson.body_html
    assert any("Assignments were imported as pages" in n for n in r.report.notes)


def test_canvas_gem_course_cc11_ids_starting_with_digits(cc_fixtures):
    r = read(cc_fixtures, "canvas_cc_gem_course.imscc")
    assert (r.course.title, r.report.version) == ("Canvas CC Gem Course", "1.1")
    lessons = unit(r, "Other content").lessons
    assert [lesson.identifier for lesson in lessons] == [
        "2d7d5ca55a932e43c614910000000004", "2d7d5ca55a932e43c614910000000005", "2d7d5ca55a932e43c614910000000006"]
    assert all(lesson.body_html == "<p>This is assignment content.</p>" for lesson in lessons)


def test_course_1(cc_fixtures):
    r = read(cc_fixtures, "course-1")
    assert r.course.title == "COURSE-for-modules-testing"
    (module,) = r.course.units
    assert module.title == "First Module"
    assert [lesson.title for lesson in module.lessons] == [
        "First Module Assignment 1", "First Module Wiki Page 1", "Sample Document", "photo.jpg",
        "Assignment with internal links", "The First Measured Century: 1930-1960 (60:00)"]
    (quiz,) = module.assessments
    assert quiz.title == "First Module Quiz 1" and [i.item_type for i in quiz.items] == [MC]
    assert [(k.kind, k.title) for k in module.links] == [
        (LinkKind.discussion, "First Module Discussion 1"), (LinkKind.web, "First Module External URL 1")]
    assert module.links[1].url == "http://google.com"
    internal = module.lessons[4]
    assert sorted(a.path for a in internal.assets) == ["photo.jpg", "sample-document.pdf"]
    assert module.lessons[2].assets[0].content_type == "application/pdf"
    assert skipped(r, "text header") == ["First Module Text Header 1"]
    assert skipped(r, "module item") == ["First Module AnalyTics Beta External Tool"]
    assert skipped(r, "question bank") == ["Unfiled Questions"]
    assert any("'publisheddocument' twice" in n for n in r.report.notes)


def test_associated_content_assignments_and_missing_quiz_file(cc_fixtures):
    r = read(cc_fixtures, "course-with-associated-content-assignments")
    assert r.report.version == "1.1"
    module = unit(r, "Some Assignments")
    assert [lesson.title for lesson in module.lessons] == ["Published Assignment", "Unpublished Assignment"]
    # "Other Quiz" has no <file> for its CC QTI; Canvas's non_cc_assessments copy is read instead.
    assert [(a.title, [i.item_type for i in a.items]) for a in module.assessments] == [
        ("New Quiz", [MC]), ("Other Quiz", [MC])]
    other = unit(r, "Other content")
    assert [lesson.title for lesson in other.lessons] == ["Learning"]
    assert [(k.kind, k.title) for k in other.links] == [
        (LinkKind.discussion, "Discuss This"), (LinkKind.discussion, "Announcement"),
        (LinkKind.lti, "Canvas Commons"), (LinkKind.lti, "OER Commons")]


def test_course_with_no_showable_resources(cc_fixtures):
    r = read(cc_fixtures, "course-with-no-showable-resources")
    (module,) = r.course.units
    assert module.title == "testing" and not (module.lessons or module.assessments or module.links)
    assert len(skipped(r, "module item")) == 5


def test_question_groups(cc_fixtures):
    r = read(cc_fixtures, "grouptest.zip")
    (module,) = r.course.units
    assert [(a.title, [i.item_type for i in a.items]) for a in module.assessments] == [
        ("Grouped questions", [TF, ESSAY, MR, ESSAY]), ("Mixed Quiz", [ESSAY, MC, TF]), ("Ungrouped Quiz", [FIB])]
    (fib,) = module.assessments[2].items
    assert fib.accepted == ("C", "D") and fib.case_sensitive is False
    assert module.assessments[0].points == Decimal(4)
    assert sorted(skipped(r, "question")) == ["Grouped questions: question 4 ('Question 4')", "Ungrouped Quiz: question 2 ('Q2')"]
    assert any("picks 2 of 3 questions" in n for n in r.report.notes)


def test_latex(cc_fixtures):
    r = read(cc_fixtures, "latex.imscc")
    (module,) = r.course.units
    assert (r.report.version, module.title, [x.title for x in module.lessons]) == ("1.1", "Example Module", ["Page 1", "Page 2"])
    assert r"\(f(10)\)" in module.lessons[0].body_html


def test_multiple_pages_including_an_href_without_file(cc_fixtures):
    r = read(cc_fixtures, "multiple-pages")
    lessons = unit(r, "Other content").lessons
    assert [lesson.title for lesson in lessons] == ["First Page", "Second Page", "Third Page"]
    assert "$WIKI_REFERENCE$" in lessons[1].body_html  # left as found; it names a Canvas page


@pytest.mark.parametrize("name, version", [("reference-cc11", "1.1"), ("reference-cc13.imscc", "1.3")])
def test_reference_cartridges(cc_fixtures, name, version):
    r = read(cc_fixtures, name)
    assert (r.course.title, r.course.description, r.course.keywords, r.report.version) == (
        "Unit 3: Fractions", "Grade 4 fractions unit.", ("fractions",), version)
    assert r.report.skipped == () and not r.report.made_by_canvas
    (module,) = r.course.units
    assert module.title == "Lesson 1: Equivalent fractions"
    (overview,) = module.lessons
    assert [a.path for a in overview.assets] == ["unit1/images/wall.png"]
    assert 'src="unit1/images/wall.png"' in overview.body_html
    (quiz,) = module.assessments
    assert quiz.title == "Exit ticket" and [c.text for c in quiz.items[0].choices if c.correct] == ["2/4"]
    assert [(k.kind, k.title) for k in module.links] == [
        (LinkKind.web, "Fraction wall (external)"), (LinkKind.discussion, "Discuss: where do you see fractions?"),
        (LinkKind.lti, "Practice tool (LTI)")]
    assert module.links[2].url == "https://tool.example.org/launch"
    if version == "1.3":
        (standard,) = overview.standards
        assert (standard.guid, standard.label, standard.provider, standard.region, standard.version) == (
            "5a0d5e5a-0000-4000-8000-000000000001", "CCSS.MATH.CONTENT.4.NF.A.1", "CASE", "US", "1.0")


def test_rich_content_filebase_links(cc_fixtures):
    r = read(cc_fixtures, "rich-content-cc-file")
    (page,) = unit(r, "Other content").lessons
    assert page.title == "Front Page!"
    # "$IMS-CC-FILEBASE$/Uploaded%20Media/..." and Canvas's "%24IMS_CC_FILEBASE%24/files/shapes.jpg" both resolve.
    assert [a.path for a in page.assets] == ["Uploaded Media/border copy.png", "shapes.jpg"]
    assert 'src="Uploaded%20Media/border%20copy.png"' in page.body_html and 'src="shapes.jpg"' in page.body_html
    assert any("point to files the cartridge does not contain" in n for n in r.report.notes)  # change 300 dpi.pdf


def test_single_items(cc_fixtures):
    assignment = read(cc_fixtures, "single-assignment")
    assert [x.title for x in unit(assignment, "Other content").lessons] == ["Assignment"]
    discussion = read(cc_fixtures, "single-discussion")
    (topic,) = unit(discussion, "Other content").links
    assert (topic.kind, topic.title) == (LinkKind.discussion, "Test discussion")
    page = read(cc_fixtures, "single-page.imscc")
    assert page.course.title == "The Life of Paul"
    assert [x.title for x in unit(page, "Other content").lessons] == ["Our Purpose"]


@pytest.mark.parametrize("namespace, version", [
    ("http://www.imsglobal.org/xsd/imscc/imscp_v1p1", "1.0"),
    ("http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1", "1.2"),
])
def test_older_and_newer_namespaces_are_read(cc_fixtures, namespace, version):
    """No CC 1.0/1.2 fixture exists; the 1.1 reference with its manifest namespace swapped stands in."""
    data = zip_directory(cc_fixtures / "reference-cc11")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(
        b"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", namespace.encode()).replace(
        b"<schemaversion>1.1.0", f"<schemaversion>{version}.0".encode())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    result = read_cartridge(buffer.getvalue())
    assert result.report.version == version
    assert result.course == read_cartridge(cc_fixtures / "reference-cc11").course
