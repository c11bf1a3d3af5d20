"""pylti1p3's tool configuration, read from the database.

Registrations are found by (issuer, client_id) only: `check_iss_has_one_client` is False for every
issuer, so the library never takes the issuer-only path (Canvas cloud shares one issuer). The
library does not enforce its abstract methods, so all of them are implemented here.
"""
from __future__ import annotations

from typing import Callable

from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from lti import keys
from lti.models import LtiDeployment, LtiKey, LtiPlatform


# Built once: every login and launch runs them (building a statement costs more than running it).
PLATFORM = select(LtiPlatform).where(LtiPlatform.issuer == bindparam("iss"), LtiPlatform.client_id == bindparam("client_id"))
PLATFORMS_OF_ISSUER = select(LtiPlatform).where(LtiPlatform.issuer == bindparam("iss")).limit(2)
DEPLOYMENT = select(LtiDeployment).where(LtiDeployment.platform_id == bindparam("platform_id"),
                                         LtiDeployment.deployment_id == bindparam("deployment_id"))


class ToolRegistration(Registration):
    """A registration that signs with our current database key, loaded only when something is signed
    (validating a launch needs no private key), and names it by our stored kid."""

    def __init__(self, platform: LtiPlatform, key_loader: Callable[[], LtiKey]) -> None:
        self.platform = platform
        self._key_loader = key_loader
        self._key: LtiKey | None = None
        (self.set_issuer(platform.issuer).set_client_id(platform.client_id)
         .set_auth_login_url(platform.auth_login_url).set_auth_token_url(platform.auth_token_url)
         .set_key_set_url(platform.keyset_url))
        if platform.auth_audience:
            self.set_auth_audience(platform.auth_audience)

    def _signing_key(self) -> LtiKey:
        if self._key is None:
            self._key = self._key_loader()
        return self._key

    def get_tool_private_key(self) -> str:
        return self._signing_key().private_pem

    def get_kid(self) -> str:
        return self._signing_key().kid

    def get_jwks(self) -> list:
        return [self._signing_key().public_jwk]


class DbToolConf(ToolConfAbstract):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._platforms: dict[tuple[str, str | None], LtiPlatform | None] = {}
        self.deployments: dict[tuple[int, str], LtiDeployment | None] = {}  # rows found, for the launch to reuse

    # -- the (issuer, client_id) mode, always -----------------------------------------------
    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def remember(self, platform: LtiPlatform) -> None:
        self._platforms[(platform.issuer, platform.client_id)] = platform

    def platform(self, iss: str, client_id: str | None) -> LtiPlatform | None:
        """The registration; without a client_id only when the issuer has exactly one."""
        cache_key = (iss, client_id)
        if cache_key not in self._platforms:
            if client_id:
                found = list(self.session.execute(PLATFORM, {"iss": iss, "client_id": client_id}).scalars())
            else:
                found = list(self.session.execute(PLATFORMS_OF_ISSUER, {"iss": iss}).scalars())
            self._platforms[cache_key] = found[0] if len(found) == 1 else None
        return self._platforms[cache_key]

    def registration(self, platform: LtiPlatform) -> ToolRegistration:
        return ToolRegistration(platform, lambda: keys.signing_key(self.session))

    def find_registration_by_params(self, iss: str, client_id: str | None, *args, **kwargs) -> ToolRegistration | None:
        platform = self.platform(iss, client_id)
        return self.registration(platform) if platform else None

    def find_registration_by_issuer(self, iss: str, *args, **kwargs) -> ToolRegistration | None:
        return self.find_registration_by_params(iss, None)

    def find_deployment_row(self, platform: LtiPlatform, deployment_id: str) -> LtiDeployment | None:
        key = (platform.id, deployment_id)
        if key not in self.deployments:
            self.deployments[key] = self.session.execute(
                DEPLOYMENT, {"platform_id": platform.id, "deployment_id": deployment_id}
            ).scalar_one_or_none()
        return self.deployments[key]

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id: str | None, *args, **kwargs) -> Deployment | None:
        platform = self.platform(iss, client_id)
        if platform is None:
            return None
        if self.find_deployment_row(platform, deployment_id) is None and not platform.auto_deployments:
            return None
        return Deployment().set_deployment_id(deployment_id)

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)

    def get_jwks(self, iss: str | None = None, client_id: str | None = None, **kwargs) -> dict:
        from authoring.db import utcnow

        return keys.jwks(self.session, utcnow())  # one keyset for every registration
