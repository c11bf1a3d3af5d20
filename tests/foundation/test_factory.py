from __future__ import annotations

import re

import pytest

from authoring import create_app


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("TOOLPATH_SECRET_KEY", raising=False)
    monkeypatch.setenv("TOOLPATH_INSTANCE_PATH", str(tmp_path))
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert len(first.secret_key) == 64
    assert first.secret_key == second.secret_key == (tmp_path / "secret_key").read_text()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_config_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLPATH_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TOOLPATH_SECRET_KEY", "from-env")
    monkeypatch.setenv("TOOLPATH_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("TOOLPATH_BASE_URL", "https://toolpath.example.edu/")
    app = create_app()
    assert app.secret_key == "from-env"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/x.db"
    assert app.config["TOOLPATH_BASE_URL"] == "https://toolpath.example.edu"
    # Behind HTTPS the session cookie must survive an LMS iframe.
    assert app.config["SESSION_COOKIE_SAMESITE"] == "None"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_PARTITIONED"] is True


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLPATH_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("TOOLPATH_DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'toolpath.sqlite3'}"


def test_api_errors_have_one_json_shape(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"}
    assert body["status"] == 404 and body["code"] == "not_found"


def test_page_errors_are_html(client, login, demo_org, db_session):
    from tests.fixtures.tenancy import make_user

    login(make_user(db_session, demo_org, "author"))
    response = client.get("/o/demo/courses/no-such-course")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Not found" in response.get_data(as_text=True)


def test_pages_may_be_framed_by_an_lms_but_say_so(client):
    response = client.get("/login")
    assert "frame-ancestors" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture()
def csrf_app(app, db_session):
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


def test_forms_are_protected_against_csrf(csrf_app, db_session, demo_org):
    from tests.fixtures.tenancy import PASSWORD, make_user

    user = make_user(db_session, demo_org, "author")
    client = csrf_app.test_client()
    refused = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 400
    assert "csrf" in refused.get_data(as_text=True).lower()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    accepted = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert accepted.status_code == 302


def test_cookie_flags_follow_a_base_url_given_to_the_factory(tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLPATH_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("TOOLPATH_BASE_URL", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TOOLPATH_BASE_URL": "https://tool.example.edu"})
    assert (app.config["SESSION_COOKIE_SECURE"], app.config["SESSION_COOKIE_SAMESITE"]) == (True, "None")
    plain = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert (plain.config["SESSION_COOKIE_SECURE"], plain.config["SESSION_COOKIE_SAMESITE"]) == (False, "Lax")
