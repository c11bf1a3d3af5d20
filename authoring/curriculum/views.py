"""Curriculum pages: browse programs > courses > units, the unit editor, alignment, review and history.

Views stay thin: parse the form, call one service with (session, actor, now), commit, redirect.
Every form that changes a unit carries the version the page showed (optimistic locking).
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from marshmallow import ValidationError

from authoring.curriculum import policy, quality, services
from authoring.curriculum.models import AlignmentStrength, ItemType, UnitStatus
from authoring.curriculum.schemas import AssessmentItemIn
from authoring.db import db, utcnow
from authoring.errors import ValidationFailed
from authoring.frameworks.services import tree_order
from authoring.suggestions import services as suggestions
from authoring.tenancy.models import Role
from authoring.web import org_route

bp = Blueprint("curriculum", __name__, url_prefix="/o/<org>")


def _sees_drafts() -> bool:
    return g.membership.role in {*policy.READ_DRAFTS, Role.admin}


def _can(action: tuple) -> bool:
    return g.membership.role in {*action, Role.admin}


def _actor():
    return g.membership.user


def _version() -> int | None:
    raw = request.form.get("version", "")
    return int(raw) if raw.isdigit() else None


def _editor(unit, anchor: str = ""):
    db.session.commit()
    return redirect(url_for("curriculum.edit_unit", org=g.org.slug, unit_id=unit.id) + (f"#{anchor}" if anchor else ""))


def _unit(unit_id: int):
    unit = services.get_unit_by_id(db.session, g.org, unit_id)
    if unit.status is not UnitStatus.published and not _sees_drafts():
        abort(404)
    return unit


@bp.app_context_processor
def helpers():
    """Templates ask `can('EDIT')` rather than knowing the role sets; `csrf_field()` is built once per
    request (the editor has a form per row, and generating it each time was a tenth of the render)."""
    def can(action: str) -> bool:
        return bool(g.get("membership")) and g.membership.role in {*getattr(policy, action), Role.admin}

    def csrf_field() -> Markup:
        if "_csrf_field" not in g:
            g._csrf_field = Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())
        return g._csrf_field

    return {"can": can, "csrf_field": csrf_field}


# -- browsing ----------------------------------------------------------------------------------
@bp.route("/programs")
@org_route(*policy.READ_PUBLISHED)
def programs():
    return render_template("curriculum/programs.html", programs=services.list_programs(db.session, g.org))


@bp.route("/programs/<slug>")
@org_route(*policy.READ_PUBLISHED)
def program(slug: str):
    program = services.get_program(db.session, g.org, slug)
    return render_template("curriculum/program.html", program=program, sees_drafts=_sees_drafts(), visible_units=services.visible_units)


@bp.route("/courses/<slug>")
@org_route(*policy.READ_PUBLISHED)
def course(slug: str):
    course = services.get_course(db.session, g.org, slug)
    units = [u for u in services.visible_units(course, drafts=_sees_drafts()) if u.status is not UnitStatus.archived or _can(policy.EDIT)]
    return render_template("curriculum/course.html", course=course, units=units)


@bp.route("/courses/<course_slug>/units/<unit_slug>")
@org_route(*policy.READ_PUBLISHED)
def unit(course_slug: str, unit_slug: str):
    unit = services.get_unit(db.session, g.org, course_slug, unit_slug)
    if unit.status is not UnitStatus.published and not _sees_drafts():
        abort(404)
    return render_template("curriculum/unit.html", unit=unit, approved=services.is_approved(unit))


@bp.route("/assets/<int:asset_id>")
@org_route(*policy.READ_PUBLISHED)
def asset(asset_id: int):
    found = services.get_asset(db.session, g.org, asset_id)
    if not _sees_drafts() and not services.asset_is_published(db.session, found):
        abort(404)   # teachers see images of published revisions only, not of drafts in progress
    response = Response(found.data, mimetype=found.content_type)
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


# -- starting and editing a unit ---------------------------------------------------------------
@bp.route("/units/new", methods=["POST"])
@org_route(*policy.EDIT)
def new_unit():
    course = services.get_course_by_id(db.session, g.org, request.form.get("course_id", type=int) or 0)
    competencies = [services.get_framework_item(db.session, g.org, int(i)) for i in request.form.getlist("competency") if i.isdigit()]
    unit = services.create_unit(db.session, _actor(), utcnow(), course, title=request.form.get("title", ""),
                                summary=request.form.get("summary", ""), competencies=competencies)
    flash(f"Started '{unit.title}' with {len(competencies)} outcome(s) drafted from competencies.", "info")
    return _editor(unit)


@bp.route("/units/<int:unit_id>/edit")
@org_route(*policy.EDIT)
def edit_unit(unit_id: int):
    unit = services.get_unit_by_id(db.session, g.org, unit_id)
    reports = {o.id: quality.check(o.statement) for o in unit.outcomes}
    return render_template("curriculum/editor.html", unit=unit, reports=reports, item_types=list(ItemType),
                           approved=services.is_approved(unit))


@bp.route("/units/<int:unit_id>", methods=["POST"])
@org_route(*policy.EDIT)
def update_unit(unit_id: int):
    unit = _unit(unit_id)
    services.update_unit(db.session, _actor(), utcnow(), unit, {k: request.form[k] for k in ("title", "summary") if k in request.form}, expected=_version())
    return _editor(unit, "details")


@bp.route("/units/<int:unit_id>/outcomes", methods=["POST"])
@org_route(*policy.EDIT)
def add_outcome(unit_id: int):
    unit = _unit(unit_id)
    outcome = services.add_outcome(db.session, _actor(), utcnow(), unit, {"statement": request.form.get("statement", "")}, expected=_version())
    return _editor(unit, f"outcome-{outcome.id}")


@bp.route("/outcomes/<int:outcome_id>", methods=["POST"])
@org_route(*policy.EDIT)
def update_outcome(outcome_id: int):
    outcome = services.get_outcome(db.session, g.org, outcome_id)
    data = {"statement": request.form.get("statement", "")}
    if request.form.get("code"):
        data["code"] = request.form["code"]
    services.update_outcome(db.session, _actor(), utcnow(), outcome, data, expected=_version())
    return _editor(outcome.unit, f"outcome-{outcome.id}")


@bp.route("/outcomes/<int:outcome_id>/delete", methods=["POST"])
@org_route(*policy.EDIT)
def delete_outcome(outcome_id: int):
    outcome = services.get_outcome(db.session, g.org, outcome_id)
    unit = outcome.unit
    services.delete_outcome(db.session, _actor(), utcnow(), outcome, expected=_version())
    return _editor(unit, "outcomes")


# -- alignment ---------------------------------------------------------------------------------
@bp.route("/outcomes/<int:outcome_id>/align")
@org_route(*policy.EDIT)
def align(outcome_id: int):
    outcome = services.get_outcome(db.session, g.org, outcome_id)
    unit = services.get_unit_by_id(db.session, g.org, outcome.unit_id)
    frameworks = services.target_frameworks(db.session, g.org, unit)
    by_framework: dict[int, list] = {}
    for item in suggestions.candidate_items(db.session, frameworks):
        by_framework.setdefault(item.framework_id, []).append(item)
    trees = [(f, tree_order(by_framework.get(f.id, []))) for f in frameworks]
    query = request.args.get("q", "").strip()
    return render_template(
        "curriculum/align.html", unit=unit, outcome=outcome, trees=trees, query=query,
        suggested=suggestions.suggest(db.session, g.org, outcome),
        results=suggestions.search_items(db.session, g.org, outcome, query) if query else [],
        aligned={a.item_id for a in outcome.alignments}, strengths=list(AlignmentStrength),
    )


def _back_to_align(outcome):
    db.session.commit()
    return redirect(url_for("curriculum.align", org=g.org.slug, outcome_id=outcome.id, q=request.form.get("q") or None))


@bp.route("/outcomes/<int:outcome_id>/alignments", methods=["POST"])
@org_route(*policy.EDIT)
def add_alignment(outcome_id: int):
    outcome = services.get_outcome(db.session, g.org, outcome_id)
    item = services.get_framework_item(db.session, g.org, request.form.get("item_id", type=int) or 0)
    strength = AlignmentStrength(request.form.get("strength", "full")) if request.form.get("strength") in AlignmentStrength._value2member_map_ else AlignmentStrength.full
    suggestions.accept(db.session, _actor(), utcnow(), outcome, item, strength, expected=_version())
    flash(f"Aligned {outcome.code} to {item.human_coding}.", "info")
    return _back_to_align(outcome)


@bp.route("/outcomes/<int:outcome_id>/dismiss/<int:item_id>", methods=["POST"])
@org_route(*policy.EDIT)
def dismiss(outcome_id: int, item_id: int):
    outcome = services.get_outcome(db.session, g.org, outcome_id)
    suggestions.dismiss(db.session, _actor(), utcnow(), outcome, services.get_framework_item(db.session, g.org, item_id))
    return _back_to_align(outcome)


@bp.route("/outcomes/<int:outcome_id>/unalign", methods=["POST"])
@org_route(*policy.EDIT)
def unalign(outcome_id: int):
    """The outcome's alignment list is one form; the Remove button pressed names the alignment."""
    outcome = services.get_outcome(db.session, g.org, outcome_id)
    alignment = services.get_alignment(db.session, g.org, request.form.get("alignment_id", type=int) or 0)
    if alignment.outcome_id != outcome.id:
        abort(404)
    services.unalign(db.session, _actor(), utcnow(), alignment, expected=_version())
    if request.form.get("back") == "align":
        return _back_to_align(outcome)
    return _editor(outcome.unit, f"outcome-{outcome.id}")


