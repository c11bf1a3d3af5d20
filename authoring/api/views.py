"""/api/v1: the JSON API. Views parse, call one service, commit once, dump. Unit writes answer with
the unit's new version in an ETag, so the client can send it back as If-Match."""
from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from authoring.api.auth import api_member, api_route
from authoring.api.util import doc, expected_version, load, paginate
from authoring.curriculum import policy, quality, services
from authoring.curriculum import schemas as cs
from authoring.curriculum.models import Program, UnitStatus
from authoring.db import db, utcnow
from authoring.extensions import csrf
from authoring.frameworks.models import Framework, FrameworkItem
from authoring.frameworks.schemas import FrameworkItemOut, FrameworkOut
from authoring.occupations import services as occupations
from authoring.occupations.models import Occupation, Pathway
from authoring.occupations.schemas import OccupationDetailOut, OccupationOut, PathwayOut
from authoring.suggestions import services as suggestions
from authoring.tenancy.models import Role

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)   # token calls carry no cookie; session calls are CSRF-checked in api.auth
ORG = "/orgs/<org>"


def _done(payload, status: int = 200, unit=None):
    """Commit the request's one transaction and answer; unit writes carry the new version."""
    db.session.commit()
    response = jsonify(payload)
    response.status_code = status
    if unit is not None:
        response.headers["ETag"] = f'"{unit.version}"'
    return response


def _unit(unit_id: int):
    """Teachers see published units only; drafts do not exist for them."""
    unit = services.get_unit_by_id(db.session, g.org, unit_id)
    if unit.status is not UnitStatus.published and not _sees_drafts():
        abort(404, f"No unit {unit_id}.")
    return unit


def _sees_drafts() -> bool:
    return g.membership.role in {*policy.READ_DRAFTS, Role.admin}


# -- the outcome checker -----------------------------------------------------------------------
@bp.route("/outcomes/check", methods=["POST"])
@doc("Check an outcome statement's quality (verb, Bloom level, findings)", body=cs.CheckOutcomeIn, response=cs.CheckOutcomeOut)
@api_member(*policy.READ_PUBLISHED)
def check_outcome():
    data = load(cs.CheckOutcomeIn())
    return jsonify(quality.check(data["statement"]))


# -- programs, courses, frameworks, occupations ------------------------------------------------
@bp.route(f"{ORG}/programs")
@doc("List programs", response=cs.ProgramOut, paginated=True)
@api_route(*policy.READ_PUBLISHED)
def programs():
    query = select(Program).where(Program.organization_id == g.org.id).options(
        selectinload(Program.target_frameworks), selectinload(Program.target_credentials)).order_by(Program.title)
    return jsonify(paginate(query, cs.ProgramOut()))


@bp.route(f"{ORG}/courses")
@doc("List courses", response=cs.CourseOut, paginated=True)
@api_route(*policy.READ_PUBLISHED)
def courses():
    from authoring.curriculum.models import Course

    query = select(Course).where(Course.organization_id == g.org.id).order_by(Course.title)
    return jsonify(paginate(query, cs.CourseOut()))


@bp.route(f"{ORG}/frameworks")
@doc("List frameworks (the organization's and shared ones)", response=FrameworkOut, paginated=True)
@api_route(*policy.READ_PUBLISHED)
def frameworks():
    query = select(Framework).where(services.visible_frameworks(g.org)).order_by(Framework.title)
    return jsonify(paginate(query, FrameworkOut()))


@bp.route(f"{ORG}/frameworks/<int:framework_id>/items")
@doc("List a framework's items, in tree order", response=FrameworkItemOut, paginated=True)
@api_route(*policy.READ_PUBLISHED)
def framework_items(framework_id: int):
    framework = db.session.execute(
        select(Framework).where(Framework.id == framework_id, services.visible_frameworks(g.org))).scalar_one_or_none()
    if framework is None:
        abort(404, f"No framework {framework_id}.")
    query = select(FrameworkItem).where(FrameworkItem.framework_id == framework.id).order_by(FrameworkItem.position, FrameworkItem.id)
    if q := request.args.get("q", "").strip():
        query = query.where(FrameworkItem.statement.ilike(f"%{q}%") | FrameworkItem.human_coding.ilike(f"{q}%"))
    return jsonify(paginate(query, FrameworkItemOut()))


@bp.route(f"{ORG}/occupations")
@doc("List occupations", response=OccupationOut, paginated=True)
@api_route(*policy.READ_PUBLISHED)
def occupation_list():
    query = select(Occupation).where(occupations.visible_occupations(g.org)).order_by(Occupation.title)
    return jsonify(paginate(query, OccupationOut()))


