"""/api/v1: tokens, pagination, one error shape, optimistic concurrency, the OpenAPI document."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from authoring.api import tokens
from tests.authoring.factories import make_program, make_unit
from tests.fixtures.tenancy import make_user, sign_in


def url(org, path):
    return f"/api/v1/orgs/{org.slug}{path}"


def assert_error(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"} and body["status"] == status
    if code:
        assert body["code"] == code


def test_a_writer_drafts_aligns_and_publishes_through_the_api(client, db_session, org, bearer):
    _, course, framework = make_program(db_session, org)
    author, reviewer = bearer("author"), bearer("reviewer")
    competency = framework.items[1]
    r = client.post(url(org, f"/courses/{course.id}/units"), json={"title": "Measurement", "competency_ids": [competency.id]}, headers=author)
    assert r.status_code == 201, r.get_json()
    unit = r.get_json()
    version = int(r.headers["ETag"].strip('"'))
    outcome = unit["outcomes"][0]
    assert outcome["competencies"][0]["id"] == competency.id

    r = client.patch(url(org, f"/outcomes/{outcome['id']}"), headers={**author, "If-Match": f'"{version}"'},
                     json={"statement": "Given a 0-1 in. micrometer, the student will measure part diameters to within 0.001 in."})
    assert r.status_code == 200 and r.get_json()["verb"] == "measure"
    version = int(r.headers["ETag"].strip('"'))

    r = client.get(url(org, f"/outcomes/{outcome['id']}/suggestions"), headers=author)
    suggestions = r.get_json()
    assert r.status_code == 200 and 0 < len(suggestions) <= 5
    assert suggestions[0]["item"]["human_coding"] == "S.01" and "micrometers" in suggestions[0]["matched"]
    r = client.post(url(org, f"/outcomes/{outcome['id']}/alignments"), json={"item_id": suggestions[0]["item"]["id"], "version": version}, headers=author)
    assert r.status_code == 201
    version = int(r.headers["ETag"].strip('"'))
    r = client.post(url(org, f"/outcomes/{outcome['id']}/suggestions/{suggestions[1]['item']['id']}/dismiss"), headers=author)
    assert r.status_code == 204
    after = [s["item"]["id"] for s in client.get(url(org, f"/outcomes/{outcome['id']}/suggestions"), headers=author).get_json()]
    assert suggestions[0]["item"]["id"] not in after and suggestions[1]["item"]["id"] not in after

    r = client.post(url(org, f"/units/{unit['id']}/lessons"), json={"title": "Reading a micrometer", "hours": "1.5", "body_html": "<p>Read the sleeve.</p>", "version": version}, headers=author)
    version = int(r.headers["ETag"].strip('"'))
    r = client.post(url(org, f"/units/{unit['id']}/assessments"), json={"title": "Quiz", "version": version}, headers=author)
    quiz, version = r.get_json(), int(r.headers["ETag"].strip('"'))
    r = client.post(url(org, f"/assessments/{quiz['id']}/items"), headers={**author, "If-Match": str(version)}, json={
        "type": "fill_in_blank", "prompt": "One thimble division is ___ in.", "answer": {"accepted": ["0.001", ".001"]},
        "outcomes": [outcome["code"]], "points": 2})
    assert r.status_code == 201 and r.get_json()["outcomes"] == [outcome["code"]]
    version = int(r.headers["ETag"].strip('"'))

    assert client.post(url(org, f"/units/{unit['id']}/submit"), json={"version": version}, headers=author).status_code == 200
    assert_error(client.post(url(org, f"/units/{unit['id']}/approve"), json={}, headers=author), 403, "forbidden")
    assert client.post(url(org, f"/units/{unit['id']}/approve"), json={"body": "Good"}, headers=reviewer).status_code == 200
    r = client.post(url(org, f"/units/{unit['id']}/publish"), json={}, headers=author)
    assert r.status_code == 201 and r.get_json()["number"] == 1
    detail = client.get(url(org, f"/units/{unit['id']}/revisions/1"), headers=author).get_json()
    assert detail["snapshot"]["assessments"][0]["items"][0]["answer"]["accepted"] == ["0.001", ".001"]


def test_a_stale_write_gets_409_and_changes_nothing(client, db_session, org, bearer):
    unit = make_unit(db_session, org)
    db_session.commit()
    author = bearer("author")
    stale = unit.version
    assert client.patch(url(org, f"/units/{unit.id}"), json={"title": "Fresh"}, headers={**author, "If-Match": f'"{stale}"'}).status_code == 200
    r = client.patch(url(org, f"/units/{unit.id}"), json={"title": "Stale"}, headers={**author, "If-Match": f'"{stale}"'})
    assert_error(r, 409, "conflict")
    r = client.post(url(org, f"/units/{unit.id}/lessons"), json={"title": "Stale lesson", "version": stale}, headers=author)
    assert_error(r, 409, "conflict")
    body = client.get(url(org, f"/units/{unit.id}"), headers=author).get_json()
    assert body["title"] == "Fresh" and len(body["lessons"]) == 2 and body["version"] == stale + 1


def test_validation_errors_have_the_one_shape(client, db_session, org, bearer):
    unit = make_unit(db_session, org)
    db_session.commit()
    author = bearer("author")
    r = client.post(url(org, f"/assessments/{unit.assessments[0].id}/items"), json={"type": "multiple_choice", "prompt": "?", "choices": []}, headers=author)
    assert_error(r, 422, "validation_failed")
    assert "choices" in r.get_json()["errors"]
    assert_error(client.get(url(org, "/units/999999"), headers=author), 404, "not_found")
    assert_error(client.put(url(org, f"/units/{unit.id}/order"), json={"kind": "lessons", "ids": [1]}, headers=author), 422)


def test_pagination(client, db_session, org, bearer):
    _, course, _ = make_program(db_session, org)
    for _ in range(3):
        make_unit(db_session, org, course=course, outcomes=1, lessons=0, assessments=0)
    db_session.commit()
    teacher, author = bearer("teacher"), bearer("author")
    page = client.get(url(org, "/units?per_page=2&page=2"), headers=author).get_json()
    assert page["total"] == 3 and page["pages"] == 2 and len(page["items"]) == 1 and page["page"] == 2
    assert client.get(url(org, "/units"), headers=teacher).get_json()["total"] == 0   # drafts are invisible to teachers
    assert client.get(url(org, "/units?per_page=1000"), headers=author).get_json()["per_page"] == 100


def test_tokens_are_hashed_scoped_and_revocable(client, db_session, org, bearer):
    from tests.fixtures.tenancy import make_org

    other = make_org(db_session)
    headers = bearer("author")
    secret = headers["Authorization"].split()[1]
    row = tokens.authenticate(db_session, secret, datetime.now(timezone.utc))
    assert row.token_hash != secret and secret not in row.token_hash
    assert client.get(url(org, "/programs"), headers=headers).status_code == 200
    # A token works only in its own organization, even where its user is a member too.
    from authoring.tenancy.services import grant
    from authoring.tenancy.models import Role

    grant(db_session, row.user, other, Role.admin)
    db_session.commit()
    assert_error(client.get(url(other, "/programs"), headers=headers), 404)
    assert tokens.authenticate(db_session, secret, row.expires_at + timedelta(seconds=1)) is None
    tokens.revoke(db_session, row.user, datetime.now(timezone.utc), org, row.id)
    db_session.commit()
    assert_error(client.get(url(org, "/programs"), headers=headers), 401)
    assert_error(client.get(url(org, "/programs"), headers={"Authorization": "Bearer tp_nope"}), 401)


def test_session_calls_need_the_csrf_token(app, client, db_session, org):
    user = make_user(db_session, org, "author")
    db_session.commit()
    sign_in(client, user.email)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        r = client.post("/api/v1/outcomes/check", json={"statement": "Students will know safety."})
        assert_error(r, 400, "csrf_failed")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    r = client.post("/api/v1/outcomes/check", json={"statement": "Students will know safety."})
    assert r.status_code == 200 and "non_measurable_verb" in [f["code"] for f in r.get_json()["findings"]]


def test_the_outcome_check_endpoint(client, bearer):
    headers = bearer("author")
    r = client.post("/api/v1/outcomes/check", json={"statement": "Given a micrometer, the student will measure a shaft to within 0.001 in."}, headers=headers)
    body = r.get_json()
    assert r.status_code == 200 and body["verb"] == "measure" and body["measurable"] is True
    assert {"verb", "bloom_levels", "measurable", "findings", "suggestions"} <= set(body)
    assert_error(client.post("/api/v1/outcomes/check", json={}, headers=headers), 422)
    assert_error(client.post("/api/v1/outcomes/check", json={"statement": "x"}), 401)
    assert_error(client.post("/api/v1/outcomes/check", json={"statement": "x"}, headers=bearer("learner")), 403)


def test_openapi_describes_every_api_route(app, client):
    r = client.get("/api/openapi.json")
    doc = r.get_json()
    assert r.status_code == 200 and doc["openapi"].startswith("3.")
    described = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method.lower()) in described, (path, method)
    unit = doc["paths"]["/api/v1/orgs/{org}/units/{unit_id}"]
    assert unit["patch"]["responses"]["409"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error"
    assert "UnitOut" in doc["components"]["schemas"] and "bearer" in doc["components"]["securitySchemes"]
