"""The editor's forms, through the test client (the browser test drives the main path in Chromium)."""
from __future__ import annotations

import re

from authoring.curriculum import services
from authoring.curriculum.models import Asset, UnitStatus
from tests.authoring.factories import make_unit
from tests.fixtures.tenancy import sign_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def signed_in(app, user, client=None):
    """Sign `user` in. Requests in one test share an app context, where Flask-Login caches the user:
    switch users on one client rather than interleaving clients."""
    return sign_in(client or app.test_client(), user.email)


def test_a_form_with_an_old_version_gets_409_and_changes_nothing(app, db_session, org, people):
    unit = make_unit(db_session, org)
    db_session.commit()
    client = signed_in(app, people["author"])
    old = unit.version
    assert client.post(f"/o/{org.slug}/units/{unit.id}", data={"title": "One", "version": old}).status_code == 302
    response = client.post(f"/o/{org.slug}/units/{unit.id}", data={"title": "Two", "version": old})
    assert response.status_code == 409 and "Changed by someone else" in response.get_data(as_text=True)
    db_session.expire_all()
    assert services.get_unit_by_id(db_session, org, unit.id).title == "One"


def test_move_unalign_dismiss_and_delete(app, db_session, org, people):
    unit = make_unit(db_session, org, outcomes=2, alignments=2, lessons=2, items=2)
    db_session.commit()
    client = signed_in(app, people["author"])
    base = f"/o/{org.slug}"
    first, second = unit.outcomes
    client.post(f"{base}/units/{unit.id}/move", data={"kind": "outcomes", "row_id": second.id, "direction": "up", "version": unit.version})
    db_session.expire_all()
    unit = services.get_unit_by_id(db_session, org, unit.id)
    assert [o.id for o in unit.outcomes] == [second.id, first.id]
    items = list(unit.assessments[0].items)   # a copy: reloading refills the collection in place
    moved = client.post(f"{base}/units/{unit.id}/move", data={"kind": "items", "row_id": items[0].id, "direction": "down",
                                                       "assessment_id": unit.assessments[0].id, "version": unit.version})
    assert moved.status_code == 302, moved.get_data(as_text=True)
    alignment = unit.outcomes[0].alignments[0]
    db_session.expire_all()
    unit = services.get_unit_by_id(db_session, org, unit.id)
    assert [i.id for i in unit.assessments[0].items] == [items[1].id, items[0].id]
    # Another outcome's alignment cannot be removed through this outcome's form.
    assert client.post(f"{base}/outcomes/{first.id}/unalign", data={"alignment_id": alignment.id, "version": unit.version}).status_code == 404
    assert client.post(f"{base}/outcomes/{second.id}/unalign", data={"alignment_id": alignment.id, "version": unit.version}).status_code == 302
    page = client.get(f"{base}/outcomes/{second.id}/align").get_data(as_text=True)
    suggested = re.search(r'class="suggestion" data-item="(\d+)"', page).group(1)
    client.post(f"{base}/outcomes/{second.id}/dismiss/{suggested}")
    assert f'data-item="{suggested}"' not in client.get(f"{base}/outcomes/{second.id}/align").get_data(as_text=True)
    db_session.expire_all()
    unit = services.get_unit_by_id(db_session, org, unit.id)
    client.post(f"{base}/lessons/{unit.lessons[0].id}/delete", data={"version": unit.version})
    db_session.expire_all()
    unit = services.get_unit_by_id(db_session, org, unit.id)
    client.post(f"{base}/items/{unit.assessments[0].items[0].id}/delete", data={"version": unit.version})
    db_session.expire_all()
    unit = services.get_unit_by_id(db_session, org, unit.id)
    assert len(unit.lessons) == 1 and len(unit.assessments[0].items) == 1


def test_images_are_uploaded_placed_and_served_to_the_org_only(app, db_session, org, people, now):
    import io

    unit = make_unit(db_session, org)
    db_session.commit()
    client = signed_in(app, people["author"])
    lesson = unit.lessons[0]
    response = client.post(f"/o/{org.slug}/lessons/{lesson.id}/images", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(PNG), "chip.png", "image/png"), "alt": "A chip <b>curl</b>", "version": unit.version})
    assert response.status_code == 302
    db_session.expire_all()
    asset = db_session.query(Asset).filter_by(unit_id=unit.id).one()
    unit = services.get_unit_by_id(db_session, org, unit.id)
    body = services.get_lesson(db_session, org, lesson.id).body_html
    assert f'src="/o/{org.slug}/assets/{asset.id}"' in body and "<b>" not in body
    bad = client.post(f"/o/{org.slug}/lessons/{lesson.id}/images", content_type="multipart/form-data",
                      data={"file": (io.BytesIO(b"<svg onload=x>"), "x.png", "image/png"), "alt": "x", "version": unit.version + 1})
    assert bad.status_code == 422
    teacher = signed_in(app, people["teacher"], client)
    assert teacher.get(f"/o/{org.slug}/assets/{asset.id}").status_code == 404   # the unit is an unpublished draft
    services.submit(db_session, people["author"], now, unit, expected=unit.version)
    services.approve(db_session, people["reviewer"], now, unit, expected=unit.version)
    services.publish(db_session, people["author"], now, unit, expected=unit.version)
    db_session.commit()
    served = teacher.get(f"/o/{org.slug}/assets/{asset.id}")
    assert served.data == PNG and served.mimetype == "image/png"


