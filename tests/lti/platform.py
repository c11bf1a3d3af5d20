"""An independent LTI 1.3 platform for the tests: lti1p3platform (OpenLearning) in a small Flask app.

It does what an LMS does around Toolpath: OIDC login initiation, signed resource-link and
deep-linking launches, accepting deep-linking responses (verified against the tool's JWKS), line
items created from them, client-credentials tokens, AGS scores, NRPS rosters and Dynamic
Registration. lti1p3platform is lenient (it checks no redirect_uri, and not the deep-linking
response's iss/aud/deployment_id): this app checks the redirect_uri; tests decode the rest.
"""
from __future__ import annotations

import html
import itertools
import json
import secrets
import threading
import uuid
from dataclasses import dataclass, field

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, Response, abort, jsonify, redirect, request
from lti1p3platform.exceptions import LineItemNotFoundException
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.membership import Context
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request
from lti1p3platform.score import UpdateScoreStatus
from lti1p3platform.service_connector import AssignmentsGradesService, NamesRoleProvisioningService
from werkzeug.serving import make_server

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INSTRUCTOR, LEARNER = MEMBERSHIP + "Instructor", MEMBERSHIP + "Learner"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


def rsa_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


class Server:
    """A threaded werkzeug server on a real socket; bind first to learn the port."""

    def __init__(self, host: str) -> None:
        self.app = None
        self.srv = make_server(host, 0, self._dispatch, threaded=True)
        self.base = f"http://{host}:{self.srv.server_port}"

    def _dispatch(self, environ, start_response):
        return self.app(environ, start_response)

    def start(self) -> None:
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.srv.shutdown()
        self.srv.server_close()


@dataclass
class Person:
    sub: str
    name: str
    email: str | None = None
    roles: list[str] = field(default_factory=lambda: [LEARNER])


def person(role: str = LEARNER, name: str | None = None, email: bool = True) -> Person:
    sub = uuid.uuid4().hex
    label = name or f"{'Tess Teacher' if role == INSTRUCTOR else 'Lee Learner'} {sub[:4]}"
    return Person(sub=sub, name=label, email=f"{sub[:10]}@lms.example" if email else None, roles=[role])


class FlaskPlatformRequest(Request):
    def build_metadata(self, r):
        return {"method": r.method, "form_data": r.form.to_dict(), "get_data": r.args.to_dict(), "headers": r.headers,
                "content_type": r.content_type, "path": r.path, "json": r.get_json(force=True, silent=True)}


