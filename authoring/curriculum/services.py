"""Reading and changing curriculum. Every query is scoped to one organization."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from authoring.curriculum.models import (
    Alignment, Assessment, AssessmentItem, Course, LearningOutcome, Program, Unit, UnitStatus,
)
from authoring.errors import NotFound
from authoring.frameworks.models import FrameworkItem
from authoring.tenancy.models import Organization


def list_programs(session: Session, org: Organization) -> list[Program]:
    return list(
        session.execute(
            select(Program)
            .where(Program.organization_id == org.id)
            .options(selectinload(Program.courses), selectinload(Program.target_credentials), selectinload(Program.target_frameworks))
            .order_by(Program.title)
        ).scalars()
    )


def get_program(session: Session, org: Organization, slug: str) -> Program:
    program = session.execute(
        select(Program)
        .where(Program.organization_id == org.id, Program.slug == slug)
        .options(
            selectinload(Program.courses).selectinload(Course.units).selectinload(Unit.lessons),
            selectinload(Program.target_credentials),
            selectinload(Program.target_frameworks),
        )
    ).scalar_one_or_none()
    if program is None:
        raise NotFound(f"No program '{slug}'.")
    return program


def get_course(session: Session, org: Organization, slug: str) -> Course:
    course = session.execute(
        select(Course)
        .where(Course.organization_id == org.id, Course.slug == slug)
        .options(
            selectinload(Course.program),
            selectinload(Course.units).selectinload(Unit.lessons),
            selectinload(Course.units).selectinload(Unit.outcomes),
            selectinload(Course.units).selectinload(Unit.assessments).selectinload(Assessment.items),
        )
    ).scalar_one_or_none()
    if course is None:
        raise NotFound(f"No course '{slug}'.")
    return course


def visible_units(course: Course, *, drafts: bool) -> list[Unit]:
    """Teachers see published units; authors, reviewers and admins see every unit."""
    return [u for u in course.units if drafts or u.status == UnitStatus.published]


def get_unit(session: Session, org: Organization, course_slug: str, unit_slug: str) -> Unit:
    """A unit with everything its page shows, in a fixed number of queries."""
    unit = session.execute(
        select(Unit)
        .join(Course)
        .where(Unit.organization_id == org.id, Course.slug == course_slug, Unit.slug == unit_slug)
        .options(
            selectinload(Unit.course),
            selectinload(Unit.outcomes).selectinload(LearningOutcome.competencies),
            selectinload(Unit.outcomes)
            .selectinload(LearningOutcome.alignments)
            .selectinload(Alignment.item)
            .selectinload(FrameworkItem.framework),
            selectinload(Unit.lessons),
            selectinload(Unit.assessments).selectinload(Assessment.items).selectinload(AssessmentItem.outcomes),
            selectinload(Unit.revisions),
        )
    ).scalar_one_or_none()
    if unit is None:
        raise NotFound(f"No unit '{unit_slug}' in course '{course_slug}'.")
    return unit
