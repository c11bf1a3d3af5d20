"""Courses for the cartridge tests and benchmarks, built straight from the model dataclasses."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal

from exporters.model import (
    AssessmentDoc, AssetDoc, ChoiceDoc, CourseDoc, ItemDoc, LessonDoc, LinkDoc, StandardRef, UnitDoc,
)

NOW = datetime(2025, 1, 15, 12, 30, 0, tzinfo=timezone.utc)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))

LATHE = StandardRef("5a0d5e5a-0000-4000-8000-000000000001", "1.A.01 Identify the parts of an engine lathe",
                    "Massachusetts CTE Framework: Advanced/Precision Machining", "US-MA", "2014")
GUARD = StandardRef("5a0d5e5a-0000-4000-8000-000000000002", "2.B.03 Apply machine guarding rules",
                    "Massachusetts CTE Framework: Advanced/Precision Machining", "US-MA", "2014")
OSHA = StandardRef("7b1c0d2e-0000-4000-8000-00000000000a", "OSHA10-GI-05 Machine guarding",
                   "OSHA 10-Hour General Industry", "US", "2023")


def sample_course(launch: bool = True) -> CourseDoc:
    """A small course that uses every feature the writer has."""
    base = "https://toolpath.example.org/lti/launch"
    lesson = LessonDoc(
        identifier="3f1e0c2a-lesson-1", title="Parts of the engine lathe",
        body_html='<h2>The headstock</h2><p>The <strong>chuck</strong> holds the work &amp; turns it.</p>'
                  '<p><img src="images/lathe%20chuck.png" alt="A three-jaw chuck"></p>'
                  '<p>See <a href="https://www.osha.gov/machine-guarding">OSHA</a>.</p>',
        hours=Decimal("1.50"), assets=(AssetDoc("images/lathe chuck.png", "image/png", PNG),),
        standards=(LATHE,), launch_url=f"{base}?resource=lesson-1" if launch else None,
    )
    lesson2 = LessonDoc(identifier="lesson-2", title="Speeds & feeds", body_html="<p>RPM = (CS × 4) / D</p>",
                        hours=Decimal("0.75"), assets=(AssetDoc("images/lathe chuck.png", "image/png", PNG),))
    quiz = AssessmentDoc(
        identifier="quiz-1", title="Lathe safety check", instructions="<p>Answer every question.</p>",
        standards=(GUARD, OSHA), launch_url=f"{base}?resource=quiz-1" if launch else None,
        items=(
            ItemDoc("q1", "multiple_choice", "<p>Which guard covers the chuck?</p>",
                    choices=(ChoiceDoc("a", "Chuck shield", True), ChoiceDoc("b", "Chip tray"), ChoiceDoc("c", "None")),
                    feedback="<p>The chuck shield is interlocked.</p>", points=Decimal(2), outcome_codes=("U1.O1",)),
            ItemDoc("q2", "multiple_response", "<p>Which PPE is required at the lathe?</p>",
                    choices=(ChoiceDoc("a", "Safety glasses", True), ChoiceDoc("b", "Necktie"),
                             ChoiceDoc("c", "Closed-toe shoes", True))),
            ItemDoc("q3", "true_false", "<p>Gloves are safe near a turning chuck.</p>", tf_answer=False,
                    outcome_codes=("U1.O1", "U1.O2")),
            ItemDoc("q4", "fill_in_blank", "<p>Write 1/4 inch as a decimal.</p>", accepted=("0.25", ".25"),
                    points=Decimal("0.5")),
            ItemDoc("q5", "essay", "<p>Describe lockout/tagout on the lathe.</p>", points=Decimal(5)),
        ),
    )
    unit1 = UnitDoc(
        identifier="unit-1", title="Unit 1: The engine lathe", summary="Parts, speeds and safety.", revision=3,
        lessons=(lesson, lesson2), assessments=(quiz,), standards=(LATHE, GUARD),
        links=(LinkDoc("link-1", "web", "OSHA machine guarding", "https://www.osha.gov/machine-guarding"),),
    )
    unit2 = UnitDoc(identifier="unit-2", title="Unit 2: Measurement",
                    lessons=(LessonDoc("lesson-3", "Reading a micrometer", "<p>Thimble and sleeve.</p>", Decimal(1)),),
                    links=(LinkDoc("topic-1", "discussion", "Near misses", text_html="<p>Share one near miss.</p>"),))
    return CourseDoc(
        identifier="course-machining-1", title="Machining Level I", description="NIMS-aligned machining basics.",
        language="en", keywords=("machining", "NIMS", "lathe"), rights="CC BY 4.0", units=(unit1, unit2),
        launch_base_url=base,
    )


def big_course(units: int = 40, lessons: int = 10, image_size: int = 50_000, items: int = 20) -> CourseDoc:
    """The benchmark course: units x lessons with one image each, one assessment of `items` per unit."""
    rng = random.Random(7)
    unit_docs = []
    for u in range(units):
        lesson_docs = tuple(
            LessonDoc(
                identifier=f"u{u}-l{n}", title=f"Lesson {u}.{n}",
                body_html=f"<h2>Lesson {u}.{n}</h2>" + "<p>Cutting speed, feed and depth of cut.</p>" * 20
                          + f'<p><img src="img/u{u}/l{n}.png" alt="diagram"></p>',
                hours=Decimal("1.25"), standards=(LATHE,),
                assets=(AssetDoc(f"img/u{u}/l{n}.png", "image/png", rng.randbytes(image_size)),),
            )
            for n in range(lessons)
        )
        quiz = AssessmentDoc(
            identifier=f"u{u}-quiz", title=f"Unit {u} check", instructions="<p>Answer all.</p>", standards=(GUARD,),
            items=tuple(
                ItemDoc(f"u{u}-q{i}", "multiple_choice", f"<p>Question {i} about unit {u}?</p>",
                        choices=tuple(ChoiceDoc(c, f"Option {c}", c == "b") for c in "abcd"),
                        feedback="<p>Review the lesson.</p>")
                for i in range(items)
            ),
        )
        unit_docs.append(UnitDoc(identifier=f"unit-{u}", title=f"Unit {u}", lessons=lesson_docs,
                                 assessments=(quiz,), standards=(LATHE, GUARD)))
    return CourseDoc(identifier="big-course", title="Big course", units=tuple(unit_docs))


def course_for(version: str) -> CourseDoc:
    """sample_course, minus the discussion when the variant is thin (thin cartridges hold only links)."""
    course = sample_course()
    if version != "thin":
        return course
    return replace(course, units=tuple(replace(u, links=tuple(k for k in u.links if k.kind.value != "discussion"))
                                       for u in course.units))
