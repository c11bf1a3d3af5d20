"""How good are the suggestions? Rank every aligned outcome's target items and see where the
alignments the curriculum writers made land: hit@k (any of them in the top k) and MRR."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from authoring.curriculum import services as curriculum
from authoring.curriculum.models import LearningOutcome, Unit
from authoring.suggestions.services import build_ranker, candidate_items, outcome_query
from authoring.tenancy.models import Organization


@dataclass
class Evaluation:
    outcomes: int
    hit_at_k: float
    mrr: float
    k: int
    recall_at_k: float = 0.0    # share of an outcome's alignments in the top k (stricter than hit@k)
    alignments: int = 0

    def to_dict(self) -> dict:
        return {"outcomes": self.outcomes, "alignments": self.alignments, f"hit@{self.k}": round(self.hit_at_k, 3),
                "mrr": round(self.mrr, 3), f"recall@{self.k}": round(self.recall_at_k, 3)}


def evaluate(session: Session, org: Organization, *, k: int = 5) -> Evaluation:
    outcomes = session.execute(
        select(LearningOutcome).where(LearningOutcome.organization_id == org.id).options(
            selectinload(LearningOutcome.alignments), selectinload(LearningOutcome.competencies),
            selectinload(LearningOutcome.unit).selectinload(Unit.course),
        ).order_by(LearningOutcome.id)
    ).scalars().all()
    rankers: dict[tuple[int, ...], tuple] = {}
    hits = reciprocal = counted = recall = 0.0
    aligned = 0
    for outcome in outcomes:
        gold = {a.item_id for a in outcome.alignments}
        if not gold:
            continue
        frameworks = curriculum.target_frameworks(session, org, outcome.unit)
        key = tuple(sorted(f.id for f in frameworks))
        if key not in rankers:
            rankers[key] = build_ranker(candidate_items(session, frameworks))
        ranked = [h.key for h in rankers[key].rank(outcome_query(outcome))]
        counted += 1
        aligned += len(gold)
        recall += len(gold & set(ranked[:k])) / min(len(gold), k)
        first = next((i for i, key_ in enumerate(ranked, 1) if key_ in gold), None)
        if first is not None:
            reciprocal += 1 / first
            hits += first <= k
    n = int(counted)
    if not n:
        return Evaluation(0, 0.0, 0.0, k)
    return Evaluation(n, hits / n, reciprocal / n, k, recall / n, aligned)
