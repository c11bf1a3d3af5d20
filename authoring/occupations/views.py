"""Occupations and pathways: where a unit starts (pick competencies, start a unit in a course)."""
from __future__ import annotations

from flask import Blueprint, g, render_template

from authoring.curriculum import policy
from authoring.curriculum import services as curriculum
from authoring.db import db
from authoring.occupations import services
from authoring.tenancy.models import Role
from authoring.web import org_route

bp = Blueprint("occupations", __name__, url_prefix="/o/<org>")


@bp.route("/occupations")
@org_route(*policy.READ_PUBLISHED)
def index():
    return render_template("occupations/index.html", occupations=services.list_occupations(db.session, g.org),
                           pathways=services.list_pathways(db.session, g.org))


@bp.route("/occupations/<int:occupation_id>")
@org_route(*policy.READ_PUBLISHED)
def occupation(occupation_id: int):
    drafts = g.membership.role in {*policy.READ_DRAFTS, Role.admin}
    profile = services.competency_profile(db.session, g.org, occupation_id, drafts=drafts)
    return render_template("occupations/occupation.html", profile=profile, courses=curriculum.list_courses(db.session, g.org))


@bp.route("/pathways/<slug>")
@org_route(*policy.READ_PUBLISHED)
def pathway(slug: str):
    pathway = services.get_pathway(db.session, g.org, slug)
    levels: dict[int, list] = {}
    for step in pathway.steps:
        levels.setdefault(step.skill_level, []).append(step)
    return render_template("occupations/pathway.html", pathway=pathway, levels=sorted(levels.items()))
