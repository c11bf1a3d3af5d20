"""Curriculum services: drafting, editing under optimistic locking, review, publishing, history."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from authoring.curriculum import services
from authoring.curriculum.models import (
    ImmutableRevisionError, ItemType, LearningOutcome, ReviewKind, UnitRevision, UnitStatus,
)
from authoring.errors import Conflict, NotFound, ValidationFailed
from tests.authoring.factories import make_program, make_unit
from tests.fixtures.tenancy import make_org

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def reload(session, org, unit):
    session.expire_all()
    return services.get_unit_by_id(session, org, unit.id)


def test_a_unit_started_from_competencies_gets_prefilled_outcomes(db_session, org, people, now):
    _, course, framework = make_program(db_session, org)
    competency = framework.items[1]
    unit = services.create_unit(db_session, people["author"], now, course, title="Precision Measurement", competencies=[competency])
    assert unit.status is UnitStatus.draft and unit.slug == "precision-measurement"
    [outcome] = unit.outcomes
    assert outcome.statement.startswith("The student will measure part dimensions")
    assert outcome.competencies == [competency] and outcome.code == "LO-01"
    assert outcome.verb == "measure"    # read off the statement by the checker
    again = services.create_unit(db_session, people["author"], now, course, title="Precision Measurement")
    assert again.slug == "precision-measurement-2"


def test_every_change_bumps_the_version_and_a_stale_one_changes_nothing(db_session, org, people, now):
    unit = make_unit(db_session, org)
    v = unit.version
    services.update_unit(db_session, people["author"], now, unit, {"title": "New title"}, expected=v)
    assert unit.version == v + 1
    outcome = unit.outcomes[0]
    services.update_outcome(db_session, people["author"], now, outcome, {"statement": "Given a lathe, the student will face a part to within 0.005 in."}, expected=v + 1)
    assert unit.version == v + 2 and outcome.verb == "face"
    with pytest.raises(Conflict):
        services.update_outcome(db_session, people["author"], now, outcome, {"statement": "Students will know it."}, expected=v)
    with pytest.raises(Conflict):
        services.add_lesson(db_session, people["author"], now, unit, {"title": "Late"}, expected=v + 1)
    unit = reload(db_session, org, unit)
    assert unit.version == v + 2 and "face a part" in unit.outcomes[0].statement and len(unit.lessons) == 2


def test_review_publish_and_the_next_draft(db_session, org, people, now):
    unit = make_unit(db_session, org)
    author, reviewer = people["author"], people["reviewer"]
    with pytest.raises(services.InvalidState):
        services.publish(db_session, author, now, unit, expected=unit.version)   # not approved
    services.submit(db_session, author, now, unit, "Ready", expected=unit.version)
    assert unit.status is UnitStatus.in_review
    with pytest.raises(services.InvalidState):
        services.add_lesson(db_session, author, now, unit, {"title": "Sneaky"}, expected=unit.version)
    services.request_changes(db_session, reviewer, now, unit, "Add a criterion to LO-02", expected=unit.version)
    assert unit.status is UnitStatus.draft
    services.submit(db_session, author, now, unit, expected=unit.version)
    services.comment(db_session, reviewer, now, unit, "Looks good")
    services.approve(db_session, reviewer, now, unit, expected=unit.version)
    assert services.is_approved(unit)
    revision = services.publish(db_session, author, now, unit, "First", expected=unit.version)
    assert revision.number == 1 and unit.status is UnitStatus.published
    assert [r.kind for r in unit.reviews] == [
        ReviewKind.submitted, ReviewKind.changes_requested, ReviewKind.submitted, ReviewKind.comment,
        ReviewKind.approved, ReviewKind.published,
    ]
    with pytest.raises(ImmutableRevisionError), db_session.begin_nested():
        revision.title = "tampered"
        db_session.flush()

    unit = reload(db_session, org, unit)
    services.update_lesson(db_session, author, now, unit.lessons[0], {"body_html": "<p>Rewritten</p>"}, expected=unit.version)
    assert unit.status is UnitStatus.draft      # a later edit starts a new draft
    assert unit.revisions[0].snapshot["lessons"][0]["body_html"] == "<p>Lesson 1 text.</p>"
    diff = services.diff_snapshots(unit.revisions[0].snapshot, services.snapshot_for(unit, "draft"))
    [change] = diff["sections"]["lessons"]
    assert change["change"] == "changed" and change["fields"]["body_html"]["to"] == "<p>Rewritten</p>"
    services.submit(db_session, author, now, unit, expected=unit.version)
    services.approve(db_session, reviewer, now, unit, expected=unit.version)
    assert services.publish(db_session, reviewer, now, unit, expected=unit.version).number == 2


def test_alignments_reorder_and_delete(db_session, org, people, now):
    unit = make_unit(db_session, org, outcomes=3, alignments=1)
    outcome = unit.outcomes[0]
    item = next(i for i in unit.course.program.target_frameworks[0].items if i.id not in {a.item_id for a in outcome.alignments} and i.parent_id)
    services.align(db_session, people["author"], now, outcome, item, expected=unit.version)
    assert item.id in {a.item_id for a in outcome.alignments}
    ids = [o.id for o in unit.outcomes]
    services.reorder(db_session, people["author"], now, unit, "outcomes", ids[::-1], expected=unit.version)
    assert [o.id for o in unit.outcomes] == ids[::-1] and [o.position for o in unit.outcomes] == [0, 1, 2]
    services.move(db_session, people["author"], now, unit, "outcomes", ids[0], -1, expected=unit.version)
    assert [o.id for o in unit.outcomes] == [ids[2], ids[0], ids[1]]
    with pytest.raises(ValidationFailed):
        services.reorder(db_session, people["author"], now, unit, "outcomes", ids[:2], expected=unit.version)
    services.delete_outcome(db_session, people["author"], now, unit.outcomes[0], expected=unit.version)
    assert [o.position for o in unit.outcomes] == [0, 1]


def test_lessons_are_sanitised_and_images_must_be_images(db_session, org, people, now):
    unit = make_unit(db_session, org)
    lesson = services.add_lesson(db_session, people["author"], now, unit,
                                 {"title": "Safety", "hours": "2.5", "body_html": '<p onclick="x()">Hi<script>alert(1)</script></p>'},
                                 expected=unit.version)
    assert lesson.body_html == "<p>Hi</p>" and lesson.hours == Decimal("2.50")
    asset = services.upload_image(db_session, people["author"], now, unit, "chip.png", "image/png", PNG)
    assert asset.size == len(PNG) and asset.organization_id == org.id
    with pytest.raises(ValidationFailed):
        services.upload_image(db_session, people["author"], now, unit, "evil.png", "image/png", b"<html><script>")
    with pytest.raises(ValidationFailed):
        services.add_lesson(db_session, people["author"], now, unit, {"title": "x", "hours": "-1"}, expected=unit.version)


def test_items_refer_to_the_units_own_outcomes(db_session, org, people, now):
    from authoring.curriculum.views import item_from_form
    from werkzeug.datastructures import MultiDict

    unit = make_unit(db_session, org, outcomes=2)
    data = item_from_form(MultiDict([("type", "multiple_choice"), ("prompt", "Which tool measures to 0.0001 in.?"),
                                     ("choices", "Steel rule\n*Micrometer\nTape"), ("points", "2"), ("outcomes", "LO-02")]))
    item = services.add_item(db_session, people["author"], now, unit.assessments[0], data, expected=unit.version)
    assert item.item_type is ItemType.multiple_choice and [c["correct"] for c in item.choices] == [False, True, False]
    assert [o.code for o in item.outcomes] == ["LO-02"] and item.points == Decimal(2)
    with pytest.raises(ValidationFailed):
        item_from_form(MultiDict([("type", "true_false"), ("prompt", "Safety glasses are optional.")]))
    tf = item_from_form(MultiDict([("type", "true_false"), ("prompt", "Safety glasses are optional."), ("tf_answer", "false")]))
    assert tf["answer"] == {"value": False}
    bad = dict(data, outcomes=["LO-99"])
    with pytest.raises(ValidationFailed):
        services.add_item(db_session, people["author"], now, unit.assessments[0], bad, expected=unit.version)


def test_duplicate_copies_content_not_history(db_session, org, people, now):
    unit = make_unit(db_session, org, outcomes=2, items=2)
    services.submit(db_session, people["author"], now, unit, expected=unit.version)
    services.approve(db_session, people["reviewer"], now, unit, expected=unit.version)
    services.publish(db_session, people["author"], now, unit, expected=unit.version)
    copy = services.duplicate(db_session, people["author"], now, unit)
    assert copy.status is UnitStatus.draft and copy.revisions == [] and copy.reviews == []
    assert [o.statement for o in copy.outcomes] == [o.statement for o in unit.outcomes]
    assert {o.id for i in copy.assessments[0].items for o in i.outcomes} <= {o.id for o in copy.outcomes}
    assert len(copy.outcomes[0].alignments) == len(unit.outcomes[0].alignments)
    services.archive(db_session, people["author"], now, copy, expected=copy.version)
    with pytest.raises(services.InvalidState):
        services.update_unit(db_session, people["author"], now, copy, {"title": "x"}, expected=copy.version)


def test_lookups_never_cross_organizations(db_session, org, now):
    other = make_org(db_session)
    unit = make_unit(db_session, other)
    with pytest.raises(NotFound):
        services.get_unit_by_id(db_session, org, unit.id)
    with pytest.raises(NotFound):
        services.get_outcome(db_session, org, unit.outcomes[0].id)
    with pytest.raises(NotFound):
        services.get_framework_item(db_session, org, unit.outcomes[0].alignments[0].item_id)


def test_coverage_lists_units_deriving_from_or_aligned_to_a_competency(db_session, org, people, now):
    _, course, framework = make_program(db_session, org)
    competency = framework.items[2]
    unit = services.create_unit(db_session, people["author"], now, course, title="Drawings", competencies=[competency])
    assert services.coverage(db_session, org, [competency.id])[competency.id] == [unit]
    assert db_session.execute(select(UnitRevision).where(UnitRevision.unit_id == unit.id)).first() is None
    assert db_session.get(LearningOutcome, unit.outcomes[0].id).unit is unit