@bp.route(f"{ORG}/occupations/<int:occupation_id>")
@doc("An occupation with its competencies and the units that cover each", response=OccupationDetailOut)
@api_route(*policy.READ_PUBLISHED)
def occupation_detail(occupation_id: int):
    profile = occupations.competency_profile(db.session, g.org, occupation_id, drafts=_sees_drafts())
    return jsonify(OccupationDetailOut().dump(profile))


@bp.route(f"{ORG}/pathways")
@doc("List career pathways", response=PathwayOut, paginated=True)
@api_route(*policy.READ_PUBLISHED)
def pathways():
    query = select(Pathway).where(Pathway.organization_id == g.org.id).options(selectinload(Pathway.steps)).order_by(Pathway.title)
    return jsonify(paginate(query, PathwayOut()))


# -- units -------------------------------------------------------------------------------------
@bp.route(f"{ORG}/units")
@doc("List units (drafts too for writers and reviewers); ?course_id= filters", response=cs.UnitSummaryOut, paginated=True)
@api_route(*policy.READ_PUBLISHED)
def units():
    course_id = request.args.get("course_id", type=int)
    return jsonify(paginate(services.list_units(db.session, g.org, drafts=_sees_drafts(), course_id=course_id), cs.UnitSummaryOut()))


@bp.route(f"{ORG}/courses/<int:course_id>/units", methods=["POST"])
@doc("Start a unit in a course, with outcomes pre-filled from chosen competencies", body=cs.UnitCreateIn, response=cs.UnitOut, status=201)
@api_route(*policy.EDIT)
def create_unit(course_id: int):
    course = services.get_course_by_id(db.session, g.org, course_id)
    data = load(cs.UnitCreateIn())
    competencies = [services.get_framework_item(db.session, g.org, i) for i in data["competency_ids"]]
    unit = services.create_unit(db.session, g.actor, utcnow(), course, title=data["title"], summary=data["summary"],
                                slug=data["slug"], competencies=competencies)
    db.session.commit()
    unit = services.get_unit_by_id(db.session, g.org, unit.id)
    return _done(cs.UnitOut().dump(unit), 201, unit)


@bp.route(f"{ORG}/units/<int:unit_id>")
@doc("A unit with its outcomes, lessons, assessments, revisions and review thread", response=cs.UnitOut)
@api_route(*policy.READ_PUBLISHED)
def unit_detail(unit_id: int):
    unit = _unit(unit_id)
    response = jsonify(cs.UnitOut().dump(unit))
    response.headers["ETag"] = f'"{unit.version}"'
    return response


@bp.route(f"{ORG}/units/<int:unit_id>", methods=["PATCH"])
@doc("Change a unit's title or summary", body=cs.UnitUpdateIn, response=cs.UnitSummaryOut, versioned=True)
@api_route(*policy.EDIT)
def update_unit(unit_id: int):
    unit = _unit(unit_id)
    unit = services.update_unit(db.session, g.actor, utcnow(), unit, load(cs.UnitUpdateIn(), partial=True), expected=expected_version())
    return _done(cs.UnitSummaryOut().dump(unit), unit=unit)


@bp.route(f"{ORG}/units/<int:unit_id>/outcomes", methods=["POST"])
@doc("Add a learning outcome", body=cs.OutcomeWriteIn, response=cs.OutcomeOut, status=201, versioned=True)
@api_route(*policy.EDIT)
def add_outcome(unit_id: int):
    unit = _unit(unit_id)
    outcome = services.add_outcome(db.session, g.actor, utcnow(), unit, load(cs.OutcomeWriteIn()), expected=expected_version())
    return _done(cs.OutcomeOut().dump(outcome), 201, unit)


@bp.route(f"{ORG}/outcomes/<int:outcome_id>", methods=["PATCH"])
@doc("Change a learning outcome", body=cs.OutcomeWriteIn, response=cs.OutcomeOut, versioned=True)
@api_route(*policy.EDIT)
def update_outcome(outcome_id: int):
    outcome = services.get_outcome(db.session, g.org, outcome_id)
    outcome = services.update_outcome(db.session, g.actor, utcnow(), outcome, load(cs.OutcomeWriteIn(), partial=True), expected=expected_version())
    return _done(cs.OutcomeOut().dump(outcome), unit=outcome.unit)


@bp.route(f"{ORG}/outcomes/<int:outcome_id>", methods=["DELETE"])
@doc("Delete a learning outcome", status=204, versioned=True)
@api_route(*policy.EDIT)
def delete_outcome(outcome_id: int):
    outcome = services.get_outcome(db.session, g.org, outcome_id)
    unit = outcome.unit
    services.delete_outcome(db.session, g.actor, utcnow(), outcome, expected=expected_version())
    return _done(None, 204, unit)


