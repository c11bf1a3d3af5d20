"""Getting Toolpath into an LMS: registrations by hand (CLI, admin page), the Canvas developer-key
JSON, and 1EdTech Dynamic Registration (Moodle 3.10+, Canvas) guarded by an invitation link."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from pylti1p3.dynamic_registration import DynamicRegistration
from pylti1p3.exception import LtiException
from requests import RequestException
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from authoring.errors import Conflict, NotFound, ValidationFailed
from authoring.tenancy.models import Organization
from lti.errors import LaunchRefused
from lti.models import LtiDeployment, LtiPlatform
from lti.outbound import session as http_session

TOOL_NAME = "Toolpath"
DESCRIPTION = "Competency-aligned CTE units, lessons and assessments, with grades sent back to the LMS."
SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
]
DEEP_LINKING_PLACEMENTS = ("link_selection", "assignment_selection", "editor_button")
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
INVITE_MAX_AGE = 7 * 24 * 3600


@dataclass(frozen=True)
class ToolUrls:
    base: str

    @property
    def login(self) -> str:
        return f"{self.base}/lti/login"

    @property
    def launch(self) -> str:
        return f"{self.base}/lti/launch"

    @property
    def jwks(self) -> str:
        return f"{self.base}/lti/jwks"

    @property
    def canvas_config(self) -> str:
        return f"{self.base}/lti/config/canvas.json"

    @property
    def domain(self) -> str:
        return urlsplit(self.base).netloc

    def register(self, invitation: str) -> str:
        return f"{self.base}/lti/register/{invitation}"


# -- registrations by hand ---------------------------------------------------------------------
def _check_url(field: str, value: str, errors: dict) -> None:
    parts = urlsplit(value or "")
    if parts.scheme not in ("https", "http") or not parts.netloc:
        errors[field] = ["an http(s) URL"]


def add_platform(
    session: Session, org: Organization, *, issuer: str, client_id: str, auth_login_url: str, auth_token_url: str,
    keyset_url: str, deployment_ids: list[str], name: str = "", auth_audience: str | None = None, via: str = "cli",
) -> LtiPlatform:
    """Register (issuer, client_id) for `org`, or add deployments to the registration `org` owns."""
    issuer, client_id = issuer.strip(), client_id.strip()
    errors: dict[str, list[str]] = {}
    if not issuer:
        errors["issuer"] = ["required"]
    if not client_id:
        errors["client_id"] = ["required"]
    for field, value in (("auth_login_url", auth_login_url), ("auth_token_url", auth_token_url), ("keyset_url", keyset_url)):
        _check_url(field, value.strip(), errors)
    deployment_ids = [d.strip() for d in deployment_ids if d and d.strip()]
    if errors:
        raise ValidationFailed("The registration is incomplete.", errors)
    platform = session.execute(
        select(LtiPlatform).where(LtiPlatform.issuer == issuer, LtiPlatform.client_id == client_id)
    ).scalar_one_or_none()
    if platform is None:
        platform = LtiPlatform(
            organization_id=org.id, name=name.strip() or urlsplit(issuer).netloc or issuer, issuer=issuer, client_id=client_id,
            auth_login_url=auth_login_url.strip(), auth_token_url=auth_token_url.strip(), keyset_url=keyset_url.strip(),
            auth_audience=(auth_audience or "").strip() or None, registered_via=via,
        )
        session.add(platform)
        session.flush()
    elif platform.organization_id != org.id and via != "cli":
        # Only the owner (or the server operator) may map deployments of a registration.
        raise Conflict("This LMS registration belongs to another organization.")
    for deployment_id in deployment_ids:
        add_deployment(session, platform, deployment_id, org)
    return platform


def add_deployment(session: Session, platform: LtiPlatform, deployment_id: str, org: Organization) -> LtiDeployment:
    existing = session.execute(
        select(LtiDeployment).where(LtiDeployment.platform_id == platform.id, LtiDeployment.deployment_id == deployment_id)
    ).scalar_one_or_none()
    if existing is not None:
        if existing.organization_id != org.id:
            raise Conflict(f"Deployment {deployment_id} is already mapped to another organization.")
        return existing
    deployment = LtiDeployment(platform=platform, deployment_id=deployment_id, organization_id=org.id)
    session.add(deployment)
    session.flush()
    return deployment


def list_platforms(session: Session, org: Organization | None = None) -> list[LtiPlatform]:
    query = select(LtiPlatform).options(
        selectinload(LtiPlatform.deployments).selectinload(LtiDeployment.organization), selectinload(LtiPlatform.organization)
    ).order_by(LtiPlatform.issuer, LtiPlatform.client_id)
    if org is not None:
        mapped = select(LtiDeployment.platform_id).where(LtiDeployment.organization_id == org.id)
        query = query.where((LtiPlatform.organization_id == org.id) | LtiPlatform.id.in_(mapped))
    return list(session.execute(query).scalars())


def get_platform(session: Session, platform_id: int, org: Organization) -> LtiPlatform:
    platform = session.get(LtiPlatform, platform_id)
    if platform is None or platform.organization_id != org.id:
        raise NotFound("No such LMS registration.")
    return platform


def find_platform(session: Session, issuer: str, client_id: str) -> LtiPlatform:
    platform = session.execute(
        select(LtiPlatform).where(LtiPlatform.issuer == issuer, LtiPlatform.client_id == client_id)
    ).scalar_one_or_none()
    if platform is None:
        raise NotFound(f"No registration for issuer {issuer} and client id {client_id}.")
    return platform


def remove_platform(session: Session, platform: LtiPlatform) -> None:
    session.delete(platform)
    session.flush()


def remove_deployment(session: Session, platform: LtiPlatform, deployment_id: str) -> None:
    deployment = next((d for d in platform.deployments if d.deployment_id == deployment_id), None)
    if deployment is None:
        raise NotFound(f"No deployment {deployment_id} in this registration.")
    session.delete(deployment)
    session.flush()


# -- Canvas developer key --------------------------------------------------------------------
def canvas_config(urls: ToolUrls) -> dict:
    """Paste-able Canvas 'LTI key' JSON (Developer Keys > + LTI Key > Enter URL)."""
    placements = [{
        "placement": "course_navigation", "message_type": "LtiResourceLinkRequest", "target_link_uri": urls.launch,
        "text": TOOL_NAME, "default": "disabled", "visibility": "admins",
    }] + [{
        "placement": placement, "message_type": "LtiDeepLinkingRequest", "target_link_uri": urls.launch,
        "text": f"{TOOL_NAME} units", "selection_width": 900, "selection_height": 700,
    } for placement in DEEP_LINKING_PLACEMENTS]
    return {
        "title": TOOL_NAME,
        "description": DESCRIPTION,
        "oidc_initiation_url": urls.login,
        "target_link_uri": urls.launch,
        "public_jwk_url": urls.jwks,
        "scopes": SCOPES,
        "custom_fields": {},
        "extensions": [{
            "domain": urls.domain,
            "tool_id": "toolpath",
            "platform": "canvas.instructure.com",
            "privacy_level": "public",  # names and emails, to label rosters and gradebooks
            "settings": {"placements": placements},
        }],
    }


# -- Dynamic Registration ----------------------------------------------------------------------
def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="toolpath-lti-register")


def invitation(secret: str, org: Organization) -> str:
    """A registration link for one organization: the spec's URL is pasted into an LMS by anyone,
    so the org must come from something only its admins could hand out."""
    return _serializer(secret).dumps({"org": org.id})


def invited_org(session: Session, secret: str, token: str) -> Organization:
    try:
        data = _serializer(secret).loads(token, max_age=INVITE_MAX_AGE)
    except BadSignature as exc:
        raise LaunchRefused("bad_invitation", "invitation signature or age") from exc
    org = session.get(Organization, data.get("org"))
    if org is None:
        raise LaunchRefused("bad_invitation", "organization no longer exists")
    return org


class ToolDynamicRegistration(DynamicRegistration):
    client_name = TOOL_NAME
    description = DESCRIPTION

    def __init__(self, urls: ToolUrls, openid_configuration: str, registration_token: str | None, *, allow_http: bool) -> None:
        self.urls = urls
        self.openid_configuration = openid_configuration
        self.registration_token = registration_token
        self.allow_http = allow_http

    def get_request_session(self):
        return http_session()

    def get_initiate_login_uri(self) -> str:
        return self.urls.login

    def get_jwks_uri(self) -> str:
        return self.urls.jwks

    def get_redirect_uris(self) -> list[str]:
        return [self.urls.launch]

    def get_target_link_uri(self) -> str:
        return self.urls.launch

    def get_domain(self) -> str:
        return self.urls.domain

    def get_scopes(self) -> list[str]:
        return SCOPES

    def get_claims(self) -> list[str]:
        return ["iss", "sub", "name", "given_name", "family_name", "email"]

    def get_logo_uri(self) -> str:
        return ""  # no logo yet; lti_registration_data leaves the field out

    def get_messages(self) -> list[dict]:
        return [
            {"type": "LtiDeepLinkingRequest", "target_link_uri": self.urls.launch, "label": f"{TOOL_NAME} units",
             "placements": list(DEEP_LINKING_PLACEMENTS)},
            {"type": "LtiResourceLinkRequest", "target_link_uri": self.urls.launch, "label": TOOL_NAME,
             "placements": ["course_navigation"]},
        ]

    def get_openid_configuration_endpoint(self) -> str:
        return self.openid_configuration

    def get_registration_token(self) -> str | None:
        return self.registration_token

    def lti_registration_data(self) -> dict:
        data = super().lti_registration_data()
        data.pop("logo_uri", None)
        data[TOOL_CONFIGURATION]["https://canvas.instructure.com/lti/privacy_level"] = "public"
        data[TOOL_CONFIGURATION]["https://canvas.instructure.com/lti/tool_id"] = "toolpath"
        return data

    def get_openid_configuration(self) -> dict:
        """The platform's configuration, fetched with the registration token (Canvas requires it)."""
        self._check_url(self.openid_configuration)
        headers = {"Accept": "application/json"}
        if self.registration_token:
            headers["Authorization"] = f"Bearer {self.registration_token}"
        response = self.get_request_session().get(self.openid_configuration, headers=headers)
        response.raise_for_status()
        config = response.json()
        if not isinstance(config, dict) or not config.get("issuer") or not config.get("registration_endpoint"):
            raise LtiException("the openid configuration lacks issuer or registration_endpoint")
        for key in ("registration_endpoint", "authorization_endpoint", "token_endpoint", "jwks_uri"):
            self._check_url(config.get(key) or "")
        return config

    def _check_url(self, url: str) -> None:
        scheme = urlsplit(url).scheme
        if scheme != "https" and not (self.allow_http and scheme == "http"):
            raise LtiException(f"platform URLs must use https: {url}")

    def complete_registration(self, openid_configuration: dict, openid_registration: dict) -> tuple[dict, dict]:
        return openid_configuration, openid_registration


