"""Delivering published revisions: find what a placement points at, take submissions, grade essays.

Services take a session and an actor (and the clock) and flush; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from authoring.curriculum.models import UnitRevision
from authoring.delivery.models import Answer, Attempt, AttemptStatus
from authoring.delivery.scoring import clean_response, item_points, score_item
from authoring.errors import Conflict, NotFound, ValidationFailed
from authoring.tenancy.models import Organization, User

KINDS = ("unit", "lesson", "assessment")


# -- what a placement points at ---------------------------------------------------------------
def get_revision(session: Session, org: Organization | int, revision_id: int) -> UnitRevision:
    """A published revision of `org`; NotFound for another organization's (no hint it exists)."""
    org_id = org if isinstance(org, int) else org.id
    revision = session.execute(
        select(UnitRevision).where(UnitRevision.id == revision_id, UnitRevision.organization_id == org_id)
    ).scalar_one_or_none()
    if revision is None:
        raise NotFound("That published unit is not available here.")
    return revision


def find_part(snapshot: dict, kind: str, key: int | None) -> dict | None:
    """The lesson or assessment `key` inside a snapshot (the unit itself for kind 'unit')."""
    if kind == "unit":
        return snapshot["unit"]
    if kind not in ("lesson", "assessment"):
        return None
    return next((part for part in snapshot.get(f"{kind}s", []) if part["id"] == key), None)


def points_possible(assessment: dict) -> Decimal:
    return sum((item_points(item) for item in assessment["items"]), Decimal(0))


def has_manual_items(assessment: dict) -> bool:
    return any(item["type"] == "essay" for item in assessment["items"])


@dataclass
class Coverage:
    """The outcomes a resource addresses and the standards / credential items they align to."""

    outcomes: list[dict] = field(default_factory=list)
    standards: list[dict] = field(default_factory=list)


def coverage(snapshot: dict, kind: str, key: int | None) -> Coverage:
    outcomes = snapshot.get("outcomes", [])
    if kind == "assessment":
        part = find_part(snapshot, kind, key) or {"items": []}
        codes = {code for item in part["items"] for code in item.get("outcomes", [])}
        outcomes = [o for o in outcomes if o["code"] in codes]
    standards: dict[str, dict] = {}
    for outcome in outcomes:
        for alignment in outcome.get("alignments", []):
            standards.setdefault(alignment["item"], {**alignment, "outcomes": []})["outcomes"].append(outcome["code"])
    ordered = sorted(standards.values(), key=lambda s: (s["framework"], s["coding"]))
    return Coverage(outcomes=list(outcomes), standards=ordered)


# -- attempts ---------------------------------------------------------------------------------
def attempt_of(session: Session, placement: str, user: User) -> Attempt | None:
    return session.execute(
        select(Attempt).where(Attempt.placement == placement, Attempt.user_id == user.id).options(selectinload(Attempt.answers))
    ).scalar_one_or_none()


def attempts_at(session: Session, placement: str) -> list[Attempt]:
    return list(
        session.execute(
            select(Attempt)
            .where(Attempt.placement == placement)
            .options(selectinload(Attempt.user), selectinload(Attempt.answers))
            .order_by(Attempt.submitted_at)
        ).scalars()
    )


def get_attempt(session: Session, placement: str, attempt_id: int) -> Attempt:
    attempt = session.execute(
        select(Attempt)
        .where(Attempt.id == attempt_id, Attempt.placement == placement)
        .options(selectinload(Attempt.user), selectinload(Attempt.answers))
    ).scalar_one_or_none()
    if attempt is None:
        raise NotFound("No such submission here.")
    return attempt


def submit(
    session: Session,
    *,
    revision: UnitRevision,
    assessment_key: int,
    placement: str,
    user: User,
    responses: dict[int, Any],
    now: datetime,
) -> Attempt:
    """Score what can be scored now; essays wait for a teacher. One submission per learner and placement."""
    assessment = find_part(revision.snapshot, "assessment", assessment_key)
    if assessment is None:
        raise NotFound("That assessment is not part of this published unit.")
    if attempt_of(session, placement, user) is not None:
        raise Conflict("You have already submitted this assessment.")
    attempt = Attempt(
        organization_id=revision.organization_id, revision=revision, assessment_key=assessment_key,
        placement=placement, user=user, submitted_at=now, points_possible=points_possible(assessment),
    )
    for position, item in enumerate(assessment["items"]):
        response = clean_response(item, responses.get(item["id"]))
        result = score_item(item, response)
        attempt.answers.append(Answer(
            item_key=item["id"], position=position, response=response, points=result.points,
            points_possible=result.possible, correct=result.correct, comment="",
        ))
    _total(attempt, now)
    try:
        with session.begin_nested():  # a double click races the check above; the unique key decides
            session.add(attempt)
            session.flush()
    except IntegrityError as exc:
        raise Conflict("You have already submitted this assessment.") from exc
    return attempt


def grade(session: Session, attempt: Attempt, marks: dict[int, tuple[str, str]], actor: User, now: datetime) -> Attempt:
    """Give points (and a comment) to answers by answer id; the attempt is graded once none wait."""
    by_id = {answer.id: answer for answer in attempt.answers}
    errors: dict[str, list[str]] = {}
    for answer_id, (raw_points, comment) in marks.items():
        answer = by_id.get(answer_id)
        if answer is None:
            raise NotFound("That answer is not part of this submission.")
        if raw_points in (None, ""):
            continue
        try:
            points = Decimal(str(raw_points).strip())
        except InvalidOperation:
            errors[f"answer-{answer_id}"] = ["not a number"]
            continue
        if not (Decimal(0) <= points <= answer.points_possible) or points != points.quantize(Decimal("0.01")):
            errors[f"answer-{answer_id}"] = [f"between 0 and {answer.points_possible:g}, at most two decimals"]
            continue
        answer.points = points
        answer.comment = comment.strip()[:5000]
    if errors:
        raise ValidationFailed("Some points could not be recorded.", errors)
    attempt.graded_by_id = actor.id
    _total(attempt, now)
    session.flush()
    return attempt


def _total(attempt: Attempt, now: datetime) -> None:
    attempt.score = sum((a.points for a in attempt.answers if a.points is not None), Decimal(0))
    if any(a.points is None for a in attempt.answers):
        attempt.status = AttemptStatus.submitted
    else:
        attempt.status = AttemptStatus.graded
        attempt.graded_at = now
