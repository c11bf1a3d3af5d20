"""Browse programs > courses > units (read-only; editing lives in the unit editor)."""
from __future__ import annotations

from flask import Blueprint, abort, g, render_template

from authoring.curriculum import services
from authoring.curriculum.models import UnitStatus
from authoring.db import db
from authoring.tenancy.models import Role
from authoring.web import READ_ALL_DRAFTS, org_route

bp = Blueprint("curriculum", __name__, url_prefix="/o/<org>")

BROWSERS = (Role.author, Role.reviewer, Role.teacher)


def _sees_drafts() -> bool:
    return g.membership.role in READ_ALL_DRAFTS


@bp.route("/programs")
@org_route(*BROWSERS)
def programs():
    return render_template("curriculum/programs.html", programs=services.list_programs(db.session, g.org))


@bp.route("/programs/<slug>")
@org_route(*BROWSERS)
def program(slug: str):
    program = services.get_program(db.session, g.org, slug)
    return render_template("curriculum/program.html", program=program, sees_drafts=_sees_drafts(), visible_units=services.visible_units)


@bp.route("/courses/<slug>")
@org_route(*BROWSERS)
def course(slug: str):
    course = services.get_course(db.session, g.org, slug)
    units = services.visible_units(course, drafts=_sees_drafts())
    return render_template("curriculum/course.html", course=course, units=units)


@bp.route("/courses/<course_slug>/units/<unit_slug>")
@org_route(*BROWSERS)
def unit(course_slug: str, unit_slug: str):
    unit = services.get_unit(db.session, g.org, course_slug, unit_slug)
    if unit.status != UnitStatus.published and not _sees_drafts():
        abort(404)
    return render_template("curriculum/unit.html", unit=unit)
