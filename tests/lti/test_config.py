"""What LMS administrators paste: the Canvas developer-key JSON; cookies that survive an iframe."""
from __future__ import annotations

import pytest

DEEP_LINKING = {"link_selection", "assignment_selection", "editor_button"}


def test_canvas_developer_key_json(client):
    config = client.get("/lti/config/canvas.json").get_json()
    base = "http://localhost"
    assert config["title"] == "Toolpath" and config["description"]
    assert config["oidc_initiation_url"] == f"{base}/lti/login"
    assert config["target_link_uri"] == f"{base}/lti/launch"
    assert config["public_jwk_url"] == f"{base}/lti/jwks"
    assert {
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem", "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
    } <= set(config["scopes"])
    (extension,) = config["extensions"]
    assert extension["platform"] == "canvas.instructure.com" and extension["domain"] == "localhost"
    assert extension["privacy_level"] == "public"
    placements = {p["placement"]: p for p in extension["settings"]["placements"]}
    assert placements["course_navigation"]["message_type"] == "LtiResourceLinkRequest"
    assert {name for name, p in placements.items() if p["message_type"] == "LtiDeepLinkingRequest"} == DEEP_LINKING
    assert all(p["target_link_uri"] == f"{base}/lti/launch" for p in placements.values())  # no query strings


@pytest.fixture()
def https_tool(tool, platform_a, monkeypatch):
    """The tool as deployed: configured with an https base URL (session cookie flags, cookie check on)."""
    from authoring import create_app

    monkeypatch.setenv("TOOLPATH_BASE_URL", "https://localhost")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": tool.app.config["SQLALCHEMY_DATABASE_URI"]})
    yield app
    from authoring.db import db

    with app.app_context():
        db.engine.dispose()


def _login(client, platform, **extra):
    query = {"iss": platform.iss, "login_hint": "u1", "target_link_uri": "https://localhost/lti/launch",
             "client_id": platform.client_id, **extra}
    return client.get("/lti/login", query_string=query, base_url="https://localhost")


def test_behind_https_the_library_cookie_check_page_comes_first(https_tool, platform_a):
    client = https_tool.test_client()
    page = _login(client, platform_a)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "lti1p3-warning-msg" in text and "lti1p3_new_window" in text  # pylti1p3's CookiesAllowedCheckPage
    assert "SameSite=None; secure; partitioned" in text


def test_behind_https_cookies_are_samesite_none_secure_partitioned(https_tool, platform_a):
    client = https_tool.test_client()
    response = _login(client, platform_a, lti1p3_new_window="1")
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    state = next(c for c in cookies if c.startswith("lti1p3-state-"))
    session = next(c for c in cookies if c.startswith("session="))
    for cookie in (state, session):
        assert "Secure" in cookie and "SameSite=None" in cookie and "Partitioned" in cookie and "HttpOnly" in cookie


def test_behind_a_tls_proxy_the_forwarded_scheme_counts(tool, platform_a, monkeypatch):
    from authoring import create_app
    from authoring.db import db

    monkeypatch.setenv("TOOLPATH_BASE_URL", "https://localhost")
    monkeypatch.setenv("TOOLPATH_PROXY_FIX", "1")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": tool.app.config["SQLALCHEMY_DATABASE_URI"]})
    query = {"iss": platform_a.iss, "login_hint": "u1", "target_link_uri": "https://localhost/lti/launch",
             "client_id": platform_a.client_id, "lti1p3_new_window": "1"}
    response = app.test_client().get("/lti/login", query_string=query, headers={"X-Forwarded-Proto": "https"})  # plain http to the app
    state = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("lti1p3-state-"))
    assert "Secure" in state and "SameSite=None" in state and "Partitioned" in state
    with app.app_context():
        db.engine.dispose()


def test_platforms_may_post_the_login(tool, platform_a):
    client = tool.app.test_client()
    form = {"iss": platform_a.iss, "login_hint": "u1", "target_link_uri": f"{tool.base}/lti/launch",
            "client_id": platform_a.client_id, "lti_message_hint": "m"}
    response = client.post("/lti/login", data=form)  # cross-site form post: no CSRF token, by design
    assert response.status_code == 302 and response.headers["Location"].startswith(platform_a.auth_url)
