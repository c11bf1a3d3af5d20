"""The LMS connections page: org admins only, their own registrations only."""
from __future__ import annotations

from sqlalchemy import select

from tests.fixtures.tenancy import make_org, make_user

FORM = {"name": "District Moodle", "issuer": "https://moodle.district.example", "client_id": "abc123",
        "auth_login_url": "https://moodle.district.example/mod/lti/auth.php",
        "auth_token_url": "https://moodle.district.example/mod/lti/token.php",
        "keyset_url": "https://moodle.district.example/mod/lti/certs.php", "deployment_ids": "7, 8"}


def test_admin_registers_and_removes_an_lms(client, db_session, login):
    from lti.models import LtiPlatform

    org = make_org(db_session)
    login(make_user(db_session, org, "admin"))
    page = client.get(f"/o/{org.slug}/lti")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "/lti/config/canvas.json" in text and "/lti/register/" in text and "/lti/jwks" in text

    assert client.post(f"/o/{org.slug}/lti/platforms", data=FORM).status_code == 302
    platform = db_session.execute(select(LtiPlatform).where(LtiPlatform.client_id == "abc123")).scalar_one()
    assert platform.registered_via == "admin" and sorted(d.deployment_id for d in platform.deployments) == ["7", "8"]
    assert "District Moodle" in client.get(f"/o/{org.slug}/lti").get_data(as_text=True)

    assert client.post(f"/o/{org.slug}/lti/platforms/{platform.id}/deployments/delete", data={"deployment_id": "8"}).status_code == 302
    db_session.refresh(platform)
    assert [d.deployment_id for d in platform.deployments] == ["7"]
    assert client.post(f"/o/{org.slug}/lti/platforms/{platform.id}/delete").status_code == 302
    assert db_session.execute(select(LtiPlatform).where(LtiPlatform.client_id == "abc123")).first() is None


def test_only_admins_and_only_their_own_registrations(client, db_session, login):
    from lti.models import LtiPlatform

    mine, theirs = make_org(db_session), make_org(db_session)
    teacher = make_user(db_session, mine, "teacher")
    login(teacher)
    assert client.get(f"/o/{mine.slug}/lti").status_code == 403
    assert client.post(f"/o/{mine.slug}/lti/platforms", data=FORM).status_code == 403

    client.post("/logout")
    login(make_user(db_session, mine, "admin"))
    assert client.get(f"/o/{theirs.slug}/lti").status_code == 404
    assert client.post(f"/o/{mine.slug}/lti/platforms", data=FORM).status_code == 302
    platform = db_session.execute(select(LtiPlatform).where(LtiPlatform.client_id == "abc123")).scalar_one()

    client.post("/logout")
    login(make_user(db_session, theirs, "admin"))
    # another org's admin can neither remove it nor map deployments of it
    assert client.post(f"/o/{theirs.slug}/lti/platforms/{platform.id}/delete").status_code == 404
    assert client.post(f"/o/{theirs.slug}/lti/platforms", data={**FORM, "deployment_ids": "99"}).status_code == 409
    assert "District Moodle" not in client.get(f"/o/{theirs.slug}/lti").get_data(as_text=True)


def test_invalid_registrations_are_explained(client, db_session, login):
    org = make_org(db_session)
    login(make_user(db_session, org, "admin"))
    response = client.post(f"/o/{org.slug}/lti/platforms", data={**FORM, "keyset_url": "not-a-url", "issuer": ""})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "keyset_url" in text and "issuer" in text


def test_admins_find_the_lms_page_in_the_navigation_and_authors_do_not(client, db_session, login):
    from tests.fixtures.tenancy import make_org, make_user

    org = make_org(db_session)
    login(make_user(db_session, org, "admin"))
    assert f'href="/o/{org.slug}/lti"' in client.get(f"/o/{org.slug}/programs").get_data(as_text=True)
    client.post("/logout")
    login(make_user(db_session, org, "author"))
    assert "LMS connections" not in client.get(f"/o/{org.slug}/programs").get_data(as_text=True)
