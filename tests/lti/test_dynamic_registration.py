"""1EdTech Dynamic Registration against a platform's registration endpoint (the fake platform plays
Moodle: single-use registration token, deployment id in the answer)."""
from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from tests.lti.browser import Browser
from tests.lti.platform import LEARNER, FakePlatform, person

TOOL_CONF = "https://purl.imsglobal.org/spec/lti-tool-configuration"


@pytest.fixture()
def fresh_platform(tool):
    platform = FakePlatform("127.0.0.1", tool.base, client_id="unregistered", deployment_id="none", name="New Moodle")
    yield platform
    platform.stop()


def _invitation(tool, slug: str) -> str:
    from authoring.tenancy.services import get_org
    from lti.registration import invitation

    with tool.db() as session:
        return invitation(tool.app.secret_key, get_org(session, slug))


def test_registration_stores_client_and_deployment_and_closes_the_frame(tool, fresh_platform):
    from lti.models import LtiPlatform

    token = fresh_platform.new_registration_token()
    url = f"{tool.base}/lti/register/{_invitation(tool, 'lti-school-a')}"
    params = {"openid_configuration": f"{fresh_platform.base}/.well-known/openid-configuration", "registration_token": token}
    page = requests.get(url, params=params)
    assert page.status_code == 200, page.text
    assert "postMessage({subject: 'org.imsglobal.lti.close'}, '*')" in page.text

    (sent,) = fresh_platform.registration_requests
    assert sent["initiate_login_uri"] == f"{tool.base}/lti/login"
    assert sent["redirect_uris"] == [f"{tool.base}/lti/launch"]
    assert sent["jwks_uri"] == f"{tool.base}/lti/jwks"
    assert sent["token_endpoint_auth_method"] == "private_key_jwt" and sent["response_types"] == ["id_token"]
    assert set(sent["grant_types"]) == {"implicit", "client_credentials"} and sent["application_type"] == "web"
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in sent["scope"].split()
    assert "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly" in sent["scope"].split()
    config = sent[TOOL_CONF]
    assert config["domain"] == tool.base.split("://")[1] and config["target_link_uri"] == f"{tool.base}/lti/launch"
    assert {"sub", "name", "email"} <= set(config["claims"])
    assert {m["type"] for m in config["messages"]} == {"LtiDeepLinkingRequest", "LtiResourceLinkRequest"}

    client_id = next(c for c in fresh_platform.clients if c.startswith("dyn-"))
    with tool.db() as session:
        stored = session.execute(select(LtiPlatform).where(LtiPlatform.client_id == client_id)).scalar_one()
        assert (stored.issuer, stored.auth_login_url, stored.auth_token_url, stored.keyset_url) == (
            fresh_platform.iss, fresh_platform.auth_url, fresh_platform.token_url, fresh_platform.keyset_url)
        assert stored.registered_via == "dynamic" and stored.auto_deployments
        assert [(d.deployment_id, d.organization.slug) for d in stored.deployments] == [(fresh_platform.clients[client_id], "lti-school-a")]

    # The new registration works at once: a learner launches through it.
    page = Browser().go(fresh_platform.start_url(person(LEARNER), client_id=client_id))
    assert page.status_code == 200 and "Shop Safety School" in page.text

    # The registration token is single use: the platform refuses it, we say so.
    again = requests.get(url, params=params)
    assert again.status_code == 400 and "registration_failed" in again.text


def test_deployments_of_a_dynamic_registration_join_its_organization_at_first_launch(tool, fresh_platform):
    from lti.models import LtiDeployment

    url = f"{tool.base}/lti/register/{_invitation(tool, 'lti-school-b')}"
    token = fresh_platform.new_registration_token()
    assert requests.get(url, params={"openid_configuration": f"{fresh_platform.base}/.well-known/openid-configuration",
                                     "registration_token": token}).status_code == 200
    client_id = next(c for c in fresh_platform.clients if c.startswith("dyn-"))
    fresh_platform.clients[client_id] = "canvas-style-new-deployment"  # announced only by a launch
    assert Browser().go(fresh_platform.start_url(person(LEARNER), client_id=client_id)).status_code == 200
    with tool.db() as session:
        row = session.execute(select(LtiDeployment).where(LtiDeployment.deployment_id == "canvas-style-new-deployment")).scalar_one()
        assert row.organization.slug == "lti-school-b"


@pytest.mark.parametrize("path, query, code", [
    ("/lti/register", {"openid_configuration": "x"}, "bad_invitation"),
    ("/lti/register/forged-invitation", {"openid_configuration": "x"}, "bad_invitation"),
])
def test_registration_needs_an_invitation(tool, path, query, code):
    response = requests.get(f"{tool.base}{path}", params=query)
    assert response.status_code == 403 and code in response.text


def test_registration_without_the_lms_parameters_explains(tool):
    response = requests.get(f"{tool.base}/lti/register/{_invitation(tool, 'lti-school-a')}")
    assert response.status_code == 400 and "registration_failed" in response.text


def test_platform_urls_must_be_https_when_the_tool_is(tool):
    from lti.registration import ToolDynamicRegistration, ToolUrls
    from pylti1p3.exception import LtiException

    flow = ToolDynamicRegistration(ToolUrls("https://toolpath.example"), "http://lms.example/openid", "t", allow_http=False)
    with pytest.raises(LtiException, match="https"):
        flow.get_openid_configuration()
