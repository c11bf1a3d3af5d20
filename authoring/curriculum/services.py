"""Reading and changing curriculum. Every query is scoped to one organization.

Writers take (session, actor, now, ...), flush and never commit. Every change to a unit or to
anything inside it goes through `_begin_edit`, which bumps the unit's `version` (the optimistic
lock), so a client holding an old version gets 409 whichever part of the unit it touches.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from decimal import Decimal
from typing import Any, Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from authoring.curriculum import quality, revisions
from authoring.curriculum.models import (
    Alignment, AlignmentStrength, Asset, Assessment, AssessmentItem, Course, LearningOutcome, Lesson, Program,
    ReviewComment, ReviewKind, Unit, UnitRevision, UnitStatus,
)
from authoring.errors import Conflict, DomainError, NotFound, ValidationFailed
from authoring.frameworks.models import Credential, Framework, FrameworkItem, FrameworkKind
from authoring.html import sanitize_html
from authoring.tenancy.models import Organization, User


class InvalidState(DomainError):
    """The unit's workflow state does not allow this (e.g. editing while in review)."""

    status, code = 409, "invalid_state"


IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


# -- reading -----------------------------------------------------------------------------------
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


def list_courses(session: Session, org: Organization) -> list[Course]:
    return list(session.execute(
        select(Course).where(Course.organization_id == org.id).options(selectinload(Course.program)).order_by(Course.title)
    ).scalars())


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


def get_course_by_id(session: Session, org: Organization, course_id: int) -> Course:
    course = session.execute(select(Course).where(Course.organization_id == org.id, Course.id == course_id)).scalar_one_or_none()
    if course is None:
        raise NotFound(f"No course {course_id}.")
    return course


def visible_units(course: Course, *, drafts: bool) -> list[Unit]:
    """Teachers see published units; authors, reviewers and admins see every unit."""
    return [u for u in course.units if drafts or u.status == UnitStatus.published]


def _unit_options():
    """Everything the unit page, the editor and a snapshot read, in a fixed number of queries."""
    return (
        selectinload(Unit.course).selectinload(Course.program),
        selectinload(Unit.outcomes).selectinload(LearningOutcome.competencies),
        selectinload(Unit.outcomes)
        .selectinload(LearningOutcome.alignments)
        .selectinload(Alignment.item)
        .selectinload(FrameworkItem.framework),
        selectinload(Unit.lessons),
        selectinload(Unit.assessments).selectinload(Assessment.items).selectinload(AssessmentItem.outcomes),
        selectinload(Unit.revisions),
        selectinload(Unit.reviews).selectinload(ReviewComment.author),
    )


def get_unit(session: Session, org: Organization, course_slug: str, unit_slug: str) -> Unit:
    unit = session.execute(
        select(Unit)
        .join(Course)
        .where(Unit.organization_id == org.id, Course.slug == course_slug, Unit.slug == unit_slug)
        .options(*_unit_options())
    ).scalar_one_or_none()
    if unit is None:
        raise NotFound(f"No unit '{unit_slug}' in course '{course_slug}'.")
    return unit


def get_unit_by_id(session: Session, org: Organization, unit_id: int) -> Unit:
    unit = session.execute(
        select(Unit).where(Unit.organization_id == org.id, Unit.id == unit_id).options(*_unit_options())
    ).scalar_one_or_none()
    if unit is None:
        raise NotFound(f"No unit {unit_id}.")
    return unit


def list_units(session: Session, org: Organization, *, drafts: bool, course_id: int | None = None):
    """A select of the org's units (the API paginates it)."""
    query = select(Unit).where(Unit.organization_id == org.id).order_by(Unit.course_id, Unit.position, Unit.id)
    if course_id is not None:
        query = query.where(Unit.course_id == course_id)
    if not drafts:
        query = query.where(Unit.status == UnitStatus.published)
    return query


