"""Browse frameworks (standards, credential requirements, competency lists) as a tree."""
from __future__ import annotations

from flask import Blueprint, g, render_template

from authoring.curriculum import policy
from authoring.db import db
from authoring.frameworks import services
from authoring.web import org_route

bp = Blueprint("frameworks", __name__, url_prefix="/o/<org>/frameworks")


@bp.route("")
@org_route(*policy.READ_PUBLISHED)
def index():
    return render_template("frameworks/index.html", frameworks=services.list_frameworks(db.session, g.org))


@bp.route("/<int:framework_id>")
@org_route(*policy.READ_PUBLISHED)
def framework(framework_id: int):
    framework, tree = services.get_framework(db.session, g.org, framework_id)
    return render_template("frameworks/framework.html", framework=framework, tree=tree)