def register_dynamically(session: Session, org: Organization, flow: ToolDynamicRegistration) -> LtiPlatform:
    try:
        config, answer = flow.register()
    except (LtiException, RequestException, ValueError, AssertionError) as exc:
        raise LaunchRefused("registration_failed", str(exc)[:500]) from exc
    client_id = str(answer.get("client_id") or "")
    if not client_id:
        raise LaunchRefused("registration_failed", "the platform returned no client_id")
    platform_info = config.get("https://purl.imsglobal.org/spec/lti-platform-configuration") or {}
    name = platform_info.get("https://canvas.instructure.com/lti/account_name") or platform_info.get("product_family_code") or ""
    deployment_id = (answer.get(TOOL_CONFIGURATION) or {}).get("deployment_id")
    if session.execute(
        select(LtiPlatform.id).where(LtiPlatform.issuer == config["issuer"], LtiPlatform.client_id == client_id)
    ).first():
        raise LaunchRefused("registration_failed", f"client {client_id} of {config['issuer']} is already registered")
    platform = add_platform(
        session, org, issuer=config["issuer"], client_id=client_id, auth_login_url=config["authorization_endpoint"],
        auth_token_url=config["token_endpoint"], keyset_url=config["jwks_uri"],
        deployment_ids=[str(deployment_id)] if deployment_id else [], name=str(name),
        # DR spec: when present, authorization_server is the aud of our token requests.
        auth_audience=config.get("authorization_server"), via="dynamic",
    )
    platform.auto_deployments = True  # Canvas announces deployments only at their first launch
    session.flush()
    return platform