def _get(session: Session, model, org: Organization, row_id: int, what: str):
    row = session.execute(select(model).where(model.organization_id == org.id, model.id == row_id)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"No {what} {row_id}.")
    return row


def get_outcome(session: Session, org: Organization, outcome_id: int) -> LearningOutcome:
    return _get(session, LearningOutcome, org, outcome_id, "outcome")


def get_lesson(session: Session, org: Organization, lesson_id: int) -> Lesson:
    return _get(session, Lesson, org, lesson_id, "lesson")


def get_assessment(session: Session, org: Organization, assessment_id: int) -> Assessment:
    return _get(session, Assessment, org, assessment_id, "assessment")


def get_item(session: Session, org: Organization, item_id: int) -> AssessmentItem:
    return _get(session, AssessmentItem, org, item_id, "assessment item")


def get_alignment(session: Session, org: Organization, alignment_id: int) -> Alignment:
    return _get(session, Alignment, org, alignment_id, "alignment")


def get_asset(session: Session, org: Organization, asset_id: int) -> Asset:
    return _get(session, Asset, org, asset_id, "asset")


def asset_is_published(session: Session, asset: Asset) -> bool:
    """Whether a published revision of the asset's unit may show it."""
    return asset.unit_id is not None and session.execute(
        select(UnitRevision.id).where(UnitRevision.unit_id == asset.unit_id).limit(1)
    ).first() is not None


def visible_frameworks(org: Organization):
    """The org's own frameworks and the ones shared with everybody."""
    return or_(Framework.organization_id == org.id, Framework.shared.is_(True))


def get_framework_item(session: Session, org: Organization, item_id: int) -> FrameworkItem:
    item = session.execute(
        select(FrameworkItem).join(Framework).where(FrameworkItem.id == item_id, visible_frameworks(org))
    ).scalar_one_or_none()
    if item is None:
        raise NotFound(f"No framework item {item_id}.")
    return item


def target_frameworks(session: Session, org: Organization, unit: Unit) -> list[Framework]:
    """What a unit aligns to: its program's target frameworks and credentials' requirement lists;
    without a program, every standards or credential framework the org can see."""
    program = unit.course.program
    if program is not None:
        program = session.execute(
            select(Program).where(Program.id == program.id).options(
                selectinload(Program.target_frameworks),
                selectinload(Program.target_credentials).selectinload(Credential.framework),
            )
        ).scalar_one()
        found = list(program.target_frameworks) + [c.framework for c in program.target_credentials]
        if found:
            return list({f.id: f for f in found}.values())
    return list(session.execute(
        select(Framework).where(visible_frameworks(org), Framework.kind != FrameworkKind.competencies).order_by(Framework.title)
    ).scalars())


# -- the edit guard ----------------------------------------------------------------------------
def check_version(unit: Unit, expected: int | None) -> None:
    """A stale write changes nothing: refuse it before touching a row."""
    if expected is not None and expected != unit.version:
        raise Conflict(
            f"This unit is at version {unit.version}, not {expected}: someone changed it. Reload and try again.",
            {"version": [f"current version is {unit.version}"]},
        )


def _touch(unit: Unit, actor: User | None, now: datetime) -> None:
    unit.updated_at = now
    unit.updated_by_id = actor.id if actor else None
    flag_modified(unit, "updated_at")   # always an UPDATE, so `version` always moves


def _begin_edit(unit: Unit, actor: User | None, now: datetime, expected: int | None) -> None:
    """Only drafts change. Editing a published unit starts its next draft; the revision stays."""
    check_version(unit, expected)
    if unit.status is UnitStatus.in_review:
        raise InvalidState("This unit is in review. A reviewer must request changes before it can be edited.")
    if unit.status is UnitStatus.archived:
        raise InvalidState("This unit is archived.")
    if unit.status is UnitStatus.published:
        unit.status = UnitStatus.draft
    _touch(unit, actor, now)


# -- units -------------------------------------------------------------------------------------
def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:90] or "unit"


