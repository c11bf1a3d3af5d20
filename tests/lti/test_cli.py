"""`toolpath lti ...` against the test app (its rolled-back session)."""
from __future__ import annotations

import json

from flask.cli import ScriptInfo
from sqlalchemy import select

from authoring.cli import main

PLATFORM = ["--issuer", "https://canvas.instructure.com", "--client-id", "10000000000042",
            "--auth-login-url", "https://sso.canvaslms.com/api/lti/authorize_redirect",
            "--auth-token-url", "https://sso.canvaslms.com/login/oauth2/token",
            "--keyset-url", "https://sso.canvaslms.com/api/lti/security/jwks"]


def run(app, *args):
    info = ScriptInfo(create_app=lambda: app, load_dotenv_defaults=False)
    return app.test_cli_runner().invoke(main, ["lti", *args], obj=info, catch_exceptions=False)


def test_add_list_and_remove_a_platform(app, db_session, demo_org):
    from lti.models import LtiPlatform

    result = run(app, "add-platform", *PLATFORM, "--deployment-id", "1:abc", "--deployment-id", "2:def", "--org", "demo")
    assert result.exit_code == 0, result.output
    assert "1:abc -> demo" in result.output
    listed = json.loads(run(app, "list", "--json").output)
    (row,) = [p for p in listed["platforms"] if p["client_id"] == "10000000000042"]
    assert row["owner"] == "demo" and {d["deployment_id"] for d in row["deployments"]} == {"1:abc", "2:def"}
    assert listed["tool"]["jwks"].endswith("/lti/jwks")

    # Canvas cloud: the same issuer, another institution's client id, is a separate registration.
    other = PLATFORM[:3] + ["10000000000099"] + PLATFORM[4:]
    assert run(app, "add-platform", *other, "--deployment-id", "1:abc", "--org", "demo").exit_code == 0
    issuers = db_session.execute(select(LtiPlatform.client_id).where(LtiPlatform.issuer == "https://canvas.instructure.com")).scalars()
    assert set(issuers) >= {"10000000000042", "10000000000099"}

    assert run(app, "remove", "--issuer", "https://canvas.instructure.com", "--client-id", "10000000000042",
               "--deployment-id", "2:def").exit_code == 0
    assert run(app, "remove", "--issuer", "https://canvas.instructure.com", "--client-id", "10000000000042").exit_code == 0
    assert db_session.execute(select(LtiPlatform).where(LtiPlatform.client_id == "10000000000042")).first() is None


def test_refusals_are_one_line(app, db_session):
    result = run(app, "add-platform", *PLATFORM, "--org", "no-such-org")
    assert result.exit_code == 1 and "no-such-org" in result.output
    bad = ["--issuer", "x", "--client-id", "y", "--auth-login-url", "not a url", "--auth-token-url", "ftp://x", "--keyset-url", "https://k"]
    result = run(app, "add-platform", *bad, "--org", "demo")
    assert result.exit_code == 1 and "auth_login_url" in result.output
    result = run(app, "remove", "--issuer", "nobody", "--client-id", "none")
    assert result.exit_code == 1 and "No registration" in result.output


def test_rotate_key_and_registration_url(app, db_session):
    result = run(app, "rotate-key", "--grace-hours", "24")
    assert result.exit_code == 0 and result.output.startswith("Signing with ")
    second = run(app, "rotate-key")
    assert "stays in the JWKS until" in second.output
    kids = [k["kid"] for k in json.loads(run(app, "list", "--json").output)["keys"]]
    assert len(kids) >= 2
    url = run(app, "registration-url", "--org", "demo").output.strip()
    assert url.startswith("http://localhost/lti/register/")
    assert run(app, "purge").exit_code == 0
