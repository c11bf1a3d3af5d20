"""Every route, page and API, refuses anonymous users, the wrong role and the wrong organization.

The test walks app.url_map, so a new route is covered the day it is added: it must either carry the
roles it allows (org_route / api_route set `org_roles`) or be on one of the explicit lists below.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from authoring.api.tokens import create_token
from authoring.curriculum import services
from authoring.curriculum.models import Asset
from authoring.frameworks.models import FrameworkItem
from authoring.occupations.models import Occupation, OccupationCompetency, Pathway, PathwayStep, PathwayTier
from authoring.tenancy.models import Role
from tests.authoring.factories import make_framework, make_unit
from tests.fixtures.tenancy import make_org, make_user, sign_in

NOW = datetime(2026, 11, 21, tzinfo=timezone.utc)

# Public on purpose: they serve no organization's data.
PUBLIC = {
    "static",                 # CSS and JS
    "tenancy.home",           # redirects to sign-in or to your organizations
    "tenancy.login",          # the sign-in form
    "tenancy.logout",         # signing out an anonymous visitor is a no-op
    "openapi.openapi_json",   # describes the API; no data
}
# Signed-in, but tied to no organization: they refuse anonymous users and show only the caller's own.
ORG_LESS = {
    "tenancy.organizations",  # the caller's own memberships
    "api.check_outcome",      # pure text check; refuses anonymous callers and learners (tested in tests/api)
}
# /lti/* is protected by LTI launches (the LTI engineer's tests); here: never org data to anonymous callers.
LTI_PREFIX = "/lti"

PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def build_world(session, org):
    """One of everything in `org`, published once, so every URL parameter has a real target."""
    unit = make_unit(session, org, outcomes=2, alignments=1, lessons=1, assessments=1, items=1)
    author = make_user(session, org, "author")
    services.submit(session, author, NOW, unit, expected=unit.version)
    services.approve(session, author, NOW, unit, expected=unit.version)
    services.publish(session, author, NOW, unit, expected=unit.version)
    asset = Asset(organization_id=org.id, unit_id=unit.id, filename="a.png", content_type="image/png", size=1, sha256="0" * 64, data=b"x")
    framework = make_framework(session, org, items=2)   # not shared: only `org` may read it
    profile = FrameworkItem(framework=framework, human_coding="OCC", statement="Occupation")
    occupation = Occupation(organization_id=org.id, soc_code="51-4041", onet_code="51-4041.00", title=f"Machinists of {org.slug}",
                            profile_item=profile, competencies=[OccupationCompetency(item=framework.items[1])])
    pathway = Pathway(organization_id=org.id, slug=f"pathway-{org.slug}", title="Pathway",
                      steps=[PathwayStep(occupation=occupation, skill_level=1, tier=PathwayTier.focal)])
    session.add_all([asset, occupation, pathway])
    session.flush()
    token, _ = create_token(session, author, NOW, org, "t")
    course = unit.course
    ids = {
        "unit_id": unit.id, "outcome_id": unit.outcomes[0].id, "lesson_id": unit.lessons[0].id,
        "assessment_id": unit.assessments[0].id, "item_id": unit.assessments[0].items[0].id,
        "alignment_id": unit.outcomes[0].alignments[0].id, "asset_id": asset.id, "framework_id": framework.id,
        "occupation_id": occupation.id, "course_id": course.id, "token_id": token.id, "number": 1,
        "course_slug": course.slug, "unit_slug": unit.slug, "filename": "toolpath.css",
    }
    slugs = {"curriculum.program": course.program.slug, "curriculum.course": course.slug, "occupations.pathway": pathway.slug}
    return {"ids": ids, "slugs": slugs, "org": org, "unit": unit}


def fill(rule, endpoint, world, org_slug):
    def value(match):
        name = match.group(1)
        if name == "org":
            return org_slug
        if name == "slug":
            return world["slugs"][endpoint]
        return str(world["ids"].get(name, 999999))   # refusals come before any lookup

    return PARAM.sub(value, rule.rule)


def methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def call(client, method, path):
    return client.open(path, method=method, json={} if path.startswith("/api/") and method != "GET" else None)


@pytest.fixture()
def worlds(app, db_session):
    a, b = make_org(db_session), make_org(db_session)
    world_a, world_b = build_world(db_session, a), build_world(db_session, b)
    db_session.commit()
    return world_a, world_b


def org_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint in ORG_LESS or rule.rule.startswith(LTI_PREFIX):
            continue
        yield rule


def test_every_route_is_classified(app):
    """A route with neither allowed roles nor a place on the lists above is a route nobody checked."""
    unclassified = [
        rule.rule for rule in org_rules(app)
        if not hasattr(app.view_functions[rule.endpoint], "org_roles") or "<org>" not in rule.rule
    ]
    assert unclassified == []


def test_anonymous_users_are_refused_everywhere(app, db_session, worlds):
    world, _ = worlds
    client = app.test_client()
    checked = 0
    for rule in list(org_rules(app)) + [r for r in app.url_map.iter_rules() if r.endpoint in ORG_LESS]:
        path = fill(rule, rule.endpoint, world, world["org"].slug)
        for method in methods(rule):
            response = call(client, method, path)
            if path.startswith("/api/"):
                assert response.status_code == 401, (method, path, response.status_code)
                assert response.get_json()["code"] == "unauthorized"
            else:
                assert response.status_code == 302 and "/login" in response.headers["Location"], (method, path, response.status_code)
            checked += 1
    assert checked > 60


def test_the_wrong_role_is_refused(app, db_session, worlds):
    world, _ = worlds
    org = world["org"]
    refused = 0
    # One role at a time: the test's app context is shared by its requests, and Flask-Login caches
    # the signed-in user there, so interleaving clients of different users would blur who asks.
    for role in Role:
        user = make_user(db_session, org, role.value)
        db_session.commit()
        client = sign_in(app.test_client(), user.email)
        programs = client.get(f"/o/{org.slug}/programs").status_code
        assert programs == (403 if role is Role.learner else 200), (role, programs)   # it really is this role asking
        for rule in org_rules(app):
            if role in app.view_functions[rule.endpoint].org_roles:
                continue
            path = fill(rule, rule.endpoint, world, org.slug)
            for method in methods(rule):
                response = call(client, method, path)
                assert response.status_code == 403, (role.value, method, path, response.status_code)
                refused += 1
    assert refused > 100


def test_learners_get_no_curriculum_and_admins_are_never_refused_by_role(app):
    for rule in org_rules(app):
        allowed = app.view_functions[rule.endpoint].org_roles
        assert Role.learner not in allowed, rule.rule
        assert Role.admin in allowed, rule.rule


@pytest.mark.parametrize("endpoint, allowed", [
    ("curriculum.edit_unit", {"admin", "author"}),
    ("curriculum.update_outcome", {"admin", "author"}),
    ("curriculum.approve", {"admin", "reviewer"}),
    ("curriculum.request_changes", {"admin", "reviewer"}),
    ("curriculum.publish", {"admin", "author", "reviewer"}),
    ("curriculum.unit", {"admin", "author", "reviewer", "teacher"}),
    ("curriculum.diff", {"admin", "author", "reviewer"}),
    ("api.approve", {"admin", "reviewer"}),
    ("api.update_unit", {"admin", "author"}),
    ("api.unit_detail", {"admin", "author", "reviewer", "teacher"}),
])
def test_the_matrix_says_what_the_issue_says(app, endpoint, allowed):
    assert {r.value for r in app.view_functions[endpoint].org_roles} == allowed


def test_another_organizations_members_are_refused(app, db_session, worlds):
    """An admin of B sees A's URLs as if A did not exist."""
    world_a, world_b = worlds
    outsider = make_user(db_session, world_b["org"], "admin")
    db_session.commit()
    client = sign_in(app.test_client(), outsider.email)
    for rule in org_rules(app):
        path = fill(rule, rule.endpoint, world_a, world_a["org"].slug)
        for method in methods(rule):
            response = call(client, method, path)
            assert response.status_code == 404, (method, path, response.status_code)