def _free_slug(session: Session, course: Course, wanted: str) -> str:
    taken = set(session.execute(select(Unit.slug).where(Unit.course_id == course.id)).scalars()) if course.id else set()
    slug, n = wanted, 2
    while slug in taken:
        slug, n = f"{wanted}-{n}", n + 1
    return slug


def prefill_statement(competency: FrameworkItem) -> str:
    """A first draft of an outcome from a competency: the writer edits it from here."""
    text = competency.statement.strip().rstrip(".")
    return f"The student will {text[:1].lower()}{text[1:]}."


def create_unit(
    session: Session, actor: User | None, now: datetime, course: Course, *, title: str, summary: str = "",
    slug: str | None = None, competencies: Iterable[FrameworkItem] = (),
) -> Unit:
    if not title.strip():
        raise ValidationFailed("A unit needs a title.", {"title": ["required"]})
    position = session.execute(select(func.count(Unit.id)).where(Unit.course_id == course.id)).scalar() or 0
    unit = Unit(
        organization_id=course.organization_id, course=course, title=title.strip(), summary=summary,
        slug=_free_slug(session, course, slug or slugify(title)), position=position, status=UnitStatus.draft,
        created_at=now, updated_at=now, updated_by_id=actor.id if actor else None,
    )
    session.add(unit)
    for competency in competencies:
        _new_outcome(unit, prefill_statement(competency), competencies=[competency])
    session.flush()
    return unit


def update_unit(session: Session, actor: User | None, now: datetime, unit: Unit, data: dict[str, Any], *, expected: int | None) -> Unit:
    _begin_edit(unit, actor, now, expected)
    for field in ("title", "summary"):
        if field in data:
            setattr(unit, field, data[field])
    session.flush()
    return unit


def _next_code(unit: Unit) -> str:
    numbers = [int(m.group(1)) for o in unit.outcomes if (m := re.search(r"(\d+)$", o.code or ""))]
    return f"LO-{max(numbers, default=0) + 1:02d}"


def _outcome_fields(statement: str, data: dict[str, Any]) -> dict[str, Any]:
    """Fields the caller did not give are read off the statement by the quality checker."""
    derived = quality.derived_fields(quality.check(statement))
    return {k: data[k] if data.get(k) not in (None, "") else v for k, v in derived.items()}


def _new_outcome(unit: Unit, statement: str, *, code: str = "", competencies=(), data: dict | None = None) -> LearningOutcome:
    statement = statement.strip()
    if not statement:
        raise ValidationFailed("An outcome needs a statement.", {"statement": ["required"]})
    outcome = LearningOutcome(
        organization_id=unit.organization_id, statement=statement, code=code or _next_code(unit),
        position=len(unit.outcomes), competencies=list(competencies), **_outcome_fields(statement, data or {}),
    )
    unit.outcomes.append(outcome)
    return outcome


def add_outcome(session: Session, actor: User | None, now: datetime, unit: Unit, data: dict[str, Any], *, expected: int | None) -> LearningOutcome:
    _begin_edit(unit, actor, now, expected)
    outcome = _new_outcome(unit, data.get("statement", ""), code=data.get("code", ""), data=data)
    session.flush()
    return outcome


def update_outcome(session: Session, actor: User | None, now: datetime, outcome: LearningOutcome, data: dict[str, Any], *, expected: int | None) -> LearningOutcome:
    _begin_edit(outcome.unit, actor, now, expected)
    if "statement" in data:
        statement = data["statement"].strip()
        if not statement:
            raise ValidationFailed("An outcome needs a statement.", {"statement": ["required"]})
        outcome.statement = statement
        for key, value in _outcome_fields(statement, data).items():
            setattr(outcome, key, value)
    if data.get("code"):
        outcome.code = data["code"]
    session.flush()
    return outcome


