from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from authoring.curriculum.models import Course, ImmutableRevisionError, Lesson, Unit, UnitRevision, UnitStatus
from authoring.db import utcnow
from authoring.frameworks.models import Framework, FrameworkItem, FrameworkKind
from authoring.tenancy.models import Membership, Organization, Role
from tests.fixtures.tenancy import make_org, make_user


def test_organization_slug_is_unique(db_session):
    make_org(db_session, slug="twin")
    db_session.add(Organization(slug="twin", name="Twin again"))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_a_user_has_one_membership_per_organization(db_session):
    org = make_org(db_session)
    user = make_user(db_session, org, "author")
    db_session.add(Membership(user=user, organization=org, role=Role.teacher))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_enum_columns_refuse_unknown_values_in_the_database(db_session):
    org = make_org(db_session)
    user = make_user(db_session, org, "author")
    with pytest.raises(IntegrityError):
        db_session.execute(
            text("INSERT INTO membership (user_id, organization_id, role, created_at) VALUES (:u, :o, 'superuser', :t)"),
            {"u": user.id, "o": make_org(db_session).id, "t": utcnow()},
        )
        db_session.flush()


def test_enum_columns_refuse_unknown_values_in_python(db_session):
    org = make_org(db_session)
    user = make_user(db_session, org, "author")
    membership = db_session.execute(select(Membership).where(Membership.user_id == user.id)).scalar_one()
    membership.role = "superuser"
    with pytest.raises(StatementError):
        db_session.flush()


def test_foreign_keys_are_enforced(db_session):
    db_session.add(Course(organization_id=999_999, slug="orphan", title="Orphan"))
    with pytest.raises(IntegrityError):
        db_session.flush()


def _unit(db_session, org=None):
    org = org or make_org(db_session)
    course = Course(organization_id=org.id, slug="c", title="Course")
    unit = Unit(organization_id=org.id, course=course, slug="u", title="Unit")
    unit.lessons.append(Lesson(organization_id=org.id, title="L1", hours=Decimal("1.5"), body_html="<p>x</p>"))
    db_session.add(unit)
    db_session.flush()
    return unit


def test_unit_slug_is_unique_within_a_course(db_session):
    unit = _unit(db_session)
    db_session.add(Unit(organization_id=unit.organization_id, course=unit.course, slug="u", title="Again"))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_unit_hours_add_up_its_lessons(db_session):
    unit = _unit(db_session)
    unit.lessons.append(Lesson(organization_id=unit.organization_id, title="L2", hours=Decimal("2.25")))
    assert unit.hours == Decimal("3.75")


def test_stale_unit_writes_are_refused(app, db_session):
    unit = _unit(db_session)
    assert unit.version == 1
    unit.title = "Renamed"
    db_session.flush()
    assert unit.version == 2
    # Someone else saved version 3 meanwhile; our copy still says 2.
    db_session.execute(text("UPDATE unit SET version = 3 WHERE id = :id"), {"id": unit.id})
    unit.title = "Renamed again"
    with pytest.raises(StaleDataError):
        db_session.flush()


def test_published_revisions_are_immutable(db_session):
    from authoring.curriculum.revisions import publish

    unit = _unit(db_session)
    revision = publish(db_session, unit, None, utcnow())
    assert (revision.number, unit.status) == (1, UnitStatus.published)
    assert revision.snapshot["lessons"][0]["title"] == "L1"
    assert revision.snapshot["lessons"][0]["hours"] == "1.5"
    revision.title = "Tampered"
    with pytest.raises(ImmutableRevisionError):
        db_session.flush()


def test_revision_numbers_count_up_and_are_unique(db_session):
    from authoring.curriculum.revisions import publish

    unit = _unit(db_session)
    assert [publish(db_session, unit, None, utcnow()).number for _ in range(3)] == [1, 2, 3]
    db_session.add(UnitRevision(organization_id=unit.organization_id, unit=unit, number=2, title="dup", snapshot={}))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_framework_items_get_stable_uuid_identifiers_and_a_tree(db_session):
    org = make_org(db_session)
    framework = Framework(organization_id=org.id, slug="f", title="F", kind=FrameworkKind.standards)
    strand = FrameworkItem(framework=framework, human_coding="1", statement="Safety")
    topic = FrameworkItem(framework=framework, human_coding="1.A", statement="PPE", parent=strand)
    db_session.add_all([framework, strand, topic])
    db_session.flush()
    assert strand.identifier != topic.identifier
    assert topic.parent is strand and strand.children == [topic]
    db_session.add(FrameworkItem(framework=framework, identifier=topic.identifier, statement="clash"))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_datetimes_come_back_timezone_aware(db_session):
    org = make_org(db_session)
    db_session.expire(org)
    assert org.created_at.tzinfo is not None