class FakePlatform:
    def __init__(self, host: str, tool_base: str, *, client_id: str, deployment_id: str, name: str = "Test LMS") -> None:
        self.server = Server(host)
        self.base = self.iss = self.server.base
        self.tool_base = tool_base
        self.client_id, self.deployment_id, self.name = client_id, deployment_id, name
        self.private_key, self.public_key = rsa_pair()
        self.clients = {client_id: deployment_id}  # client_id -> deployment_id
        self.launches: dict[str, dict] = {}
        self.lineitems: dict[str, dict] = {}
        self.scores: list[tuple[str, dict]] = []
        self.deep_link_responses: list[dict] = []  # {"jwt": ..., "items": [...]}
        self.members: list[Person] = []
        self.registration_tokens: set[str] = set()
        self.registration_requests: list[dict] = []
        self.token_requests: list[dict] = []
        self._ids = itertools.count(1)
        self.server.app = self._build_app()
        self.server.start()

    # -- what tests call ----------------------------------------------------------------------
    @property
    def auth_url(self) -> str:
        return f"{self.base}/auth"

    @property
    def token_url(self) -> str:
        return f"{self.base}/token"

    @property
    def keyset_url(self) -> str:
        return f"{self.base}/jwks"

    def kid(self) -> str:
        return Registration.get_jwk(self.public_key)["kid"]

    def start_url(self, who: Person, *, kind: str = "resource", **spec) -> str:
        """Register the launch a user is about to make; the returned URL is 'clicking the link'."""
        hint = uuid.uuid4().hex
        self.launches[hint] = {"person": who, "kind": kind, **spec}
        return f"{self.base}/start/{hint}"

    def new_registration_token(self) -> str:
        token = secrets.token_urlsafe(16)
        self.registration_tokens.add(token)
        return token

    def stop(self) -> None:
        self.server.stop()

    # -- the platform app ----------------------------------------------------------------------
    def _conf_class(platform):
        class Conf(LTI1P3PlatformConfAbstract):
            def init_platform_config(self, client_id: str | None = None, **kw):
                client_id = client_id or platform.client_id
                self._registration = (
                    Registration().set_iss(platform.iss).set_client_id(client_id)
                    .set_deployment_id(platform.clients[client_id])
                    .set_oidc_login_url(f"{platform.tool_base}/lti/login")
                    .set_launch_url(f"{platform.tool_base}/lti/launch")
                    .set_deeplink_launch_url(f"{platform.tool_base}/lti/launch")
                    .set_tool_key_set_url(f"{platform.tool_base}/lti/jwks")
                    .set_platform_public_key(platform.public_key).set_platform_private_key(platform.private_key)
                )

            def get_registration_by_params(self, **kw):
                return self._registration

        return Conf

    def _build_app(platform) -> Flask:
        app = Flask(f"platform-{platform.name}")
        Conf = platform._conf_class()

        class Login(OIDCLoginAbstract):
            def set_lti_message_hint(self, **kw):
                self._lti_message_hint = kw["hint"]

            def get_redirect(self, url):
                return redirect(url)

        class Launch(LTIAdvantageMessageLaunchAbstract):
            def render_launch_form(self, launch_data, **kw):
                return (f'<form method="post" data-autosubmit action="{html.escape(launch_data["launch_url"])}">'
                        f'<input type="hidden" name="id_token" value="{launch_data["id_token"]}"/>'
                        f'<input type="hidden" name="state" value="{html.escape(launch_data["state"])}"/></form>')

        class Ags(AssignmentsGradesService):
            def find_lineitems(self, page=1, limit=None, line_item_id=None, resource_link_id=None, resource_id=None, tag=None, **kw):
                items = [li for li in platform.lineitems.values()
                         if (resource_id is None or li.get("resourceId") == resource_id) and (tag is None or li.get("tag") == tag)]
                return {"content": items, "has_next": False}

            def find_lineitem(self, line_item_id):
                if line_item_id not in platform.lineitems:
                    raise LineItemNotFoundException()
                return platform.lineitems[line_item_id]

            def create_lineitem(self, data):
                return platform._create_lineitem(data)

            def update_lineitem(self, data):
                raise NotImplementedError

            def delete_lineitem(self, line_item_id):
                raise NotImplementedError

            def get_results(self, line_item_id, **kw):
                return {"content": [], "has_next": False}

            def update_score(self, line_item_id, score):
                if line_item_id not in platform.lineitems:
                    raise LineItemNotFoundException()
                platform.scores.append((line_item_id, score))
                return UpdateScoreStatus.SUCCESS

        class Nrps(NamesRoleProvisioningService):
            def get_context_by_id(self):
                return Context(id="course-1", label="C1", title="Course 1")

            def get_member_data_page(self, **kw):
                content = [{"user_id": p.sub, "name": p.name, "email": p.email, "roles": p.roles, "status": "Active"}
                           for p in platform.members]
                return {"content": content, "has_next": False}

        def to_flask(resp) -> Response:
            result = resp.result
            if isinstance(result, dict) and "content" in result:  # containers are JSON arrays on the wire
                result = result["content"]
            body = json.dumps(result) if result is not None else ""
            return Response(body, status=resp.code, mimetype="application/json")

        @app.route("/jwks")
        def jwks():
            return jsonify(Conf().get_jwks())

        @app.route("/start/<hint>")
        def start(hint):
            spec = platform.launches[hint]
            conf = Conf(client_id=spec.get("client_id"))
            login = Login(FlaskPlatformRequest(request), conf)
            if spec["kind"] == "deeplink":
                login.set_deeplinking_launch_url()
            login.set_lti_message_hint(hint=hint)
            return login.initiate_login(user_id=spec["person"].sub)

        @app.route("/auth", methods=["GET", "POST"])
        def auth():
            hint = request.values.get("lti_message_hint", "")
            spec = platform.launches.get(hint)
            if spec is None or request.values.get("redirect_uri") != f"{platform.tool_base}/lti/launch":
                abort(400)  # a real LMS checks the redirect_uri against the registration
            who: Person = spec["person"]
            ml = Launch(FlaskPlatformRequest(request), Conf(client_id=spec.get("client_id")))
            ml.set_user_data(who.sub, who.roles, full_name=who.name, email_address=who.email)
            context = spec.get("context", {"id": "course-1", "title": "Machining 101", "label": "MACH101"})
            if context:
                ml.set_launch_context_claim(context["id"], context_title=context.get("title"), context_label=context.get("label"))
            if spec["kind"] == "deeplink":
                ml.set_dl(f"{platform.base}/deep_link_return", title="Add Toolpath content", accept_types={"ltiResourceLink"},
                          extra_data={"opaque": hint})
                ml._deep_linking_launch_data[DL_CLAIM].update(spec.get("dl", {}))
            else:
                link = spec.get("resource_link", {"id": uuid.uuid4().hex, "title": "Toolpath"})
                ml.set_resource_link_claim(link["id"], title=link.get("title"))
                if spec.get("custom") is not None:
                    ml.set_custom_parameters_claim(spec["custom"])
                if spec.get("ags", True):
                    lineitem = spec.get("lineitem")
                    ml.set_ags(lineitems_url=f"{platform.base}/lineitems",
                               lineitem_url=f"{platform.base}/lineitems/{lineitem}" if lineitem else None)
                if spec.get("nrps", True):
                    ml.set_nrps(f"{platform.base}/memberships")
            if spec.get("extra_claims"):
                ml.set_extra_claims(spec["extra_claims"])
            return ml.lti_launch()

        @app.route("/deep_link_return", methods=["POST"])
        def deep_link_return():
            form = request.form.to_dict()
            client_id = jwt.decode(form["JWT"], options={"verify_signature": False}).get("iss")
            items = Conf(client_id=client_id if client_id in platform.clients else None).validate_deeplinking_resp(form)
            created = [platform._create_lineitem({**item["lineItem"], "resourceLinkId": None}) if item.get("lineItem") else None
                       for item in items]
            platform.deep_link_responses.append({"jwt": form["JWT"], "items": items, "lineitems": created})
            return jsonify({"accepted": items, "lineitems": created})

        @app.route("/token", methods=["POST"])
        def token():
            form = request.form.to_dict()
            platform.token_requests.append(form)
            client_id = jwt.decode(form.get("client_assertion", ""), options={"verify_signature": False}).get("iss")
            if client_id not in platform.clients:
                abort(401)
            return jsonify(Conf(client_id=client_id).get_access_token(form))

        @app.route("/lineitems", methods=["GET", "POST"])
        def lineitems():
            svc = Ags(FlaskPlatformRequest(request), Conf(), f"{platform.base}/lineitems")
            handler = svc.handle_create_lineitem if request.method == "POST" else svc.handle_get_lineitems
            return to_flask(svc.handle_resp(handler))

        @app.route("/lineitems/<li>")
        def lineitem(li):
            svc = Ags(FlaskPlatformRequest(request), Conf(), f"{platform.base}/lineitems", f"{platform.base}/lineitems/{li}")
            return to_flask(svc.handle_resp(svc.handle_get_lineitem, line_item_id=li))

        @app.route("/lineitems/<li>/scores", methods=["POST"])
        def scores(li):
            svc = Ags(FlaskPlatformRequest(request), Conf(), f"{platform.base}/lineitems", f"{platform.base}/lineitems/{li}")
            return to_flask(svc.handle_resp(svc.handle_update_score, line_item_id=li))

        @app.route("/memberships")
        def memberships():
            svc = Nrps(FlaskPlatformRequest(request), Conf(), f"{platform.base}/memberships")
            resp = svc.handle_resp(svc.handle_get_members)
            return Response(json.dumps(resp.result), status=resp.code, mimetype="application/json")

        # -- 1EdTech Dynamic Registration (the platform side) ---------------------------------
        def bearer() -> str:
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in platform.registration_tokens:
                abort(401)
            return token

        @app.route("/.well-known/openid-configuration")
        def openid_configuration():
            bearer()
            return jsonify({
                "issuer": platform.iss,
                "authorization_endpoint": platform.auth_url,
                "token_endpoint": platform.token_url,
                "jwks_uri": platform.keyset_url,
                "registration_endpoint": f"{platform.base}/registrations",
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid"],
                "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                    "product_family_code": "moodle", "version": "4.1",
                    "messages_supported": [{"type": "LtiResourceLinkRequest"}, {"type": "LtiDeepLinkingRequest"}],
                },
            })

        @app.route("/registrations", methods=["POST"])
        def registrations():
            platform.registration_tokens.discard(bearer())  # single use, as in Moodle
            body = request.get_json(force=True)
            platform.registration_requests.append(body)
            client_id, deployment_id = f"dyn-{next(platform._ids)}", f"dyn-dep-{uuid.uuid4().hex[:6]}"
            platform.clients[client_id] = deployment_id
            tool_conf = dict(body["https://purl.imsglobal.org/spec/lti-tool-configuration"], deployment_id=deployment_id)
            return jsonify({**body, "client_id": client_id, "https://purl.imsglobal.org/spec/lti-tool-configuration": tool_conf})

        return app

    def _create_lineitem(self, data: dict) -> dict:
        ident = f"li-{next(self._ids)}"
        item = {k: v for k, v in {**data, "id": f"{self.base}/lineitems/{ident}"}.items() if v is not None}
        self.lineitems[ident] = item
        return item