def delete_outcome(session: Session, actor: User | None, now: datetime, outcome: LearningOutcome, *, expected: int | None) -> None:
    unit = outcome.unit
    _begin_edit(unit, actor, now, expected)
    unit.outcomes.remove(outcome)
    _renumber(unit.outcomes)
    session.flush()


def align(
    session: Session, actor: User | None, now: datetime, outcome: LearningOutcome, item: FrameworkItem,
    strength: AlignmentStrength = AlignmentStrength.full, *, expected: int | None,
) -> Alignment:
    _begin_edit(outcome.unit, actor, now, expected)
    existing = next((a for a in outcome.alignments if a.item_id == item.id), None)
    if existing is not None:
        existing.strength = strength
        session.flush()
        return existing
    alignment = Alignment(
        organization_id=outcome.organization_id, item=item, strength=strength,
        created_by_id=actor.id if actor else None, created_at=now,
    )
    outcome.alignments.append(alignment)
    session.flush()
    return alignment


def unalign(session: Session, actor: User | None, now: datetime, alignment: Alignment, *, expected: int | None) -> None:
    outcome = alignment.outcome
    _begin_edit(outcome.unit, actor, now, expected)
    outcome.alignments.remove(alignment)
    session.flush()


# -- lessons and images ------------------------------------------------------------------------
def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value if value not in (None, "") else 0))
    except ArithmeticError:
        raise ValidationFailed("Hours must be a number.", {"hours": ["not a number"]}) from None
    if not Decimal(0) <= hours <= Decimal(1000):
        raise ValidationFailed("Hours must be between 0 and 1000.", {"hours": ["out of range"]})
    return hours.quantize(Decimal("0.01"))


def add_lesson(session: Session, actor: User | None, now: datetime, unit: Unit, data: dict[str, Any], *, expected: int | None) -> Lesson:
    _begin_edit(unit, actor, now, expected)
    if not data.get("title", "").strip():
        raise ValidationFailed("A lesson needs a title.", {"title": ["required"]})
    lesson = Lesson(
        organization_id=unit.organization_id, title=data["title"].strip(), hours=_hours(data.get("hours")),
        body_html=sanitize_html(data.get("body_html", "")), position=len(unit.lessons),
    )
    unit.lessons.append(lesson)
    session.flush()
    return lesson


def update_lesson(session: Session, actor: User | None, now: datetime, lesson: Lesson, data: dict[str, Any], *, expected: int | None) -> Lesson:
    _begin_edit(lesson.unit, actor, now, expected)
    if "title" in data:
        if not data["title"].strip():
            raise ValidationFailed("A lesson needs a title.", {"title": ["required"]})
        lesson.title = data["title"].strip()
    if "hours" in data:
        lesson.hours = _hours(data["hours"])
    if "body_html" in data:
        lesson.body_html = sanitize_html(data["body_html"])
    session.flush()
    return lesson


def delete_lesson(session: Session, actor: User | None, now: datetime, lesson: Lesson, *, expected: int | None) -> None:
    unit = lesson.unit
    _begin_edit(unit, actor, now, expected)
    unit.lessons.remove(lesson)
    _renumber(unit.lessons)
    session.flush()


def upload_image(session: Session, actor: User | None, now: datetime, unit: Unit, filename: str, content_type: str, data: bytes) -> Asset:
    """Store a lesson image. The sniffed type must agree with the declared one (no HTML served as PNG)."""
    sniffed = _sniff_image(data)
    if content_type not in IMAGE_TYPES or sniffed != content_type:
        raise ValidationFailed("Upload a PNG, JPEG, GIF or WebP image.", {"file": ["not an image"]})
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationFailed("Images must be 5 MB or smaller.", {"file": ["too large"]})
    if unit.status not in (UnitStatus.draft, UnitStatus.published):
        raise InvalidState("Images can be added to drafts only.")
    asset = Asset(
        organization_id=unit.organization_id, unit_id=unit.id, filename=(filename or "image")[-255:],
        content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data, created_at=now,
    )
    session.add(asset)
    session.flush()
    return asset