def test_another_organizations_rows_are_refused_through_your_own_org(app, db_session, worlds):
    """An admin of A naming B's rows in A's URLs gets 404, and nothing of B's changes."""
    world_a, world_b = worlds
    admin = make_user(db_session, world_a["org"], "admin")
    db_session.commit()
    client = sign_in(app.test_client(), admin.email)
    before = world_b["unit"].version
    checked = 0
    for rule in org_rules(app):
        params = set(PARAM.findall(rule.rule)) - {"org"}
        if not params or not params <= set(world_b["ids"]) | {"slug"} or ("slug" in params and rule.endpoint not in world_b["slugs"]):
            continue
        path = fill(rule, rule.endpoint, world_b, world_a["org"].slug)
        for method in methods(rule):
            response = call(client, method, path)
            assert response.status_code == 404, (method, path, response.status_code, response.get_data(as_text=True)[:200])
            checked += 1
    db_session.expire_all()
    assert world_b["unit"].version == before
    assert checked > 50


def test_lti_routes_never_serve_org_data_anonymously(app, db_session, worlds):
    world, _ = worlds
    client = app.test_client()
    secrets = [world["org"].name, world["unit"].title, world["unit"].outcomes[0].statement]
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(LTI_PREFIX):
            continue
        path = PARAM.sub("1", rule.rule)
        for method in methods(rule):
            body = call(client, method, path).get_data(as_text=True)
            assert not any(s in body for s in secrets), (method, path)
