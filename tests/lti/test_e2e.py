"""End to end against an independent platform (lti1p3platform) on real sockets: a teacher places
content by deep linking, a learner takes the assessment, the score reaches the platform's
gradebook through AGS, the teacher marks the essay and the final score follows."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from tests.lti.browser import Browser
from tests.lti.helpers import CLAIM, DL, full_answers, items_by_type, verify_tool_jwt
from tests.lti.platform import INSTRUCTOR, LEARNER, person


def test_deep_link_then_learner_launch_then_grades_reach_the_platform(tool, platform_a):
    unit = tool.units["lti-school-a"]
    teacher, learner = person(INSTRUCTOR), person(LEARNER)
    platform_a.members = [teacher, learner]

    # 1. The teacher opens the content picker from the LMS: login -> launch -> picker.
    browser = Browser()
    page = browser.go(platform_a.start_url(teacher, kind="deeplink", dl={"accept_multiple": True}))
    assert page.status_code == 200, browser.trace
    assert page.url.startswith(f"{tool.base}/lti/l/") and page.url.endswith("/pick")
    assert unit.unit_title in page.text and "Precision Measurement" not in page.text  # org B's unit is not offered

    searched = browser.submit(page, "search-form", {"q": "check"})
    assert unit.assessment_title in searched.text and "Eye and ear protection" not in searched.text

    assessment_key = f"assessment:{unit.revision_id}:{unit.assessment_key}"
    lesson_key = f"lesson:{unit.revision_id}:{unit.lesson_key}"
    returned = browser.submit(page, "pick-form", [("item", assessment_key), ("item", lesson_key), ("action", "add")])
    assert returned.status_code == 200, returned.text

    # 2. The deep-linking response, as the platform received it: decoded and checked here, because
    #    lti1p3platform does not check iss, aud or deployment_id itself.
    response = platform_a.deep_link_responses[-1]
    claims = verify_tool_jwt(tool, response["jwt"], audience=platform_a.iss)
    assert claims["iss"] == platform_a.client_id
    assert claims["aud"] == [platform_a.iss]
    assert claims[CLAIM + "deployment_id"] == platform_a.deployment_id
    assert claims[CLAIM + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[DL + "data"]["opaque"]  # the platform's opaque data comes back
    assessment_item, lesson_item = claims[DL + "content_items"]
    assert assessment_item["type"] == lesson_item["type"] == "ltiResourceLink"
    assert assessment_item["url"] == lesson_item["url"] == f"{tool.base}/lti/launch"
    assert assessment_item["title"] == unit.assessment_title and assessment_item["text"] == "Answer every question."
    assert assessment_item["custom"] == {
        "toolpath_kind": "assessment", "toolpath_revision": str(unit.revision_id),
        "toolpath_revision_number": "1", "toolpath_item": str(unit.assessment_key),
    }
    assert assessment_item["lineItem"] == {
        "scoreMaximum": 10.0, "label": unit.assessment_title, "tag": "toolpath-assessment",
        "resourceId": f"toolpath:{unit.revision_id}:assessment:{unit.assessment_key}",
    }
    assert lesson_item["custom"]["toolpath_kind"] == "lesson" and "lineItem" not in lesson_item
    lineitem_url = response["lineitems"][0]["id"]
    lineitem = lineitem_url.rsplit("/", 1)[1]

    # 3. A learner opens the placed assessment; the answer key is not in the page.
    link = {"id": f"rl-{uuid.uuid4().hex[:8]}", "title": unit.assessment_title}
    learner_browser = Browser()
    page = learner_browser.go(platform_a.start_url(learner, resource_link=link, custom=assessment_item["custom"], lineitem=lineitem))
    assert page.status_code == 200, learner_browser.trace
    assert 'id="assessment-form"' in page.text and "padlock" not in page.text.lower()

    items = items_by_type(tool, unit)
    result = learner_browser.submit(page, "assessment-form", full_answers(items))
    assert result.status_code == 200
    assert "6 / 10" in result.text.replace(".0", "") and "not yet marked 1 answer" in result.text

    # 4. The auto-scored part reached the platform's gradebook, pending the teacher's marking.
    scored_lineitem, score = platform_a.scores[-1]
    assert scored_lineitem == lineitem
    assert score["userId"] == learner.sub
    assert (score["scoreGiven"], score["scoreMaximum"]) == (6.0, 10.0)
    assert score["activityProgress"] == "Completed" and score["gradingProgress"] == "PendingManual"

    # 5. The teacher opens the same link: submissions, roster, outcomes and standards covered.
    teacher_browser = Browser()
    page = teacher_browser.go(platform_a.start_url(teacher, resource_link=link, custom=assessment_item["custom"], lineitem=lineitem))
    assert page.status_code == 200
    assert learner.name in page.text and "Needs marking (1)" in page.text
    snap_outcome = "Given a shop task, the student will select the required PPE."
    assert snap_outcome in page.text and "Apply shop safety procedures and use PPE." in page.text
    assert "sent (PendingManual)" in page.text

    # 6. Marking the essay sends the final score.
    grade_url = next(a for a in _links(page) if "/attempts/" in a)
    page = teacher_browser.s.get(grade_url)
    essay_answer = _essay_answer_id(tool, learner.sub)
    done = teacher_browser.submit(page, "grade-form", {f"points-{essay_answer}": "3", f"comment-{essay_answer}": "Good reason."})
    assert done.status_code == 200 and "Graded" in done.text
    _, final = platform_a.scores[-1]
    assert (final["scoreGiven"], final["gradingProgress"], final["userId"]) == (9.0, "FullyGraded", learner.sub)

    # 7. The learner sees the mark and the comment at the next launch.
    page = Browser().go(platform_a.start_url(learner, resource_link=link, custom=assessment_item["custom"], lineitem=lineitem))
    assert page.status_code == 200
    # (a fresh browser: a new launch signs the learner in again)
    assert "9 / 10" in page.text.replace(".0", "") and "Good reason." in page.text


def test_learner_sees_the_lesson_of_the_linked_revision(tool, platform_a):
    unit = tool.units["lti-school-a"]
    custom = {"toolpath_kind": "lesson", "toolpath_revision": str(unit.revision_id), "toolpath_item": str(unit.lesson_key)}
    page = Browser().go(platform_a.start_url(person(LEARNER), custom=custom))
    assert page.status_code == 200
    assert "Eye and ear protection" in page.text and "ANSI Z87.1 safety glasses" in page.text


def test_a_link_without_a_line_item_gets_one_created(tool, platform_b):
    unit = tool.units["lti-school-b"]
    custom = {"toolpath_kind": "assessment", "toolpath_revision": str(unit.revision_id), "toolpath_item": str(unit.assessment_key)}
    learner, before = person(LEARNER), len(platform_b.lineitems)
    browser = Browser()
    page = browser.go(platform_b.start_url(learner, custom=custom, resource_link={"id": "rl-no-lineitem", "title": "Quiz"}))
    browser.submit(page, "assessment-form", full_answers(items_by_type(tool, unit)))
    assert len(platform_b.lineitems) == before + 1
    created_id, created = next(reversed(platform_b.lineitems.items()))
    assert created["resourceId"] == f"toolpath:{unit.revision_id}:assessment:{unit.assessment_key}"
    assert created["scoreMaximum"] == 10.0
    lineitem, score = platform_b.scores[-1]
    assert lineitem == created_id and score["userId"] == learner.sub and score["scoreGiven"] == 6.0


def test_single_item_picker_when_the_platform_accepts_one(tool, platform_a):
    unit = tool.units["lti-school-a"]
    browser = Browser()
    page = browser.go(platform_a.start_url(person(INSTRUCTOR), kind="deeplink", dl={"accept_multiple": False}))
    assert 'type="radio" name="item"' in page.text and 'type="checkbox" name="item"' not in page.text
    two = [("item", f"unit:{unit.revision_id}"), ("item", f"lesson:{unit.revision_id}:{unit.lesson_key}"), ("action", "add")]
    refused = browser.submit(page, "pick-form", two)
    assert refused.status_code == 422
    one = browser.submit(page, "pick-form", [("item", f"unit:{unit.revision_id}"), ("action", "add")])
    assert one.status_code == 200
    (item,) = platform_a.deep_link_responses[-1]["items"]
    assert item["custom"]["toolpath_kind"] == "unit" and "lineItem" not in item


def test_learners_launches_provision_users_memberships_and_the_course_link(tool, platform_a):
    from authoring.tenancy.models import Membership, Role
    from lti.models import LtiContext, LtiIdentity

    learner = person(LEARNER)
    context = {"id": f"ctx-{uuid.uuid4().hex[:6]}", "title": "Machining 1, period 3", "label": "MACH1-3"}
    assert Browser().go(platform_a.start_url(learner, context=context)).status_code == 200
    with tool.db() as session:
        identity = session.execute(select(LtiIdentity).where(LtiIdentity.sub == learner.sub)).scalar_one()
        assert identity.user.name == learner.name and identity.user.email == learner.email
        assert identity.user.password_hash is None
        role = session.execute(select(Membership.role).where(Membership.user_id == identity.user_id)).scalar_one()
        assert role is Role.learner
        row = session.execute(select(LtiContext).where(LtiContext.context_id == context["id"])).scalar_one()
        assert (row.title, row.label) == (context["title"], context["label"])


def _links(response) -> list[str]:
    import lxml.html

    doc = lxml.html.fromstring(response.text)
    doc.make_links_absolute(response.url)
    return [a.get("href") for a in doc.xpath("//a[@href]")]


def _essay_answer_id(tool, sub: str) -> int:
    from authoring.delivery.models import Answer, Attempt
    from lti.models import LtiIdentity

    with tool.db() as session:
        user_id = session.execute(select(LtiIdentity.user_id).where(LtiIdentity.sub == sub)).scalar_one()
        return session.execute(
            select(Answer.id).join(Attempt).where(Attempt.user_id == user_id, Answer.points.is_(None))
        ).scalar_one()


def test_an_email_another_account_has_is_not_copied(tool, platform_a, platform_b):
    from lti.models import LtiIdentity

    first, second = person(LEARNER), person(LEARNER)
    second.email = first.email  # another LMS says this person has the same address
    assert Browser().go(platform_a.start_url(first)).status_code == 200
    assert Browser().go(platform_b.start_url(second)).status_code == 200
    with tool.db() as session:
        users = {i.sub: i.user for i in session.execute(select(LtiIdentity).where(LtiIdentity.sub.in_([first.sub, second.sub]))).scalars()}
        assert users[first.sub].email == first.email
        assert users[second.sub].email is None and users[second.sub].id != users[first.sub].id  # never linked by email