# -- lessons -----------------------------------------------------------------------------------
@bp.route("/units/<int:unit_id>/lessons", methods=["POST"])
@org_route(*policy.EDIT)
def add_lesson(unit_id: int):
    unit = _unit(unit_id)
    lesson = services.add_lesson(db.session, _actor(), utcnow(), unit, dict(request.form), expected=_version())
    db.session.commit()
    return redirect(url_for("curriculum.edit_lesson", org=g.org.slug, lesson_id=lesson.id))


@bp.route("/lessons/<int:lesson_id>", methods=["GET", "POST"])
@org_route(*policy.EDIT)
def edit_lesson(lesson_id: int):
    lesson = services.get_lesson(db.session, g.org, lesson_id)
    if request.method == "POST":
        data = {k: request.form[k] for k in ("title", "hours", "body_html") if k in request.form}
        services.update_lesson(db.session, _actor(), utcnow(), lesson, data, expected=_version())
        return _editor(lesson.unit, f"lesson-{lesson.id}")
    return render_template("curriculum/lesson_edit.html", lesson=lesson, unit=lesson.unit)


@bp.route("/lessons/<int:lesson_id>/images", methods=["POST"])
@org_route(*policy.EDIT)
def upload_image(lesson_id: int):
    """Store the image and place it at the end of the lesson, with its alt text."""
    from markupsafe import escape

    lesson = services.get_lesson(db.session, g.org, lesson_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ValidationFailed("Choose an image to upload.", {"file": ["required"]})
    alt = request.form.get("alt", "").strip()
    if not alt:
        raise ValidationFailed("Describe the image for people who cannot see it.", {"alt": ["required"]})
    asset = services.upload_image(db.session, _actor(), utcnow(), lesson.unit, upload.filename, upload.mimetype, upload.read())
    src = url_for("curriculum.asset", org=g.org.slug, asset_id=asset.id)
    body = f'{lesson.body_html}\n<figure><img src="{src}" alt="{escape(alt)}"><figcaption>{escape(alt)}</figcaption></figure>'
    services.update_lesson(db.session, _actor(), utcnow(), lesson, {"body_html": body}, expected=_version())
    db.session.commit()
    return redirect(url_for("curriculum.edit_lesson", org=g.org.slug, lesson_id=lesson.id))


@bp.route("/lessons/<int:lesson_id>/delete", methods=["POST"])
@org_route(*policy.EDIT)
def delete_lesson(lesson_id: int):
    lesson = services.get_lesson(db.session, g.org, lesson_id)
    unit = lesson.unit
    services.delete_lesson(db.session, _actor(), utcnow(), lesson, expected=_version())
    return _editor(unit, "lessons")


# -- assessments -------------------------------------------------------------------------------
@bp.route("/units/<int:unit_id>/assessments", methods=["POST"])
@org_route(*policy.EDIT)
def add_assessment(unit_id: int):
    unit = _unit(unit_id)
    assessment = services.add_assessment(db.session, _actor(), utcnow(), unit, dict(request.form), expected=_version())
    return _editor(unit, f"assessment-{assessment.id}")


@bp.route("/assessments/<int:assessment_id>", methods=["POST"])
@org_route(*policy.EDIT)
def update_assessment(assessment_id: int):
    assessment = services.get_assessment(db.session, g.org, assessment_id)
    data = {k: request.form[k] for k in ("title", "instructions") if k in request.form}
    services.update_assessment(db.session, _actor(), utcnow(), assessment, data, expected=_version())
    return _editor(assessment.unit, f"assessment-{assessment.id}")


@bp.route("/assessments/<int:assessment_id>/delete", methods=["POST"])
@org_route(*policy.EDIT)
def delete_assessment(assessment_id: int):
    assessment = services.get_assessment(db.session, g.org, assessment_id)
    unit = assessment.unit
    services.delete_assessment(db.session, _actor(), utcnow(), assessment, expected=_version())
    return _editor(unit, "assessments")


def item_from_form(form) -> dict:
    """The item form, in the shape AssessmentItemIn (the API's and the loader's schema) validates.

    Choices are one per line; a line starting with '*' is a correct answer."""
    kind = form.get("type", "")
    raw: dict = {"type": kind, "prompt": form.get("prompt", ""), "points": form.get("points") or "1",
                 "feedback": form.get("feedback", ""), "outcomes": form.getlist("outcomes"), "choices": [], "answer": {}}
    if kind in ("multiple_choice", "multiple_response"):
        lines = [line.strip() for line in form.get("choices", "").splitlines() if line.strip()]
        raw["choices"] = [{"id": chr(ord("a") + i), "text": line.lstrip("*").strip(), "correct": line.startswith("*")}
                          for i, line in enumerate(lines[:26])]
    elif kind == "true_false":
        raw["answer"] = {"value": form.get("tf_answer") == "true"} if form.get("tf_answer") in ("true", "false") else {}
    elif kind == "fill_in_blank":
        raw["answer"] = {"accepted": [a.strip() for a in form.get("accepted", "").split("|") if a.strip()], "case_sensitive": False}
    try:
        return AssessmentItemIn().load(raw)
    except ValidationError as exc:
        raise ValidationFailed("The question is not complete.", exc.normalized_messages()) from exc


@bp.route("/assessments/<int:assessment_id>/items", methods=["POST"])
@org_route(*policy.EDIT)
def add_item(assessment_id: int):
    assessment = services.get_assessment(db.session, g.org, assessment_id)
    services.add_item(db.session, _actor(), utcnow(), assessment, item_from_form(request.form), expected=_version())
    return _editor(assessment.unit, f"assessment-{assessment.id}")


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
@org_route(*policy.EDIT)
def edit_item(item_id: int):
    item = services.get_item(db.session, g.org, item_id)
    if request.method == "POST":
        services.update_item(db.session, _actor(), utcnow(), item, item_from_form(request.form), expected=_version())
        return _editor(item.assessment.unit, f"assessment-{item.assessment_id}")
    return render_template("curriculum/item_edit.html", item=item, unit=item.assessment.unit, item_types=list(ItemType))


@bp.route("/items/<int:item_id>/delete", methods=["POST"])
@org_route(*policy.EDIT)
def delete_item(item_id: int):
    item = services.get_item(db.session, g.org, item_id)
    unit = item.assessment.unit
    services.delete_item(db.session, _actor(), utcnow(), item, expected=_version())
    return _editor(unit, "assessments")


@bp.route("/units/<int:unit_id>/move", methods=["POST"])
@org_route(*policy.EDIT)
def move(unit_id: int):
    unit = _unit(unit_id)
    kind = request.form.get("kind", "")
    assessment = services.get_assessment(db.session, g.org, request.form.get("assessment_id", type=int)) if kind == "items" else None
    services.move(db.session, _actor(), utcnow(), unit, kind, request.form.get("row_id", type=int) or 0,
                  -1 if request.form.get("direction") == "up" else 1, expected=_version(), assessment=assessment)
    return _editor(unit, request.form.get("anchor", kind))


# -- review, publishing, history ---------------------------------------------------------------
def _to_unit_page(unit):
    db.session.commit()
    return redirect(url_for("curriculum.unit", org=g.org.slug, course_slug=unit.course.slug, unit_slug=unit.slug) + "#review")


@bp.route("/units/<int:unit_id>/submit", methods=["POST"])
@org_route(*policy.EDIT)
def submit(unit_id: int):
    unit = _unit(unit_id)
    services.submit(db.session, _actor(), utcnow(), unit, request.form.get("body", ""), expected=_version())
    flash("Submitted for review.", "info")
    return _to_unit_page(unit)


@bp.route("/units/<int:unit_id>/comments", methods=["POST"])
@org_route(*policy.COMMENT)
def add_comment(unit_id: int):
    unit = _unit(unit_id)
    services.comment(db.session, _actor(), utcnow(), unit, request.form.get("body", ""))
    return _to_unit_page(unit)


@bp.route("/units/<int:unit_id>/request-changes", methods=["POST"])
@org_route(*policy.REVIEW)
def request_changes(unit_id: int):
    unit = _unit(unit_id)
    services.request_changes(db.session, _actor(), utcnow(), unit, request.form.get("body", ""), expected=_version())
    flash("Sent back to the writers.", "info")
    return _to_unit_page(unit)


@bp.route("/units/<int:unit_id>/approve", methods=["POST"])
@org_route(*policy.REVIEW)
def approve(unit_id: int):
    unit = _unit(unit_id)
    services.approve(db.session, _actor(), utcnow(), unit, request.form.get("body", ""), expected=_version())
    flash("Approved.", "info")
    return _to_unit_page(unit)


@bp.route("/units/<int:unit_id>/publish", methods=["POST"])
@org_route(*policy.PUBLISH)
def publish(unit_id: int):
    unit = _unit(unit_id)
    revision = services.publish(db.session, _actor(), utcnow(), unit, request.form.get("body", ""), expected=_version())
    flash(f"Published revision {revision.number}.", "info")
    return _to_unit_page(unit)


@bp.route("/units/<int:unit_id>/archive", methods=["POST"])
@org_route(*policy.EDIT)
def archive(unit_id: int):
    unit = _unit(unit_id)
    services.archive(db.session, _actor(), utcnow(), unit, expected=_version())
    flash("Archived.", "info")
    return _to_unit_page(unit)


@bp.route("/units/<int:unit_id>/duplicate", methods=["POST"])
@org_route(*policy.EDIT)
def duplicate(unit_id: int):
    copy = services.duplicate(db.session, _actor(), utcnow(), _unit(unit_id))
    flash(f"Copied into the new draft '{copy.title}'.", "info")
    return _editor(copy)


@bp.route("/units/<int:unit_id>/revisions/<int:number>")
@org_route(*policy.READ_DRAFTS)
def revision(unit_id: int, number: int):
    unit = _unit(unit_id)
    return render_template("curriculum/revision.html", unit=unit, revision=services.get_revision(unit, number))


@bp.route("/units/<int:unit_id>/diff")
@org_route(*policy.READ_DRAFTS)
def diff(unit_id: int):
    unit = _unit(unit_id)
    default_from = unit.revisions[-1].number if unit.revisions else "draft"
    old, new = request.args.get("from", str(default_from)), request.args.get("to", "draft")
    changes = services.diff_snapshots(services.snapshot_for(unit, old), services.snapshot_for(unit, new))
    return render_template("curriculum/diff.html", unit=unit, changes=changes, old=old, new=new)
