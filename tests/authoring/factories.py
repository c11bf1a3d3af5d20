"""Curriculum factories: a program with target frameworks and a unit of any size, in any organization."""
from __future__ import annotations

import itertools
from decimal import Decimal

from authoring.curriculum.models import (
    Alignment, Assessment, AssessmentItem, Course, ItemType, LearningOutcome, Lesson, Program, Unit, UnitStatus,
)
from authoring.frameworks.models import Framework, FrameworkItem, FrameworkKind

_seq = itertools.count(1)

TOPICS = [
    "Measure part dimensions with micrometers and calipers to verify tolerances",
    "Apply lockout tagout procedures before servicing machines",
    "Read engineering drawings and interpret geometric dimensioning symbols",
    "Set up a drill press and drill holes to print location",
    "Select cutting speeds and feeds for turning operations on a lathe",
    "Identify ferrous and non-ferrous metals by spark test",
    "Wear personal protective equipment for eye face and hearing protection",
    "Inspect finished workpieces against specifications and record results",
    "Operate a CNC mill using a setup sheet and work offsets",
    "Calculate shop math conversions between fractions decimals and metric",
]


def make_framework(session, org, *, items: int = 10, kind=FrameworkKind.standards, shared=False) -> Framework:
    n = next(_seq)
    framework = Framework(organization_id=org.id, slug=f"fw-{n}", title=f"Framework {n}", kind=kind, shared=shared)
    strand = FrameworkItem(framework=framework, human_coding="S", statement="Technical skills", position=0)
    session.add_all([framework, strand])
    for i in range(items):
        session.add(FrameworkItem(framework=framework, parent=strand, human_coding=f"S.{i + 1:02d}",
                                  statement=TOPICS[i % len(TOPICS)] + ("" if i < len(TOPICS) else f" level {i // len(TOPICS)}"),
                                  position=i + 1))
    session.flush()
    return framework


def make_program(session, org, *, framework_items: int = 10) -> tuple[Program, Course, Framework]:
    n = next(_seq)
    framework = make_framework(session, org, items=framework_items)
    program = Program(organization_id=org.id, slug=f"program-{n}", title=f"Program {n}", target_frameworks=[framework])
    course = Course(organization_id=org.id, slug=f"course-{n}", title=f"Course {n}", program=program)
    session.add_all([program, course])
    session.flush()
    return program, course, framework


def make_unit(session, org, *, outcomes=3, alignments=2, lessons=2, assessments=1, items=3,
              status=UnitStatus.draft, course=None) -> Unit:
    """A unit of the given size; outcome statements are complete ABCD outcomes the checker accepts."""
    if course is None:
        _, course, framework = make_program(session, org, framework_items=max(alignments, 10))
    else:
        framework = course.program.target_frameworks[0]
    leaves = [i for i in framework.items if i.parent_id is not None]
    n = next(_seq)
    unit = Unit(organization_id=org.id, course=course, slug=f"unit-{n}", title=f"Unit {n}", status=status)
    for i in range(outcomes):
        topic = TOPICS[i % len(TOPICS)]
        unit.outcomes.append(LearningOutcome(
            organization_id=org.id, code=f"LO-{i + 1:02d}", position=i,
            statement=f"Given a shop task sheet, the student will {topic[0].lower()}{topic[1:]} with 100% accuracy.",
            alignments=[Alignment(organization_id=org.id, item=leaves[(i + j) % len(leaves)]) for j in range(alignments)],
        ))
    for i in range(lessons):
        unit.lessons.append(Lesson(organization_id=org.id, title=f"Lesson {i + 1}", hours=Decimal("1.5"),
                                   body_html=f"<p>Lesson {i + 1} text.</p>", position=i))
    for a in range(assessments):
        assessment = Assessment(organization_id=org.id, title=f"Quiz {a + 1}", position=a)
        for i in range(items):
            assessment.items.append(AssessmentItem(
                organization_id=org.id, item_type=ItemType.multiple_choice, prompt=f"Question {i + 1}?", position=i,
                choices=[{"id": "a", "text": "Yes", "correct": True}, {"id": "b", "text": "No", "correct": False}],
                answer={}, points=Decimal(1), outcomes=[unit.outcomes[i % len(unit.outcomes)]] if unit.outcomes else [],
            ))
        unit.assessments.append(assessment)
    session.add(unit)
    session.flush()
    return unit
