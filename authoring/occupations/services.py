"""Occupations and pathways as curriculum writers see them: competencies, and which units cover them."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from authoring.curriculum import services as curriculum
from authoring.curriculum.models import UnitStatus
from authoring.errors import NotFound
from authoring.occupations.models import Occupation, OccupationCompetency, Pathway, PathwayEdge, PathwayStep
from authoring.tenancy.models import Organization


def visible_occupations(org: Organization):
    return or_(Occupation.organization_id == org.id, Occupation.shared.is_(True))


def list_occupations(session: Session, org: Organization) -> list[Occupation]:
    return list(session.execute(
        select(Occupation).where(visible_occupations(org)).options(selectinload(Occupation.labor_statistics)).order_by(Occupation.title)
    ).scalars())


def get_occupation(session: Session, org: Organization, occupation_id: int) -> Occupation:
    occupation = session.execute(
        select(Occupation).where(Occupation.id == occupation_id, visible_occupations(org)).options(
            selectinload(Occupation.competencies).selectinload(OccupationCompetency.item),
            selectinload(Occupation.labor_statistics),
        )
    ).scalar_one_or_none()
    if occupation is None:
        raise NotFound(f"No occupation {occupation_id}.")
    return occupation


def competency_profile(session: Session, org: Organization, occupation_id: int, *, drafts: bool) -> dict:
    """The occupation, each competency, and the units covering it (published ones only for teachers)."""
    occupation = get_occupation(session, org, occupation_id)
    covered = curriculum.coverage(session, org, [c.item_id for c in occupation.competencies])
    return {
        **{k: getattr(occupation, k) for k in ("id", "onet_code", "soc_code", "title", "simple_title", "typical_education",
                                               "job_zone", "description", "labor_statistics")},
        "competencies": [
            {
                "item_id": c.item_id, "item": c.item, "human_coding": c.item.human_coding, "statement": c.item.statement,
                "category": c.category,
                "units": [
                    {"id": u.id, "title": u.title, "status": u.status.value, "course": u.course.title}
                    for u in covered.get(c.item_id, []) if drafts or u.status is UnitStatus.published
                ],
            }
            for c in occupation.competencies
        ],
    }


def list_pathways(session: Session, org: Organization) -> list[Pathway]:
    return list(session.execute(
        select(Pathway).where(Pathway.organization_id == org.id).options(selectinload(Pathway.steps)).order_by(Pathway.title)
    ).scalars())


def get_pathway(session: Session, org: Organization, slug: str) -> Pathway:
    pathway = session.execute(
        select(Pathway).where(Pathway.organization_id == org.id, Pathway.slug == slug).options(
            selectinload(Pathway.steps).selectinload(PathwayStep.occupation),
            selectinload(Pathway.edges).selectinload(PathwayEdge.from_step),
            selectinload(Pathway.edges).selectinload(PathwayEdge.to_step),
        )
    ).scalar_one_or_none()
    if pathway is None:
        raise NotFound(f"No pathway '{slug}'.")
    return pathway
