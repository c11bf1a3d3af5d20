"""Suggest framework items for an outcome, accept one (an alignment) or dismiss it (never shown again)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from authoring.curriculum import services as curriculum
from authoring.curriculum.models import Alignment, AlignmentStrength, LearningOutcome, SuggestionDismissal
from authoring.frameworks.models import Framework, FrameworkItem
from authoring.suggestions.ranking import Document, Ranker
from authoring.tenancy.models import Organization, User

TOP = 5


@dataclass
class Suggestion:
    item: FrameworkItem
    score: float
    matched: list[str]


def outcome_query(outcome: LearningOutcome) -> str:
    """What the outcome is about: its statement, plus the competencies it was derived from."""
    return " ".join([outcome.statement, *(c.statement for c in outcome.competencies)])


def candidate_items(session: Session, frameworks: list[Framework]) -> list[FrameworkItem]:
    if not frameworks:
        return []
    return list(session.execute(
        select(FrameworkItem).where(FrameworkItem.framework_id.in_([f.id for f in frameworks]))
        .order_by(FrameworkItem.framework_id, FrameworkItem.position, FrameworkItem.id)
    ).scalars())


def build_ranker(items: list[FrameworkItem]) -> Ranker:
    """Each item is scored on its own words plus its parent's (a duty's task inherits the duty's topic)."""
    by_id = {item.id: item for item in items}
    documents = []
    for item in items:
        parent = by_id.get(item.parent_id) if item.parent_id else None
        text = " ".join(filter(None, [item.abbreviated_statement, item.statement]))
        documents.append(Document(item.id, text, parent.statement if parent else ""))
    return Ranker(documents)


def suggest(session: Session, org: Organization, outcome: LearningOutcome, *, limit: int = TOP) -> list[Suggestion]:
    """The top items of the unit's target frameworks, leaving out what is aligned or was dismissed."""
    items = candidate_items(session, curriculum.target_frameworks(session, org, outcome.unit))
    dismissed = set(session.execute(
        select(SuggestionDismissal.item_id).where(SuggestionDismissal.outcome_id == outcome.id)
    ).scalars())
    exclude = dismissed | {a.item_id for a in outcome.alignments}
    by_id = {item.id: item for item in items}
    return [Suggestion(by_id[h.key], h.score, h.matched)
            for h in build_ranker(items).rank(outcome_query(outcome), exclude=exclude, limit=limit)]


def search_items(session: Session, org: Organization, outcome: LearningOutcome, query: str, *, limit: int = 25) -> list[Suggestion]:
    """Free-text search over the same candidates, ranked the same way."""
    items = candidate_items(session, curriculum.target_frameworks(session, org, outcome.unit))
    by_id = {item.id: item for item in items}
    return [Suggestion(by_id[h.key], h.score, h.matched) for h in build_ranker(items).rank(query, limit=limit)]


def accept(session: Session, actor: User | None, now: datetime, outcome: LearningOutcome, item: FrameworkItem,
           strength: AlignmentStrength = AlignmentStrength.full, *, expected: int | None) -> Alignment:
    return curriculum.align(session, actor, now, outcome, item, strength, expected=expected)


def dismiss(session: Session, actor: User | None, now: datetime, outcome: LearningOutcome, item: FrameworkItem) -> SuggestionDismissal:
    """Dismissing changes no curriculum, so it needs no unit version."""
    existing = session.execute(select(SuggestionDismissal).where(
        SuggestionDismissal.outcome_id == outcome.id, SuggestionDismissal.item_id == item.id
    )).scalar_one_or_none()
    if existing is not None:
        return existing
    dismissal = SuggestionDismissal(
        organization_id=outcome.organization_id, outcome_id=outcome.id, item_id=item.id,
        dismissed_by_id=actor.id if actor else None, created_at=now,
    )
    session.add(dismissal)
    session.flush()
    return dismissal