@bp.route(f"{ORG}/outcomes/<int:outcome_id>/alignments", methods=["POST"])
@doc("Align an outcome to a framework item (accepting a suggestion is this too)", body=cs.AlignmentCreateIn, response=cs.AlignmentOut, status=201, versioned=True)
@api_route(*policy.EDIT)
def add_alignment(outcome_id: int):
    outcome = services.get_outcome(db.session, g.org, outcome_id)
    data = load(cs.AlignmentCreateIn())
    item = services.get_framework_item(db.session, g.org, data["item_id"])
    alignment = services.align(db.session, g.actor, utcnow(), outcome, item, data["strength"], expected=expected_version())
    return _done(cs.AlignmentOut().dump(alignment), 201, outcome.unit)


@bp.route(f"{ORG}/alignments/<int:alignment_id>", methods=["DELETE"])
@doc("Remove an alignment", status=204, versioned=True)
@api_route(*policy.EDIT)
def delete_alignment(alignment_id: int):
    alignment = services.get_alignment(db.session, g.org, alignment_id)
    unit = alignment.outcome.unit
    services.unalign(db.session, g.actor, utcnow(), alignment, expected=expected_version())
    return _done(None, 204, unit)


@bp.route(f"{ORG}/outcomes/<int:outcome_id>/suggestions")
@doc("The top five framework items for an outcome, with the terms that matched (?q= searches instead)", response=cs.SuggestionOut, many=True)
@api_route(*policy.READ_DRAFTS)
def outcome_suggestions(outcome_id: int):
    outcome = services.get_outcome(db.session, g.org, outcome_id)
    if q := request.args.get("q", "").strip():
        found = suggestions.search_items(db.session, g.org, outcome, q)
    else:
        found = suggestions.suggest(db.session, g.org, outcome)
    return jsonify(cs.SuggestionOut().dump(found, many=True))


@bp.route(f"{ORG}/outcomes/<int:outcome_id>/suggestions/<int:item_id>/dismiss", methods=["POST"])
@doc("Dismiss a suggestion for this outcome", status=204)
@api_route(*policy.EDIT)
def dismiss_suggestion(outcome_id: int, item_id: int):
    outcome = services.get_outcome(db.session, g.org, outcome_id)
    suggestions.dismiss(db.session, g.actor, utcnow(), outcome, services.get_framework_item(db.session, g.org, item_id))
    return _done(None, 204)


@bp.route(f"{ORG}/units/<int:unit_id>/lessons", methods=["POST"])
@doc("Add a lesson (HTML is sanitised)", body=cs.LessonIn, response=cs.LessonOut, status=201, versioned=True)
@api_route(*policy.EDIT)
def add_lesson(unit_id: int):
    unit = _unit(unit_id)
    lesson = services.add_lesson(db.session, g.actor, utcnow(), unit, load(cs.LessonIn()), expected=expected_version())
    return _done(cs.LessonOut().dump(lesson), 201, unit)


@bp.route(f"{ORG}/lessons/<int:lesson_id>", methods=["PATCH"])
@doc("Change a lesson", body=cs.LessonIn, response=cs.LessonOut, versioned=True)
@api_route(*policy.EDIT)
def update_lesson(lesson_id: int):
    lesson = services.get_lesson(db.session, g.org, lesson_id)
    lesson = services.update_lesson(db.session, g.actor, utcnow(), lesson, load(cs.LessonIn(), partial=True), expected=expected_version())
    return _done(cs.LessonOut().dump(lesson), unit=lesson.unit)


@bp.route(f"{ORG}/lessons/<int:lesson_id>", methods=["DELETE"])
@doc("Delete a lesson", status=204, versioned=True)
@api_route(*policy.EDIT)
def delete_lesson(lesson_id: int):
    lesson = services.get_lesson(db.session, g.org, lesson_id)
    unit = lesson.unit
    services.delete_lesson(db.session, g.actor, utcnow(), lesson, expected=expected_version())
    return _done(None, 204, unit)


@bp.route(f"{ORG}/units/<int:unit_id>/assets", methods=["POST"])
@doc("Upload a lesson image (multipart field 'file'); answers its URL for <img src>", status=201)
@api_route(*policy.EDIT)
def upload_asset(unit_id: int):
    from flask import url_for

    unit = _unit(unit_id)
    upload = request.files.get("file")
    if upload is None:
        abort(400, "Send the image as multipart field 'file'.")
    asset = services.upload_image(db.session, g.actor, utcnow(), unit, upload.filename or "", upload.mimetype, upload.read())
    return _done({"id": asset.id, "url": url_for("curriculum.asset", org=g.org.slug, asset_id=asset.id), "size": asset.size}, 201)


