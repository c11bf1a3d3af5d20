"""Publishing: a unit becomes an immutable, numbered snapshot that LMS links and cartridges point at."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from authoring.curriculum.models import Unit, UnitRevision, UnitStatus
from authoring.tenancy.models import User

SNAPSHOT_FORMAT = 1


def _num(value) -> str:
    return format(value.normalize(), "f") if value is not None else "0"


def snapshot_unit(unit: Unit) -> dict[str, Any]:
    """Everything a learner or a cartridge needs from the unit, with framework items by CASE GUID."""
    return {
        "format": SNAPSHOT_FORMAT,
        "unit": {"id": unit.id, "slug": unit.slug, "title": unit.title, "summary": unit.summary},
        "course": {"id": unit.course.id, "slug": unit.course.slug, "title": unit.course.title},
        "outcomes": [
            {
                "id": o.id,
                "code": o.code,
                "statement": o.statement,
                "verb": o.verb,
                "bloom_level": o.bloom_level.value if o.bloom_level else None,
                "condition": o.condition,
                "criterion": o.criterion,
                "competencies": [str(c.identifier) for c in o.competencies],
                "alignments": [
                    {
                        "item": str(a.item.identifier),
                        "coding": a.item.human_coding,
                        "statement": a.item.statement,
                        "framework": a.item.framework.title,
                        "framework_identifier": str(a.item.framework.identifier),
                        "strength": a.strength.value,
                    }
                    for a in sorted(o.alignments, key=lambda a: (a.item.framework.title, a.item.human_coding))
                ],
            }
            for o in unit.outcomes
        ],
        "lessons": [
            {"id": lesson.id, "title": lesson.title, "hours": _num(lesson.hours), "body_html": lesson.body_html}
            for lesson in unit.lessons
        ],
        "assessments": [
            {
                "id": a.id,
                "title": a.title,
                "instructions": a.instructions,
                "items": [
                    {
                        "id": item.id,
                        "type": item.item_type.value,
                        "prompt": item.prompt,
                        "choices": item.choices,
                        "answer": item.answer,
                        "feedback": item.feedback,
                        "points": _num(item.points),
                        "outcomes": [o.code for o in item.outcomes],
                    }
                    for item in a.items
                ],
            }
            for a in unit.assessments
        ],
    }


def publish(session: Session, unit: Unit, actor: User | None, now: datetime, note: str = "") -> UnitRevision:
    """Freeze the unit as its next revision and mark it published."""
    number = (session.execute(select(func.max(UnitRevision.number)).where(UnitRevision.unit_id == unit.id)).scalar() or 0) + 1
    revision = UnitRevision(
        organization_id=unit.organization_id,
        unit=unit,
        number=number,
        title=unit.title,
        snapshot=snapshot_unit(unit),
        note=note,
        published_at=now,
        published_by_id=actor.id if actor else None,
    )
    session.add(revision)
    unit.status = UnitStatus.published
    unit.updated_at = now
    session.flush()
    return revision
