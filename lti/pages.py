"""Pages a launch leads to: the learner's lesson or assessment, the teacher's view of a link,
grading, and the deep-linking picker. Each URL carries the launch's token; the signed-in user must
be the launch's user."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from authoring.db import db, utcnow
from authoring.delivery import services as delivery
from authoring.errors import NotFound, ValidationFailed
from authoring.html import sanitize_html
from lti import deep_linking, errors, grades, keys
from lti.errors import LaunchRefused
from lti.launch import DL_SETTINGS
from lti.models import LtiDeployment, LtiIdentity, LtiLaunch, LtiResourceLink, LtiScorePost
from lti.tool_conf import DbToolConf
from lti.urls import tool_urls

bp = Blueprint("lti_pages", __name__, url_prefix="/lti/l/<token>", template_folder="templates")
errors.register(bp)


@bp.url_value_preprocessor
def load_launch(endpoint, values) -> None:
    token = (values or {}).pop("token", "")
    launch = db.session.execute(
        select(LtiLaunch).where(LtiLaunch.token == token).options(
            joinedload(LtiLaunch.organization),
            joinedload(LtiLaunch.context),
            joinedload(LtiLaunch.deployment).joinedload(LtiDeployment.platform),
            joinedload(LtiLaunch.resource_link).joinedload(LtiResourceLink.revision),
        )
    ).scalar_one_or_none()
    if launch is None:
        abort(404)
    if not current_user.is_authenticated or current_user.id != launch.user_id:
        raise LaunchRefused("session_lost", "no session, or another user's launch")
    if launch.expires_at <= utcnow():
        raise LaunchRefused("launch_expired")
    g.launch = launch


@bp.url_defaults
def add_token(endpoint, values) -> None:
    if "token" not in values and g.get("launch") is not None:
        values["token"] = g.launch.token


@bp.app_template_filter("lesson_html")
def lesson_html(html: str) -> str:
    return sanitize_html(html or "")  # stored sanitised; cleaned again because snapshots outlive sanitiser rules


def _staff_only() -> None:
    if not g.launch.is_staff:
        abort(403)


def _target():
    """(link, revision, part) the launch's link points at, within the launch's organization."""
    link = g.launch.resource_link
    if link is None or link.kind is None:
        return link, None, None
    if link.revision is None or link.revision.organization_id != g.launch.organization_id:  # checked at launch; again here
        raise NotFound("This link names content that Toolpath cannot find in this organization.")
    part = delivery.find_part(link.revision.snapshot, link.kind, link.item_key)
    if part is None:
        raise NotFound("This link names a lesson or assessment that is not part of the published unit.")
    return link, link.revision, part


@bp.route("")
def resource():
    launch = g.launch
    if launch.message_type == "LtiDeepLinkingRequest":
        return redirect(url_for(".pick"))
    link, revision, part = _target()
    if revision is None:
        return render_template("lti/home.html", launch=launch)
    if launch.is_staff:
        return _teacher_view(link, revision, part)
    attempt = delivery.attempt_of(db.session, link.placement, current_user) if link.kind == "assessment" else None
    return render_template("lti/learner.html", launch=launch, link=link, revision=revision, part=part,
                           snapshot=revision.snapshot, attempt=attempt)


def _before_calling_the_lms() -> None:
    """Commit before any request to the LMS: it may call back (our JWKS) while we wait, and no
    transaction of ours (or a first signing key not yet committed) may stand in its way."""
    keys.signing_key(db.session)
    db.session.commit()


def _teacher_view(link: LtiResourceLink, revision, part):
    launch = g.launch
    _before_calling_the_lms()
    members, roster_error = grades.roster(DbToolConf(db.session), launch)
    attempts = delivery.attempts_at(db.session, link.placement) if link.kind == "assessment" else []
    subs = dict(db.session.execute(
        select(LtiIdentity.user_id, LtiIdentity.sub).where(LtiIdentity.platform_id == launch.deployment.platform_id)
        .where(LtiIdentity.user_id.in_([a.user_id for a in attempts] or [0]))
    ).all())
    posts = {p.attempt_id: p for p in db.session.execute(
        select(LtiScorePost).where(LtiScorePost.resource_link_id == link.id)
    ).scalars()}
    by_sub = {subs.get(a.user_id): a for a in attempts}
    learners = [m for m in members if any(r.endswith("#Learner") or r == "Learner" for r in m.get("roles", []))]
    rows = [{"name": m.get("name") or m.get("email") or m["user_id"], "attempt": by_sub.pop(m["user_id"], None)} for m in learners]
    rows += [{"name": a.user.name, "attempt": a} for a in by_sub.values()]  # submitted, no longer on the roster
    return render_template(
        "lti/teacher.html", launch=launch, link=link, revision=revision, part=part, snapshot=revision.snapshot,
        coverage=delivery.coverage(revision.snapshot, link.kind, link.item_key), rows=rows, attempts=attempts,
        posts=posts, roster_error=roster_error, members=members,
    )


@bp.route("/submit", methods=["POST"])
def submit():
    link, revision, part = _target()
    if g.launch.is_staff or link is None or link.kind != "assessment":
        abort(403)
    responses = {}
    for item in part["items"]:
        field = f"item-{item['id']}"
        responses[item["id"]] = request.form.getlist(field) if item["type"] == "multiple_response" else request.form.get(field)
    attempt = delivery.submit(db.session, revision=revision, assessment_key=link.item_key, placement=link.placement,
                              user=current_user, responses=responses, now=utcnow())
    db.session.commit()  # the learner's work is safe before we talk to the LMS
    _send_score(link, attempt)
    flash("Your answers were submitted.", "info")
    return redirect(url_for(".resource"))


def _send_score(link: LtiResourceLink, attempt) -> None:
    if not link.ags_scopes:
        return
    _before_calling_the_lms()
    post = grades.post_score(db.session, DbToolConf(db.session), link, attempt, utcnow())
    db.session.commit()
    if post.status != "sent":
        current_app.logger.warning("AGS score for attempt %s not sent: %s", attempt.id, post.error)


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
def grade(attempt_id: int):
    _staff_only()
    link, revision, part = _target()
    if link is None or link.kind != "assessment":
        abort(404)
    attempt = delivery.get_attempt(db.session, link.placement, attempt_id)
    if request.method == "POST":
        marks = {a.id: (request.form.get(f"points-{a.id}", ""), request.form.get(f"comment-{a.id}", "")) for a in attempt.answers}
        delivery.grade(db.session, attempt, marks, current_user, utcnow())
        db.session.commit()
        _send_score(link, attempt)
        flash(f"Saved {attempt.user.name}'s marks.", "info")
        return redirect(url_for(".resource"))
    items = {item["id"]: item for item in part["items"]}
    return render_template("lti/grade.html", launch=g.launch, link=link, part=part, attempt=attempt, items=items)


@bp.route("/attempts/<int:attempt_id>/resend", methods=["POST"])
def resend(attempt_id: int):
    _staff_only()
    link, _, _ = _target()
    if link is None:
        abort(404)
    _send_score(link, delivery.get_attempt(db.session, link.placement, attempt_id))
    return redirect(url_for(".resource"))


@bp.route("/pick", methods=["GET", "POST"])
def pick():
    _staff_only()
    launch = g.launch
    settings = (launch.claims or {}).get(DL_SETTINGS)
    if launch.message_type != "LtiDeepLinkingRequest" or not settings:
        raise LaunchRefused("not_deep_linking")
    multiple = deep_linking.flag(settings, "accept_multiple", False)
    if request.method == "POST":
        keys = [] if request.form.get("action") == "none" else request.form.getlist("item")
        if len(keys) > 1 and not multiple:
            raise ValidationFailed("This LMS accepts one item at a time.", {"item": ["choose one"]})
        picks = deep_linking.resolve(db.session, launch.organization_id, keys)
        if picks and launch.context is not None and launch.context.course_id is None:
            launch.context.course_id = picks[0].course_id  # the LMS course now teaches from this course
        urls = tool_urls()
        with_lineitem = deep_linking.flag(settings, "accept_lineitem", True)
        items = [deep_linking.content_item(p, urls.launch, with_lineitem=with_lineitem) for p in picks]
        conf = DbToolConf(db.session)
        message = deep_linking.ToolDeepLink(conf.registration(launch.deployment.platform), launch.deployment.deployment_id, settings)
        token = message.get_response_jwt(items)
        db.session.commit()
        return render_template("lti/deep_link_return.html", return_url=settings["deep_link_return_url"], jwt=token, picks=picks)
    q = request.args.get("q", "")
    course_id = request.args.get("course", type=int)
    if course_id is None and "course" not in request.args and launch.context is not None:
        course_id = launch.context.course_id
    return render_template(
        "lti/pick.html", launch=launch, settings=settings, multiple=multiple, q=q, course_id=course_id,
        courses=deep_linking.courses(db.session, launch.organization_id),
        catalog=deep_linking.catalog(db.session, launch.organization_id, q=q, course_id=course_id),
    )
