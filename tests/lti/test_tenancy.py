"""Tenant isolation: people launched from platform A (organization A) reach nothing of organization
B, through the picker, forged link parameters, B's launch pages, or any route of the application."""
from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from tests.lti.browser import Browser, forms, form_fields
from tests.lti.helpers import full_answers, items_by_type
from tests.lti.platform import INSTRUCTOR, LEARNER, Person, person

B_MARK = "Precision Measurement"  # org B's unit title and organization name
LMS_ADMIN = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"


def _token(url: str) -> str:
    return re.search(r"/lti/l/([^/?]+)", url).group(1)


@pytest.fixture(scope="module")
def world(tool, platform_a, platform_b):
    """An LMS administrator of A (the strongest role A can grant) in the picker, and in B a teacher's
    launch and a learner's submission."""
    unit_b = tool.units["lti-school-b"]
    custom_b = {"toolpath_kind": "assessment", "toolpath_revision": str(unit_b.revision_id), "toolpath_item": str(unit_b.assessment_key)}
    link_b = {"id": f"rl-b-{uuid.uuid4().hex[:6]}", "title": "B quiz"}

    learner_b = Browser()
    page = learner_b.go(platform_b.start_url(person(LEARNER), custom=custom_b, resource_link=link_b))
    learner_b.submit(page, "assessment-form", full_answers(items_by_type(tool, unit_b)))
    teacher_b = Browser()
    token_b = _token(teacher_b.go(platform_b.start_url(person(INSTRUCTOR), custom=custom_b, resource_link=link_b)).url)

    admin_a = Browser()
    who = Person(sub=uuid.uuid4().hex, name="Ari Admin", roles=[LMS_ADMIN, INSTRUCTOR])
    picker = admin_a.go(platform_a.start_url(who, kind="deeplink", dl={"accept_multiple": True}))
    assert picker.status_code == 200

    from authoring.curriculum.models import Assessment, Course, LearningOutcome, Lesson, Unit, UnitRevision
    from authoring.delivery.models import Attempt
    from authoring.frameworks.models import Framework
    from lti.models import LtiPlatform

    with tool.db() as session:
        revision = session.get(UnitRevision, unit_b.revision_id)
        unit = session.get(Unit, revision.unit_id)
        ids = {
            "unit_id": unit.id, "number": revision.number, "revision_id": revision.id,
            "assessment_id": session.execute(select(Assessment.id).where(Assessment.unit_id == unit.id)).scalars().first(),
            "lesson_id": session.execute(select(Lesson.id).where(Lesson.unit_id == unit.id)).scalars().first(),
            "outcome_id": session.execute(select(LearningOutcome.id).where(LearningOutcome.unit_id == unit.id)).scalars().first(),
            "framework_id": session.execute(select(Framework.id).where(Framework.organization_id == unit_b.org_id)).scalars().first(),
            "attempt_id": session.execute(select(Attempt.id).where(Attempt.organization_id == unit_b.org_id)).scalars().first(),
            "platform_id": session.execute(select(LtiPlatform.id).where(LtiPlatform.client_id == "client-b")).scalar_one(),
            "slug": session.get(Course, unit.course_id).slug, "course_slug": session.get(Course, unit.course_id).slug,
            "unit_slug": unit.slug,
        }
    return {"admin_a": admin_a, "picker": picker, "token_a": _token(picker.url), "token_b": token_b, "ids": ids,
            "unit_b": unit_b, "custom_b": custom_b}


def test_the_picker_offers_and_accepts_nothing_of_b(tool, platform_a, world):
    assert B_MARK not in world["picker"].text
    sent = len(platform_a.deep_link_responses)
    unit_b = world["unit_b"]
    for key in (f"unit:{unit_b.revision_id}", f"assessment:{unit_b.revision_id}:{unit_b.assessment_key}"):
        response = world["admin_a"].submit(world["picker"], "pick-form", [("item", key), ("action", "add")])
        assert response.status_code == 404 and B_MARK not in response.text
    assert len(platform_a.deep_link_responses) == sent
    searched = world["admin_a"].s.get(world["picker"].url, params={"q": "Precision", "course": world["ids"]["unit_id"]})
    assert B_MARK not in searched.text


def test_a_link_naming_bs_revision_shows_nothing(tool, platform_a, world):
    for who in (person(INSTRUCTOR), person(LEARNER)):
        page = Browser().go(platform_a.start_url(who, custom=world["custom_b"]))
        assert page.status_code == 404 and B_MARK not in page.text


def test_bs_launch_pages_are_not_for_a(tool, world):
    session = world["admin_a"].s
    for path in ("", "/pick", f"/attempts/{world['ids']['attempt_id']}"):
        response = session.get(f"{tool.base}/lti/l/{world['token_b']}{path}")
        assert response.status_code == 403 and "session_lost" in response.text and B_MARK not in response.text
    own = session.get(f"{tool.base}/lti/l/{world['token_a']}/attempts/{world['ids']['attempt_id']}")
    assert own.status_code == 404 and B_MARK not in own.text


def _fill(rule, world, token_key: str) -> str | None:
    values = {}
    for name in rule.arguments:
        if name == "org":
            values[name] = "lti-school-b"
        elif name == "token":
            values[name] = world[token_key]
        elif name in world["ids"]:
            values[name] = world["ids"][name]
        elif rule._converters[name].__class__.__name__ == "IntegerConverter":
            values[name] = world["ids"]["unit_id"]
        else:
            values[name] = "x"
    try:
        return rule.build(values, append_unknown=False)[1]
    except Exception:
        return None


@pytest.mark.parametrize("token_key", ["token_a", "token_b"])
def test_no_route_reveals_or_changes_organization_b(tool, world, token_key):
    from lti.models import LtiPlatform

    browser = world["admin_a"]
    csrf = dict(form_fields(next(f for f in forms(world["picker"]) if f.get("id") == "pick-form")))["csrf_token"]
    checked = 0
    for rule in tool.app.url_map.iter_rules():
        scoped = "org" in rule.arguments or "token" in rule.arguments
        foreign = "org" in rule.arguments or ("token" in rule.arguments and token_key == "token_b")  # B's, not A's own pages
        if rule.endpoint == "static" or (not scoped and rule.arguments):
            continue
        path = _fill(rule, world, token_key)
        if path is None:
            continue
        if "GET" in rule.methods:
            response = browser.s.get(f"{tool.base}{path}", allow_redirects=False)
            assert response.status_code < 500, (path, response.status_code)
            assert B_MARK not in response.text, path
            if foreign:
                assert response.status_code in (302, 401, 403, 404), (path, response.status_code)
            checked += 1
        if "POST" in rule.methods and scoped:
            response = browser.s.post(f"{tool.base}{path}", data={"csrf_token": csrf}, headers={"X-CSRFToken": csrf}, allow_redirects=False)
            assert response.status_code < 500 and (not foreign or response.status_code in (401, 403, 404, 405)), (path, response.status_code)
            assert B_MARK not in response.text, path
            checked += 1
    assert checked > 20
    with tool.db() as session:  # B's registration is still there
        assert session.get(LtiPlatform, world["ids"]["platform_id"]) is not None
