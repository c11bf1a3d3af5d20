"""Sign in, organizations, and tenant isolation on the browse pages."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from authoring.curriculum.models import Course, Unit, UnitStatus
from tests.fixtures.tenancy import PASSWORD, make_org, make_user


def test_login_with_a_wrong_password_is_refused(client, db_session, demo_org):
    user = make_user(db_session, demo_org, "author")
    response = client.post("/login", data={"email": user.email, "password": "wrong password!"})
    assert response.status_code == 401
    assert "do not match" in response.get_data(as_text=True)
    assert client.get("/o/demo/programs").status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/o/demo/programs")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=/o/demo/programs")


def test_sign_in_follows_only_local_next_links(client, db_session, demo_org):
    user = make_user(db_session, demo_org, "author")
    response = client.post("/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD})
    assert response.location == "/orgs"
    client.post("/logout")
    response = client.post("/login?next=/o/demo/programs", data={"email": user.email, "password": PASSWORD})
    assert response.location == "/o/demo/programs"


def test_logout_ends_the_session(client, login, db_session, demo_org):
    login(make_user(db_session, demo_org, "author"))
    assert client.get("/o/demo/programs").status_code == 200
    client.post("/logout")
    assert client.get("/o/demo/programs").status_code == 302


def test_a_member_of_several_organizations_chooses_one(client, login, db_session, demo_org):
    from authoring.tenancy.services import grant

    other = make_org(db_session, name="Valley Tech")
    user = make_user(db_session, demo_org, "author")
    grant(db_session, user, other, "teacher")
    login(user)
    page = client.get("/orgs").get_data(as_text=True)
    assert "Valley Tech" in page and "Demo" in page


def test_browse_program_course_and_unit(client, login, db_session, demo_org):
    login(make_user(db_session, demo_org, "author"))
    assert "Advanced Manufacturing" in client.get("/o/demo/programs").get_data(as_text=True)
    program = client.get("/o/demo/programs/advanced-manufacturing").get_data(as_text=True)
    assert "Machining Level I" in program and "900" in program
    course = client.get("/o/demo/courses/machining-level-1").get_data(as_text=True)
    unit = db_session.execute(select(Unit).join(Course).where(Course.slug == "machining-level-1")).scalars().first()
    assert unit.title in course
    page = client.get(f"/o/demo/courses/machining-level-1/units/{unit.slug}").get_data(as_text=True)
    assert unit.outcomes[0].statement.split(",")[0] in page or unit.outcomes[0].code in page
    assert unit.lessons[0].title in page and unit.assessments[0].title in page
    assert "Aligned to" in page


def test_another_organizations_units_are_not_found(client, login, db_session, demo_org):
    other = make_org(db_session)
    login(make_user(db_session, other, "admin"))
    unit = db_session.execute(select(Unit).join(Course).where(Course.slug == "machining-level-1")).scalars().first()
    for path in ("/o/demo/programs", "/o/demo/programs/advanced-manufacturing", "/o/demo/courses/machining-level-1",
                 f"/o/demo/courses/machining-level-1/units/{unit.slug}"):
        assert client.get(path).status_code == 404, path
    # Their own organization has no such course either: slugs never reach across.
    assert client.get(f"/o/{other.slug}/courses/machining-level-1").status_code == 404


def test_teachers_see_published_units_only(client, login, db_session, demo_org):
    login(make_user(db_session, demo_org, "teacher"))
    units = db_session.execute(select(Unit).where(Unit.organization_id == demo_org.id)).scalars().all()
    draft = next((u for u in units if u.status is not UnitStatus.published), None)
    if draft is None:
        pytest.fail("the samples should include a unit that is not published")
    published = next(u for u in units if u.status is UnitStatus.published)
    course_page = client.get(f"/o/demo/courses/{draft.course.slug}").get_data(as_text=True)
    assert draft.title not in course_page
    assert client.get(f"/o/demo/courses/{draft.course.slug}/units/{draft.slug}").status_code == 404
    assert client.get(f"/o/demo/courses/{published.course.slug}/units/{published.slug}").status_code == 200


def test_learners_do_not_browse_the_curriculum(client, login, db_session, demo_org):
    login(make_user(db_session, demo_org, "learner"))
    assert client.get("/o/demo/programs").status_code == 403
