"""The sample courses load through the API schemas, completely and idempotently."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from authoring.curriculum.models import (
    Alignment, Assessment, AssessmentItem, Course, ItemType, LearningOutcome, Lesson, Program, Unit, UnitRevision,
    UnitStatus,
)
from authoring.db import utcnow
from authoring.errors import ValidationFailed
from authoring.frameworks.models import Credential, Framework, FrameworkItem
from authoring.interchange.bundle import BundleLoader
from authoring.interchange.samples import load_samples
from authoring.occupations.models import LegacyOccupationCode, Occupation, Pathway
from authoring.tenancy.models import Membership, Role


def count(session, model, *where):
    return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_a_second_load_changes_nothing(db_session):
    models = (Framework, FrameworkItem, Credential, Occupation, Pathway, Unit, Lesson, AssessmentItem, UnitRevision)
    before = {m.__name__: count(db_session, m) for m in models}
    report = load_samples(db_session, utcnow())
    assert not report.changed, report.created
    assert {m.__name__: count(db_session, m) for m in models} == before


def test_the_demo_program_and_courses(db_session, demo_org):
    program = db_session.execute(select(Program).where(Program.slug == "advanced-manufacturing")).scalar_one()
    assert program.organization_id == demo_org.id
    assert program.required_hours == 900
    assert {c.slug for c in program.courses} >= {"machining-level-1", "safety-lean-fundamentals"}
    titles = {c.title for c in program.courses}
    assert {"Machining Level I", "Manufacturing Safety & Lean Fundamentals"} <= titles
    assert program.target_frameworks and program.target_credentials


def test_the_eight_occupations_with_tasks_and_labour_figures(db_session, demo_org):
    occupations = db_session.execute(select(Occupation).where(Occupation.organization_id == demo_org.id)).scalars().all()
    codes = {o.onet_code for o in occupations}
    assert codes == {"51-4041.00", "51-9161.00", "51-4034.00", "51-9061.00", "51-2092.00", "51-1011.00", "49-9041.00", "51-4121.00"}
    for occupation in occupations:
        assert len(occupation.competencies) >= 5, occupation.onet_code
        figures = occupation.labor_statistics[0]
        assert figures.annual_openings and figures.median_wage and figures.source and figures.year
    machinists = next(o for o in occupations if o.onet_code == "51-4041.00")
    assert machinists.soc_code == "51-4041"
    assert any("blueprint" in c.item.statement.lower() or "specification" in c.item.statement.lower() for c in machinists.competencies)
    legacy = db_session.execute(select(LegacyOccupationCode).where(LegacyOccupationCode.legacy_code == "51-4121.06")).scalar_one()
    assert legacy.current_code == "51-4121.00"


def test_pathway_credentials_and_frameworks(db_session, demo_org):
    pathway = db_session.execute(select(Pathway).where(Pathway.organization_id == demo_org.id)).scalars().first()
    assert pathway is not None and len(pathway.steps) >= 4 and pathway.edges
    assert {s.tier.value for s in pathway.steps} >= {"focal"}
    kinds = {e.kind.value for e in pathway.edges}
    assert kinds <= {"advancement", "springboard"} and "advancement" in kinds
    credentials = db_session.execute(select(Credential)).scalars().all()
    names = " ".join(c.name for c in credentials)
    assert "OSHA" in names and "MACWIC" in names and "NIMS" in names
    osha = [c for c in credentials if "OSHA" in c.name]
    assert len({c.edition for c in osha}) == 2, "both OSHA 10 editions in use are kept"
    assert all(c.hour_rules and c.framework.items for c in credentials)
    clusters = db_session.execute(select(FrameworkItem).where(FrameworkItem.human_coding.like("MNC%"))).scalars().all()
    assert {i.human_coding[:5] for i in clusters} >= {f"MNC{n:02d}" for n in range(1, 11)}


def test_every_unit_is_complete(db_session, demo_org):
    units = db_session.execute(select(Unit).where(Unit.organization_id == demo_org.id)).scalars().all()
    assert len(units) >= 8
    for unit in units:
        assert unit.outcomes and unit.lessons and unit.assessments, unit.slug
        assert all(o.alignments or o.code for o in unit.outcomes)
        assert all(len(lesson.body_html) > 400 and "lorem" not in lesson.body_html.lower() for lesson in unit.lessons), unit.slug
        if unit.status is UnitStatus.published:
            assert unit.revisions and unit.revisions[-1].snapshot["outcomes"]
    types = set(db_session.execute(select(AssessmentItem.item_type)).scalars())
    assert types == set(ItemType)
    assert count(db_session, Alignment) >= 40
    assert count(db_session, LearningOutcome, LearningOutcome.organization_id == demo_org.id) >= 24


def test_the_planted_coverage_gaps_are_there(db_session, demo_org):
    """Some target framework items have no aligned outcome, on purpose, for the audit to find."""
    program = db_session.execute(select(Program).where(Program.slug == "advanced-manufacturing")).scalar_one()
    target_ids = [f.id for f in program.target_frameworks] + [c.framework_id for c in program.target_credentials]
    items = count(db_session, FrameworkItem, FrameworkItem.framework_id.in_(target_ids))
    aligned = db_session.execute(
        select(func.count(func.distinct(Alignment.item_id))).join(FrameworkItem).where(FrameworkItem.framework_id.in_(target_ids))
    ).scalar_one()
    assert 0 < aligned < items


def test_demo_people_have_each_role(db_session, demo_org):
    roles = set(db_session.execute(select(Membership.role).where(Membership.organization_id == demo_org.id)).scalars())
    assert set(Role) <= roles


def test_a_bad_bundle_is_refused_whole(db_session, demo_org):
    before = count(db_session, Course)
    document = {"courses": [
        {"slug": "fine-course", "title": "Fine", "units": []},
        {"slug": "bad-course", "title": "Bad", "units": [{"slug": "u", "title": "U", "outcomes": [
            {"code": "X1", "statement": "Measure parts.", "alignments": [{"item": "no-such-framework:1"}]}]}]},
    ]}
    savepoint = db_session.begin_nested()
    with pytest.raises(ValidationFailed, match="no-such-framework"):
        BundleLoader(db_session, utcnow(), org=demo_org).load_document(document, "test.yaml")
    savepoint.rollback()
    assert count(db_session, Course) == before


def test_schema_errors_name_the_field(db_session, demo_org):
    document = {"courses": [{"slug": "Bad Slug!", "title": ""}]}
    with pytest.raises(ValidationFailed) as caught:
        BundleLoader(db_session, utcnow(), org=demo_org).load_document(document, "test.yaml")
    assert {"slug", "title"} <= set(caught.value.errors)


def test_lesson_html_is_sanitised_on_load(db_session, demo_org):
    document = {"courses": [{"slug": "xss", "title": "XSS", "units": [{"slug": "u", "title": "U", "lessons": [
        {"title": "L", "body_html": '<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:x()">link</a></p>'}]}]}]}
    BundleLoader(db_session, utcnow(), org=demo_org).load_document(document, "test.yaml")
    lesson = db_session.execute(select(Lesson).where(Lesson.title == "L")).scalar_one()
    assert "script" not in lesson.body_html and "onclick" not in lesson.body_html and "javascript" not in lesson.body_html
    assert "Hi" in lesson.body_html
