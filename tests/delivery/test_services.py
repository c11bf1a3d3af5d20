from __future__ import annotations

from decimal import Decimal

import pytest

from authoring.db import utcnow
from authoring.delivery import services as delivery
from authoring.delivery.models import AttemptStatus
from authoring.errors import Conflict, NotFound, ValidationFailed
from tests.fixtures.lti import publish_unit
from tests.fixtures.tenancy import make_org, make_user


@pytest.fixture()
def published(db_session):
    org = make_org(db_session)
    revision = publish_unit(db_session, org, utcnow())
    assessment = revision.snapshot["assessments"][0]
    items = {item["type"]: item for item in assessment["items"]}
    return org, revision, assessment, items


def _answers(items, essay="Chips fly."):
    return {items["multiple_choice"]["id"]: "a", items["multiple_response"]["id"]: ["a", "b"],
            items["true_false"]["id"]: "true", items["fill_in_blank"]["id"]: "LOCK", items["essay"]["id"]: essay}


def test_submit_scores_what_it_can_and_leaves_essays_pending(db_session, published):
    org, revision, assessment, items = published
    learner = make_user(db_session, org, "learner")
    attempt = delivery.submit(db_session, revision=revision, assessment_key=assessment["id"], placement="p-1",
                              user=learner, responses=_answers(items), now=utcnow())
    assert attempt.status is AttemptStatus.submitted and attempt.pending
    assert (attempt.score, attempt.points_possible) == (Decimal("5"), Decimal("10"))  # true/false was wrong
    assert [a.item_key for a in attempt.awaiting] == [items["essay"]["id"]]

    teacher = make_user(db_session, org, "teacher")
    essay = attempt.awaiting[0]
    with pytest.raises(ValidationFailed):
        delivery.grade(db_session, attempt, {essay.id: ("4.5", "")}, teacher, utcnow())
    with pytest.raises(ValidationFailed):
        delivery.grade(db_session, attempt, {essay.id: ("lots", "")}, teacher, utcnow())
    delivery.grade(db_session, attempt, {essay.id: ("3.5", "Clear.")}, teacher, utcnow())
    assert attempt.status is AttemptStatus.graded and attempt.score == Decimal("8.5") and attempt.graded_by_id == teacher.id
    assert attempt.graded_at is not None and essay.comment == "Clear."


def test_one_submission_per_learner_and_placement(db_session, published):
    org, revision, assessment, items = published
    learner = make_user(db_session, org, "learner")
    kwargs = dict(revision=revision, assessment_key=assessment["id"], user=learner, responses=_answers(items, essay=""), now=utcnow())
    first = delivery.submit(db_session, placement="p-2", **kwargs)
    assert first.status is AttemptStatus.graded  # a blank essay needs no teacher
    with pytest.raises(Conflict):
        delivery.submit(db_session, placement="p-2", **kwargs)
    assert delivery.submit(db_session, placement="p-3", **kwargs).id != first.id  # another placement is another attempt
    assert [a.id for a in delivery.attempts_at(db_session, "p-2")] == [first.id]


def test_revisions_and_parts_are_found_only_in_their_organization(db_session, published):
    org, revision, assessment, _ = published
    other = make_org(db_session)
    assert delivery.get_revision(db_session, org, revision.id) == revision
    with pytest.raises(NotFound):
        delivery.get_revision(db_session, other, revision.id)
    assert delivery.find_part(revision.snapshot, "assessment", assessment["id"]) == assessment
    assert delivery.find_part(revision.snapshot, "lesson", assessment["id"] + 10_000) is None
    assert delivery.find_part(revision.snapshot, "nonsense", 1) is None
    with pytest.raises(NotFound):
        delivery.submit(db_session, revision=revision, assessment_key=-1, placement="p", user=make_user(db_session, org, "learner"),
                        responses={}, now=utcnow())


def test_coverage_lists_outcomes_and_the_standards_they_align_to(db_session, published):
    _, revision, assessment, _ = published
    coverage = delivery.coverage(revision.snapshot, "assessment", assessment["id"])
    (outcome,) = coverage.outcomes
    (standard,) = coverage.standards
    assert standard["statement"] == "Apply shop safety procedures and use PPE." and standard["outcomes"] == [outcome["code"]]
    assert delivery.coverage(revision.snapshot, "unit", None).outcomes == revision.snapshot["outcomes"]
