"""export -> read -> export keeps structure, items and standards."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from exporters.common_cartridge import SequentialIds, read_cartridge, write_cartridge
from exporters.model import CourseDoc, LessonDoc

from .courses import NOW, course_for, sample_course


def without_ids(doc):
    """The same document with every identifier blanked (cartridge ids replace model ids on import)."""
    if isinstance(doc, tuple):
        return tuple(without_ids(d) for d in doc)
    if dataclasses.is_dataclass(doc):
        changes = {f.name: without_ids(getattr(doc, f.name)) for f in dataclasses.fields(doc)
                   if isinstance(getattr(doc, f.name), tuple)}
        if hasattr(doc, "identifier"):
            changes["identifier"] = ""
        return dataclasses.replace(doc, **changes)
    return doc


def export(course: CourseDoc, version: str = "1.3") -> bytes:
    return write_cartridge(course, version=version, now=NOW, id_factory=SequentialIds())


def test_cc13_round_trip_keeps_everything_the_course_had():
    course = sample_course()
    back = read_cartridge(export(course))
    assert back.report.skipped == () and back.report.notes == ()
    assert without_ids(back.course) == without_ids(dataclasses.replace(course, launch_base_url=None))


def test_cc13_round_trip_details():
    course = read_cartridge(export(sample_course())).course
    unit = course.units[0]
    assert (unit.revision, unit.summary) == (3, "Parts, speeds and safety.")
    assert [s.guid for s in unit.standards] == ["5a0d5e5a-0000-4000-8000-000000000001",
                                                "5a0d5e5a-0000-4000-8000-000000000002"]
    lesson = unit.lessons[0]
    assert lesson.hours == Decimal("1.50") and lesson.launch_url.endswith("resource=lesson-1")
    assert lesson.assets[0].path == "images/lathe chuck.png"
    quiz = unit.assessments[0]
    assert [s.label for s in quiz.standards] == ["2.B.03 Apply machine guarding rules", "OSHA10-GI-05 Machine guarding"]
    assert quiz.standards[1].provider == "OSHA 10-Hour General Industry"
    assert quiz.points == Decimal("9.5")
    assert quiz.items[0].outcome_codes == ("U1.O1",) and quiz.items[0].feedback.startswith("<p>The chuck shield")
    assert quiz.items[2].outcome_codes == ("U1.O1", "U1.O2")


def test_export_read_export_is_byte_identical():
    first = export(sample_course())
    again = export(read_cartridge(first).course)
    assert again == first


def test_cc11_round_trip_keeps_structure_and_items_but_has_no_room_for_standards_or_hours():
    course = sample_course()
    back = read_cartridge(export(course, "1.1")).course

    def flatten(c: CourseDoc) -> CourseDoc:
        units = tuple(dataclasses.replace(
            u, standards=(), revision=None, summary="",
            lessons=tuple(dataclasses.replace(le, standards=(), hours=Decimal(0)) for le in u.lessons),
            assessments=tuple(dataclasses.replace(a, standards=()) for a in u.assessments),
        ) for u in c.units)
        return dataclasses.replace(c, units=units, launch_base_url=None)

    assert without_ids(back) == without_ids(flatten(course))
    assert all(not lesson.standards for u in back.units for lesson in u.lessons)


def test_thin_round_trip_gives_links_with_the_standards():
    back = read_cartridge(export(course_for("thin"), "thin")).course
    unit = back.units[0]
    assert not unit.lessons and not unit.assessments
    assert [k.title for k in unit.links] == ["Parts of the engine lathe", "Speeds & feeds", "Lathe safety check",
                                             "OSHA machine guarding"]
    assert [s.guid for s in unit.links[0].standards] == ["5a0d5e5a-0000-4000-8000-000000000001"]
    assert unit.links[1].custom == (("toolpath_resource", "lesson-2"),)


def test_reading_lists_given_as_lists_are_frozen():
    lesson = LessonDoc("l", "t", standards=[])  # type: ignore[arg-type]
    assert lesson.standards == () and hash(lesson)