@bp.route(f"{ORG}/units/<int:unit_id>/assessments", methods=["POST"])
@doc("Add an assessment", body=cs.AssessmentWriteIn, response=cs.AssessmentOut, status=201, versioned=True)
@api_route(*policy.EDIT)
def add_assessment(unit_id: int):
    unit = _unit(unit_id)
    assessment = services.add_assessment(db.session, g.actor, utcnow(), unit, load(cs.AssessmentWriteIn()), expected=expected_version())
    return _done(cs.AssessmentOut().dump(assessment), 201, unit)


@bp.route(f"{ORG}/assessments/<int:assessment_id>", methods=["PATCH"])
@doc("Change an assessment's title or instructions", body=cs.AssessmentWriteIn, response=cs.AssessmentOut, versioned=True)
@api_route(*policy.EDIT)
def update_assessment(assessment_id: int):
    assessment = services.get_assessment(db.session, g.org, assessment_id)
    assessment = services.update_assessment(db.session, g.actor, utcnow(), assessment, load(cs.AssessmentWriteIn(), partial=True), expected=expected_version())
    return _done(cs.AssessmentOut().dump(assessment), unit=assessment.unit)


@bp.route(f"{ORG}/assessments/<int:assessment_id>", methods=["DELETE"])
@doc("Delete an assessment", status=204, versioned=True)
@api_route(*policy.EDIT)
def delete_assessment(assessment_id: int):
    assessment = services.get_assessment(db.session, g.org, assessment_id)
    unit = assessment.unit
    services.delete_assessment(db.session, g.actor, utcnow(), assessment, expected=expected_version())
    return _done(None, 204, unit)


@bp.route(f"{ORG}/assessments/<int:assessment_id>/items", methods=["POST"])
@doc("Add an item (multiple_choice, multiple_response, true_false, fill_in_blank or essay)", body=cs.AssessmentItemIn, response=cs.AssessmentItemOut, status=201, versioned=True)
@api_route(*policy.EDIT)
def add_item(assessment_id: int):
    assessment = services.get_assessment(db.session, g.org, assessment_id)
    item = services.add_item(db.session, g.actor, utcnow(), assessment, load(cs.AssessmentItemIn()), expected=expected_version())
    return _done(cs.AssessmentItemOut().dump(item), 201, assessment.unit)


@bp.route(f"{ORG}/items/<int:item_id>", methods=["PUT"])
@doc("Replace an item", body=cs.AssessmentItemIn, response=cs.AssessmentItemOut, versioned=True)
@api_route(*policy.EDIT)
def update_item(item_id: int):
    item = services.get_item(db.session, g.org, item_id)
    item = services.update_item(db.session, g.actor, utcnow(), item, load(cs.AssessmentItemIn()), expected=expected_version())
    return _done(cs.AssessmentItemOut().dump(item), unit=item.assessment.unit)


@bp.route(f"{ORG}/items/<int:item_id>", methods=["DELETE"])
@doc("Delete an item", status=204, versioned=True)
@api_route(*policy.EDIT)
def delete_item(item_id: int):
    item = services.get_item(db.session, g.org, item_id)
    unit = item.assessment.unit
    services.delete_item(db.session, g.actor, utcnow(), item, expected=expected_version())
    return _done(None, 204, unit)


@bp.route(f"{ORG}/units/<int:unit_id>/order", methods=["PUT"])
@doc("Reorder outcomes, lessons, assessments or one assessment's items", body=cs.ReorderIn, response=cs.UnitSummaryOut, versioned=True)
@api_route(*policy.EDIT)
def reorder(unit_id: int):
    unit = _unit(unit_id)
    data = load(cs.ReorderIn())
    assessment = services.get_assessment(db.session, g.org, data["assessment_id"]) if data["assessment_id"] else None
    services.reorder(db.session, g.actor, utcnow(), unit, data["kind"], data["ids"], expected=expected_version(), assessment=assessment)
    return _done(cs.UnitSummaryOut().dump(unit), unit=unit)


# -- review, publishing, history ---------------------------------------------------------------
def _workflow(unit_id: int, action):
    unit = _unit(unit_id)
    result = action(unit, load(cs.ReviewIn()).get("body", ""))
    return unit, result


