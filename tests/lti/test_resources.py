"""Resource launches beyond the main flow: whole units, the teacher's view of a lesson, rosters the
LMS will not give, and scores the LMS would not take (kept, shown, sent again)."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from tests.lti.browser import Browser
from tests.lti.helpers import full_answers, items_by_type
from tests.lti.platform import INSTRUCTOR, LEARNER, person


def _custom(unit, kind: str, item: int | None = None) -> dict:
    custom = {"toolpath_kind": kind, "toolpath_revision": str(unit.revision_id)}
    if item is not None:
        custom["toolpath_item"] = str(item)
    return custom


def test_a_unit_link_shows_its_outcomes_and_every_lesson(tool, platform_a):
    unit = tool.units["lti-school-a"]
    page = Browser().go(platform_a.start_url(person(LEARNER), custom=_custom(unit, "unit")))
    assert page.status_code == 200
    assert unit.unit_title in page.text and "You will be able to" in page.text and "Eye and ear protection" in page.text
    assert "assessment-form" not in page.text


def test_teacher_view_of_a_lesson_has_roster_and_coverage(tool, platform_a):
    unit = tool.units["lti-school-a"]
    teacher, learner = person(INSTRUCTOR), person(LEARNER)
    platform_a.members = [teacher, learner]
    page = Browser().go(platform_a.start_url(teacher, custom=_custom(unit, "lesson", unit.lesson_key)))
    assert page.status_code == 200
    assert learner.name in page.text and teacher.name in page.text  # the roster, from NRPS
    assert "The outcomes of the unit this lesson belongs to." in page.text
    assert "Apply shop safety procedures and use PPE." in page.text


def test_without_nrps_the_teacher_is_told_there_is_no_roster(tool, platform_a):
    unit = tool.units["lti-school-a"]
    page = Browser().go(platform_a.start_url(person(INSTRUCTOR), nrps=False, custom=_custom(unit, "assessment", unit.assessment_key)))
    assert page.status_code == 200 and "did not offer the class roster" in page.text


def test_roster_marks_who_has_not_submitted(tool, platform_a):
    unit = tool.units["lti-school-a"]
    teacher, absent = person(INSTRUCTOR), person(LEARNER)
    platform_a.members = [teacher, absent]
    link = {"id": f"rl-{uuid.uuid4().hex[:6]}", "title": "Quiz"}
    page = Browser().go(platform_a.start_url(teacher, resource_link=link, custom=_custom(unit, "assessment", unit.assessment_key)))
    row = next(line for line in page.text.splitlines() if absent.name in line)
    assert absent.name in page.text and "not submitted" in page.text[page.text.index(row):]
    assert teacher.name not in page.text.split('id="submission-table"')[1].split("</table>")[0]  # only learners are listed


def test_a_score_the_lms_refused_is_kept_shown_and_sent_again(tool, platform_b):
    from lti.models import LtiScorePost

    unit = tool.units["lti-school-b"]
    link = {"id": f"rl-{uuid.uuid4().hex[:6]}", "title": "Quiz"}
    custom = _custom(unit, "assessment", unit.assessment_key)
    missing = f"li-missing-{uuid.uuid4().hex[:6]}"  # the LMS has no such line item (yet)
    learner = person(LEARNER)
    browser = Browser()
    page = browser.go(platform_b.start_url(learner, resource_link=link, custom=custom, lineitem=missing))
    result = browser.submit(page, "assessment-form", full_answers(items_by_type(tool, unit)))
    assert result.status_code == 200 and "Your result" in result.text  # the learner's work is safe anyway
    with tool.db() as session:
        post = session.execute(select(LtiScorePost).order_by(LtiScorePost.id.desc())).scalars().first()
        assert post.status == "failed" and "404" in post.error

    teacher = Browser()
    page = teacher.go(platform_b.start_url(person(INSTRUCTOR), resource_link=link, custom=custom, lineitem=missing))
    assert "send again" in page.text
    platform_b.lineitems[missing] = {"id": f"{platform_b.base}/lineitems/{missing}", "scoreMaximum": 10, "label": "Quiz"}
    form_id = "resend"
    import lxml.html

    form = next(f for f in lxml.html.fromstring(page.text).forms if "/resend" in (f.get("action") or ""))
    form.set("id", form_id)
    page = teacher.s.post(f"{tool.base}{form.get('action')}", data={"csrf_token": form.fields["csrf_token"]})
    assert page.status_code == 200 and "sent (PendingManual)" in page.text
    lineitem, score = platform_b.scores[-1]
    assert lineitem == missing and score["userId"] == learner.sub


def test_learners_cannot_open_teacher_pages_nor_submit_twice(tool, platform_a):
    unit = tool.units["lti-school-a"]
    link = {"id": f"rl-{uuid.uuid4().hex[:6]}", "title": "Quiz"}
    browser = Browser()
    page = browser.go(platform_a.start_url(person(LEARNER), resource_link=link, custom=_custom(unit, "assessment", unit.assessment_key)))
    base = page.url
    assert browser.s.get(f"{base}/pick").status_code == 403
    assert browser.s.get(f"{base}/attempts/1").status_code == 403
    browser.submit(page, "assessment-form", full_answers(items_by_type(tool, unit)))
    again = browser.submit(page, "assessment-form", full_answers(items_by_type(tool, unit)))
    assert again.status_code == 409


def test_deep_linking_links_the_lms_course_to_the_toolpath_course(tool, platform_a):
    from authoring.curriculum.models import Unit, UnitRevision
    from lti.models import LtiContext

    unit = tool.units["lti-school-a"]
    context = {"id": f"ctx-{uuid.uuid4().hex[:6]}", "title": "Period 4"}
    browser = Browser()
    page = browser.go(platform_a.start_url(person(INSTRUCTOR), kind="deeplink", context=context))
    browser.submit(page, "pick-form", [("item", f"unit:{unit.revision_id}"), ("action", "add")])
    with tool.db() as session:
        linked = session.execute(select(LtiContext.course_id).where(LtiContext.context_id == context["id"])).scalar_one()
        course = session.execute(select(Unit.course_id).join(UnitRevision).where(UnitRevision.id == unit.revision_id)).scalar_one()
        assert linked == course
    # the next picker in this LMS course starts filtered on that course
    page = Browser().go(platform_a.start_url(person(INSTRUCTOR), kind="deeplink", context=context))
    assert f'<option value="{linked}" selected>' in page.text


def test_cancelling_the_picker_returns_nothing(tool, platform_a):
    browser = Browser()
    page = browser.go(platform_a.start_url(person(INSTRUCTOR), kind="deeplink"))
    browser.submit(page, "pick-form", [("action", "none")])
    assert platform_a.deep_link_responses[-1]["items"] == []


def test_a_link_imported_from_a_cartridge_names_its_revision_in_the_launch_url(tool, platform_a):
    """Cartridge LTI links carry no custom claim; the revision comes from target_link_uri's query."""
    unit = tool.units["lti-school-a"]
    target = f"{tool.base}/lti/launch?toolpath_kind=unit&toolpath_revision={unit.revision_id}"
    page = Browser().go(platform_a.start_url(
        person(LEARNER), extra_claims={"https://purl.imsglobal.org/spec/lti/claim/target_link_uri": target},
    ))
    assert page.status_code == 200
    assert unit.unit_title in page.text and "Eye and ear protection" in page.text