def _sniff_image(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


# -- assessments -------------------------------------------------------------------------------
def add_assessment(session: Session, actor: User | None, now: datetime, unit: Unit, data: dict[str, Any], *, expected: int | None) -> Assessment:
    _begin_edit(unit, actor, now, expected)
    if not data.get("title", "").strip():
        raise ValidationFailed("An assessment needs a title.", {"title": ["required"]})
    assessment = Assessment(
        organization_id=unit.organization_id, title=data["title"].strip(), instructions=data.get("instructions", ""),
        position=len(unit.assessments),
    )
    unit.assessments.append(assessment)
    session.flush()
    return assessment


def update_assessment(session: Session, actor: User | None, now: datetime, assessment: Assessment, data: dict[str, Any], *, expected: int | None) -> Assessment:
    _begin_edit(assessment.unit, actor, now, expected)
    if "title" in data:
        if not data["title"].strip():
            raise ValidationFailed("An assessment needs a title.", {"title": ["required"]})
        assessment.title = data["title"].strip()
    if "instructions" in data:
        assessment.instructions = data["instructions"]
    session.flush()
    return assessment


def delete_assessment(session: Session, actor: User | None, now: datetime, assessment: Assessment, *, expected: int | None) -> None:
    unit = assessment.unit
    _begin_edit(unit, actor, now, expected)
    unit.assessments.remove(assessment)
    _renumber(unit.assessments)
    session.flush()


def _item_outcomes(unit: Unit, codes: list[str]) -> list[LearningOutcome]:
    by_code = {o.code: o for o in unit.outcomes}
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise ValidationFailed("The item refers to outcomes this unit does not have.", {"outcomes": [f"unknown: {', '.join(unknown)}"]})
    return [by_code[c] for c in dict.fromkeys(codes)]


def add_item(session: Session, actor: User | None, now: datetime, assessment: Assessment, data: dict[str, Any], *, expected: int | None) -> AssessmentItem:
    """`data` is an AssessmentItemIn load (the same schema the sample loader uses)."""
    unit = assessment.unit
    _begin_edit(unit, actor, now, expected)
    item = AssessmentItem(
        organization_id=unit.organization_id, item_type=data["type"], prompt=data["prompt"], points=data["points"],
        choices=data["choices"], answer=data["answer"], feedback=data["feedback"], position=len(assessment.items),
        outcomes=_item_outcomes(unit, data["outcomes"]),
    )
    assessment.items.append(item)
    session.flush()
    return item


def update_item(session: Session, actor: User | None, now: datetime, item: AssessmentItem, data: dict[str, Any], *, expected: int | None) -> AssessmentItem:
    unit = item.assessment.unit
    _begin_edit(unit, actor, now, expected)
    item.item_type, item.prompt, item.points = data["type"], data["prompt"], data["points"]
    item.choices, item.answer, item.feedback = data["choices"], data["answer"], data["feedback"]
    item.outcomes = _item_outcomes(unit, data["outcomes"])
    session.flush()
    return item


def delete_item(session: Session, actor: User | None, now: datetime, item: AssessmentItem, *, expected: int | None) -> None:
    assessment = item.assessment
    _begin_edit(assessment.unit, actor, now, expected)
    assessment.items.remove(item)
    _renumber(assessment.items)
    session.flush()


# -- ordering ----------------------------------------------------------------------------------
REORDERABLE = ("outcomes", "lessons", "assessments", "items")


def _renumber(rows: list) -> None:
    for position, row in enumerate(rows):
        row.position = position


def reorder(
    session: Session, actor: User | None, now: datetime, unit: Unit, kind: str, ids: list[int], *,
    expected: int | None, assessment: Assessment | None = None,
) -> None:
    """Put the outcomes, lessons, assessments or one assessment's items in the order of `ids`."""
    if kind not in REORDERABLE:
        raise ValidationFailed("Unknown kind of thing to reorder.", {"kind": [f"one of {', '.join(REORDERABLE)}"]})
    _begin_edit(unit, actor, now, expected)
    if kind == "items":
        if assessment is None or assessment.unit_id != unit.id:
            raise ValidationFailed("Say which assessment's items to reorder.", {"assessment": ["required"]})
        rows = assessment.items
    else:
        rows = getattr(unit, kind)
    by_id = {row.id: row for row in rows}
    if sorted(ids) != sorted(by_id):
        raise ValidationFailed("The new order must list each of them exactly once.", {"ids": ["not a permutation"]})
    rows[:] = [by_id[i] for i in ids]
    _renumber(rows)
    session.flush()


def move(session: Session, actor: User | None, now: datetime, unit: Unit, kind: str, row_id: int, step: int, *,
         expected: int | None, assessment: Assessment | None = None) -> None:
    """Move one row up (-1) or down (+1): the keyboard-friendly form of `reorder`."""
    rows = assessment.items if kind == "items" and assessment is not None else getattr(unit, kind, None)
    if rows is None:
        raise ValidationFailed("Unknown kind of thing to reorder.", {"kind": [f"one of {', '.join(REORDERABLE)}"]})
    ids = [row.id for row in rows]
    if row_id not in ids:
        raise NotFound(f"No {kind[:-1]} {row_id} in this unit.")
    i = ids.index(row_id)
    j = max(0, min(len(ids) - 1, i + step))
    ids[i], ids[j] = ids[j], ids[i]
    reorder(session, actor, now, unit, kind, ids, expected=expected, assessment=assessment)


# -- review and publishing ---------------------------------------------------------------------
def _record(session: Session, unit: Unit, actor: User | None, now: datetime, kind: ReviewKind, body: str = "") -> ReviewComment:
    entry = ReviewComment(
        organization_id=unit.organization_id, author_id=actor.id if actor else None, kind=kind,
        body=body.strip(), unit_version=unit.version, created_at=now,
    )
    unit.reviews.append(entry)
    session.flush()
    return entry


def latest_decision(unit: Unit) -> ReviewComment | None:
    """The newest submission or decision: what the unit's review currently stands at."""
    decisions = [r for r in unit.reviews if r.kind is not ReviewKind.comment]
    return decisions[-1] if decisions else None


def is_approved(unit: Unit) -> bool:
    decision = latest_decision(unit)
    return unit.status is UnitStatus.in_review and decision is not None and decision.kind is ReviewKind.approved


def submit(session: Session, actor: User | None, now: datetime, unit: Unit, note: str = "", *, expected: int | None) -> ReviewComment:
    check_version(unit, expected)
    if unit.status is not UnitStatus.draft:
        raise InvalidState(f"Only drafts can be submitted for review; this unit is {unit.status.value.replace('_', ' ')}.")
    if not unit.outcomes:
        raise ValidationFailed("Add at least one learning outcome before submitting.", {"outcomes": ["none yet"]})
    unit.status = UnitStatus.in_review
    _touch(unit, actor, now)
    session.flush()
    return _record(session, unit, actor, now, ReviewKind.submitted, note)


def comment(session: Session, actor: User | None, now: datetime, unit: Unit, body: str) -> ReviewComment:
    """Comments never change the unit, so they need no version."""
    if not body.strip():
        raise ValidationFailed("Write a comment first.", {"body": ["required"]})
    return _record(session, unit, actor, now, ReviewKind.comment, body)


def request_changes(session: Session, actor: User | None, now: datetime, unit: Unit, body: str, *, expected: int | None) -> ReviewComment:
    check_version(unit, expected)
    if unit.status is not UnitStatus.in_review:
        raise InvalidState("Only units in review can be sent back.")
    if not body.strip():
        raise ValidationFailed("Say what needs to change.", {"body": ["required"]})
    unit.status = UnitStatus.draft
    _touch(unit, actor, now)
    session.flush()
    return _record(session, unit, actor, now, ReviewKind.changes_requested, body)


def approve(session: Session, actor: User | None, now: datetime, unit: Unit, body: str = "", *, expected: int | None) -> ReviewComment:
    """Approval is of the version the reviewer saw (`expected`); content is frozen while in review."""
    check_version(unit, expected)
    if unit.status is not UnitStatus.in_review:
        raise InvalidState("Only units in review can be approved.")
    return _record(session, unit, actor, now, ReviewKind.approved, body)


def publish(session: Session, actor: User | None, now: datetime, unit: Unit, note: str = "", *, expected: int | None) -> UnitRevision:
    check_version(unit, expected)
    if not is_approved(unit):
        raise InvalidState("A reviewer must approve the unit before it is published.")
    unit.updated_by_id = actor.id if actor else None
    revision = revisions.publish(session, unit, actor, now, note=note)   # one UPDATE: status, updated_at, version
    _record(session, unit, actor, now, ReviewKind.published, f"Published revision {revision.number}")
    return revision


def archive(session: Session, actor: User | None, now: datetime, unit: Unit, *, expected: int | None) -> Unit:
    """Archived units leave course listings; their published revisions stay valid for LMS links."""
    check_version(unit, expected)
    if unit.status is UnitStatus.archived:
        raise InvalidState("This unit is already archived.")
    unit.status = UnitStatus.archived
    _touch(unit, actor, now)
    session.flush()
    return unit


def duplicate(session: Session, actor: User | None, now: datetime, unit: Unit, *, course: Course | None = None, title: str | None = None) -> Unit:
    """A new draft with the same outcomes, alignments, lessons and assessments (not the history)."""
    course = course or unit.course
    title = title or f"{unit.title} (copy)"
    copy = Unit(
        organization_id=unit.organization_id, course=course, title=title, summary=unit.summary,
        slug=_free_slug(session, course, slugify(title)),
        position=session.execute(select(func.count(Unit.id)).where(Unit.course_id == course.id)).scalar() or 0,
        status=UnitStatus.draft, created_at=now, updated_at=now, updated_by_id=actor.id if actor else None,
    )
    outcomes: dict[int, LearningOutcome] = {}
    for o in unit.outcomes:
        outcomes[o.id] = LearningOutcome(
            organization_id=o.organization_id, code=o.code, statement=o.statement, verb=o.verb, bloom_level=o.bloom_level,
            condition=o.condition, criterion=o.criterion, position=o.position, competencies=list(o.competencies),
            alignments=[Alignment(organization_id=a.organization_id, item=a.item, strength=a.strength,
                                  created_by_id=actor.id if actor else None, created_at=now) for a in o.alignments],
        )
        copy.outcomes.append(outcomes[o.id])
    for lesson in unit.lessons:
        copy.lessons.append(Lesson(organization_id=lesson.organization_id, title=lesson.title, body_html=lesson.body_html,
                                   hours=lesson.hours, position=lesson.position))
    for a in unit.assessments:
        copy.assessments.append(Assessment(
            organization_id=a.organization_id, title=a.title, instructions=a.instructions, position=a.position,
            items=[AssessmentItem(
                organization_id=i.organization_id, item_type=i.item_type, prompt=i.prompt, choices=list(i.choices),
                answer=dict(i.answer), feedback=i.feedback, points=i.points, position=i.position,
                outcomes=[outcomes[o.id] for o in i.outcomes],
            ) for i in a.items],
        ))
    session.add(copy)
    session.flush()
    return copy


# -- revisions and diffs -----------------------------------------------------------------------
def get_revision(unit: Unit, number: int) -> UnitRevision:
    for revision in unit.revisions:
        if revision.number == number:
            return revision
    raise NotFound(f"Unit {unit.id} has no revision {number}.")


def snapshot_for(unit: Unit, which: str | int) -> dict[str, Any]:
    """'draft' is the unit as it is now; a number is a published revision."""
    if str(which) == "draft":
        return revisions.snapshot_unit(unit)
    try:
        return get_revision(unit, int(which)).snapshot
    except ValueError:
        raise ValidationFailed("Compare a revision number or 'draft'.", {"revision": ["not a number"]}) from None


DIFF_FIELDS = {
    "outcomes": ("code", "statement", "bloom_level", "condition", "criterion", "alignments"),
    "lessons": ("title", "hours", "body_html"),
    "assessments": ("title", "instructions", "items"),
}


def _comparable(section: str, row: dict[str, Any], field: str) -> Any:
    value = row.get(field)
    if section == "outcomes" and field == "alignments":
        return sorted(f"{a['coding']} ({a['framework']}, {a['strength']})" for a in value or [])
    if section == "assessments" and field == "items":
        return [f"[{i['type']}, {i['points']} pt] {i['prompt']}" for i in value or []]
    return value


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed between two snapshots of the same unit: rows match by id, fields compare as text."""
    changes: dict[str, Any] = {"unit": {}, "sections": {}}
    for field in ("title", "summary"):
        if old["unit"].get(field) != new["unit"].get(field):
            changes["unit"][field] = {"from": old["unit"].get(field), "to": new["unit"].get(field)}
    for section, fields in DIFF_FIELDS.items():
        before = {row["id"]: row for row in old.get(section, [])}
        after = {row["id"]: row for row in new.get(section, [])}
        entries = []
        for row_id, row in after.items():
            label = row.get("code") or row.get("title") or str(row_id)
            if row_id not in before:
                entries.append({"change": "added", "label": label, "fields": {}})
                continue
            changed = {
                f: {"from": _comparable(section, before[row_id], f), "to": _comparable(section, row, f)}
                for f in fields if _comparable(section, before[row_id], f) != _comparable(section, row, f)
            }
            if changed:
                entries.append({"change": "changed", "label": label, "fields": changed})
        for row_id, row in before.items():
            if row_id not in after:
                entries.append({"change": "removed", "label": row.get("code") or row.get("title") or str(row_id), "fields": {}})
        if [r["id"] for r in old.get(section, []) if r["id"] in after] != [r["id"] for r in new.get(section, []) if r["id"] in before]:
            entries.append({"change": "reordered", "label": section, "fields": {}})
        if entries:
            changes["sections"][section] = entries
    return changes


# -- competencies and coverage -----------------------------------------------------------------
def coverage(session: Session, org: Organization, item_ids: list[int]) -> dict[int, list[Unit]]:
    """Which of the org's units already cover each competency (derived from it or aligned to it)."""
    from authoring.curriculum.models import outcome_competency

    found: dict[int, dict[int, Unit]] = {i: {} for i in item_ids}
    if not item_ids:
        return {}
    derived = select(outcome_competency.c.item_id.label("item_id"), LearningOutcome.unit_id).join(
        LearningOutcome, LearningOutcome.id == outcome_competency.c.outcome_id
    ).where(outcome_competency.c.item_id.in_(item_ids), LearningOutcome.organization_id == org.id)
    aligned = select(Alignment.item_id.label("item_id"), LearningOutcome.unit_id).join(LearningOutcome).where(
        Alignment.item_id.in_(item_ids), Alignment.organization_id == org.id
    )
    pairs = session.execute(derived.union(aligned)).all()
    units = {u.id: u for u in session.execute(
        select(Unit).where(Unit.id.in_({p.unit_id for p in pairs})).options(selectinload(Unit.course))
    ).scalars()} if pairs else {}
    for item_id, unit_id in pairs:
        if units[unit_id].status is not UnitStatus.archived:
            found[item_id][unit_id] = units[unit_id]
    return {i: sorted(u.values(), key=lambda u: u.title) for i, u in found.items()}