@bp.route(f"{ORG}/units/<int:unit_id>/submit", methods=["POST"])
@doc("Submit a draft for review", body=cs.ReviewIn, response=cs.ReviewOut, versioned=True)
@api_route(*policy.EDIT)
def submit(unit_id: int):
    unit, entry = _workflow(unit_id, lambda u, b: services.submit(db.session, g.actor, utcnow(), u, b, expected=expected_version()))
    return _done(cs.ReviewOut().dump(entry), unit=unit)


@bp.route(f"{ORG}/units/<int:unit_id>/comments", methods=["POST"])
@doc("Comment on a unit's review thread", body=cs.ReviewIn, response=cs.ReviewOut, status=201)
@api_route(*policy.COMMENT)
def add_comment(unit_id: int):
    unit, entry = _workflow(unit_id, lambda u, b: services.comment(db.session, g.actor, utcnow(), u, b))
    return _done(cs.ReviewOut().dump(entry), 201, unit)


@bp.route(f"{ORG}/units/<int:unit_id>/request-changes", methods=["POST"])
@doc("Send a unit in review back to its writers", body=cs.ReviewIn, response=cs.ReviewOut, versioned=True)
@api_route(*policy.REVIEW)
def request_changes(unit_id: int):
    unit, entry = _workflow(unit_id, lambda u, b: services.request_changes(db.session, g.actor, utcnow(), u, b, expected=expected_version()))
    return _done(cs.ReviewOut().dump(entry), unit=unit)


@bp.route(f"{ORG}/units/<int:unit_id>/approve", methods=["POST"])
@doc("Approve the version in review", body=cs.ReviewIn, response=cs.ReviewOut, versioned=True)
@api_route(*policy.REVIEW)
def approve(unit_id: int):
    unit, entry = _workflow(unit_id, lambda u, b: services.approve(db.session, g.actor, utcnow(), u, b, expected=expected_version()))
    return _done(cs.ReviewOut().dump(entry), unit=unit)


@bp.route(f"{ORG}/units/<int:unit_id>/publish", methods=["POST"])
@doc("Publish an approved unit as its next immutable revision", body=cs.ReviewIn, response=cs.RevisionOut, status=201, versioned=True)
@api_route(*policy.PUBLISH)
def publish(unit_id: int):
    unit, revision = _workflow(unit_id, lambda u, b: services.publish(db.session, g.actor, utcnow(), u, b, expected=expected_version()))
    return _done(cs.RevisionOut().dump(revision), 201, unit)


@bp.route(f"{ORG}/units/<int:unit_id>/archive", methods=["POST"])
@doc("Archive a unit", response=cs.UnitSummaryOut, versioned=True)
@api_route(*policy.EDIT)
def archive(unit_id: int):
    unit = services.archive(db.session, g.actor, utcnow(), _unit(unit_id), expected=expected_version())
    return _done(cs.UnitSummaryOut().dump(unit), unit=unit)


@bp.route(f"{ORG}/units/<int:unit_id>/duplicate", methods=["POST"])
@doc("Copy a unit into a new draft (same course unless course_id is given)", body=cs.DuplicateIn, response=cs.UnitSummaryOut, status=201)
@api_route(*policy.EDIT)
def duplicate(unit_id: int):
    unit = _unit(unit_id)
    data = load(cs.DuplicateIn())
    course = services.get_course_by_id(db.session, g.org, data["course_id"]) if data["course_id"] else None
    copy = services.duplicate(db.session, g.actor, utcnow(), unit, course=course, title=data["title"])
    return _done(cs.UnitSummaryOut().dump(copy), 201, copy)


@bp.route(f"{ORG}/units/<int:unit_id>/revisions")
@doc("A unit's published revisions", response=cs.RevisionOut, many=True)
@api_route(*policy.READ_DRAFTS)
def revision_list(unit_id: int):
    return jsonify(cs.RevisionOut().dump(_unit(unit_id).revisions, many=True))


@bp.route(f"{ORG}/units/<int:unit_id>/revisions/<int:number>")
@doc("One published revision with its frozen snapshot", response=cs.RevisionDetailOut)
@api_route(*policy.READ_PUBLISHED)
def revision_detail(unit_id: int, number: int):
    return jsonify(cs.RevisionDetailOut().dump(services.get_revision(_unit(unit_id), number)))


@bp.route(f"{ORG}/units/<int:unit_id>/diff")
@doc("What changed between two revisions (?from=1&to=2; 'draft' is the unit now)", response=cs.DiffOut)
@api_route(*policy.READ_DRAFTS)
def diff(unit_id: int):
    unit = _unit(unit_id)
    old = services.snapshot_for(unit, request.args.get("from", unit.revisions[-1].number if unit.revisions else "draft"))
    new = services.snapshot_for(unit, request.args.get("to", "draft"))
    return jsonify(services.diff_snapshots(old, new))