def test_review_pages_history_and_diff(app, db_session, org, people, now):
    unit = make_unit(db_session, org)
    db_session.commit()
    client = app.test_client()

    def author():
        return signed_in(app, people["author"], client)

    def reviewer():
        return signed_in(app, people["reviewer"], client)

    base = f"/o/{org.slug}"
    author().post(f"{base}/units/{unit.id}/submit", data={"version": unit.version})
    db_session.expire_all()
    unit = services.get_unit_by_id(db_session, org, unit.id)
    assert unit.status is UnitStatus.in_review
    reviewer().post(f"{base}/units/{unit.id}/request-changes", data={"body": "Add hours", "version": unit.version})
    client.post(f"{base}/units/{unit.id}/comments", data={"body": "See LO-01"})
    db_session.expire_all()
    unit = services.get_unit_by_id(db_session, org, unit.id)
    assert unit.status is UnitStatus.draft and [r.body for r in unit.reviews][-2:] == ["Add hours", "See LO-01"]
    page = client.get(f"{base}/courses/{unit.course.slug}/units/{unit.slug}").get_data(as_text=True)
    assert "Add hours" in page and "Request changes" not in page     # not in review any more
    author().post(f"{base}/units/{unit.id}/submit", data={"version": unit.version})
    reviewer().post(f"{base}/units/{unit.id}/approve", data={"version": unit.version})
    author().post(f"{base}/units/{unit.id}/publish", data={"version": unit.version})
    db_session.expire_all()
    unit = services.get_unit_by_id(db_session, org, unit.id)
    client.post(f"{base}/units/{unit.id}", data={"title": "Renamed", "version": unit.version})
    diff = client.get(f"{base}/units/{unit.id}/diff").get_data(as_text=True)
    assert "Renamed" in diff and "<del>" in diff
    assert "Immutable" in client.get(f"{base}/units/{unit.id}/revisions/1").get_data(as_text=True)
    copy = client.post(f"{base}/units/{unit.id}/duplicate")
    assert copy.status_code == 302 and "/edit" in copy.headers["Location"]


def test_teachers_see_published_units_only(app, db_session, org, people):
    draft = make_unit(db_session, org)
    published = make_unit(db_session, org, course=draft.course)
    services.submit(db_session, people["author"], published.updated_at, published, expected=published.version)
    services.approve(db_session, people["reviewer"], published.updated_at, published, expected=published.version)
    services.publish(db_session, people["author"], published.updated_at, published, expected=published.version)
    db_session.commit()
    teacher = signed_in(app, people["teacher"])
    page = teacher.get(f"/o/{org.slug}/courses/{draft.course.slug}").get_data(as_text=True)
    assert published.title in page and draft.title not in page
    assert teacher.get(f"/o/{org.slug}/courses/{draft.course.slug}/units/{draft.slug}").status_code == 404
    assert "Edit unit" not in teacher.get(f"/o/{org.slug}/courses/{draft.course.slug}/units/{published.slug}").get_data(as_text=True)


def test_tokens_page(app, db_session, org, people):
    db_session.commit()
    client = signed_in(app, people["teacher"])
    page = client.post(f"/o/{org.slug}/tokens", data={"name": "gradebook sync"}).get_data(as_text=True)
    secret = re.search(r'id="new-token">(tp_[^<]+)<', page).group(1)
    assert client.get(f"/api/v1/orgs/{org.slug}/programs", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert secret not in client.get(f"/o/{org.slug}/tokens").get_data(as_text=True)


def test_occupation_page_shows_coverage_and_starts_units(app, db_session, demo_org):
    from authoring.occupations.models import Occupation
    from authoring.tenancy.services import find_user

    author = find_user(db_session, "author@demo.toolpath.test")
    client = sign_in(app.test_client(), author.email, __import__("authoring.interchange.samples", fromlist=["x"]).demo_password())
    machinist = db_session.query(Occupation).filter_by(organization_id=demo_org.id, onet_code="51-4041.00").one()
    page = client.get(f"/o/demo/occupations/{machinist.id}").get_data(as_text=True)
    assert "not covered" in page and 'class="status status-published"' in page   # the samples leave planted gaps
    assert "Machining" in client.get("/o/demo/pathways/" + __import__("re").search(r'/o/demo/pathways/([\w-]+)', client.get("/o/demo/occupations").get_data(as_text=True)).group(1)).get_data(as_text=True)
