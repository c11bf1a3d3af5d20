"""/api/openapi.json: an OpenAPI 3 document built from the API's routes and their @doc notes, so it
cannot drift from what the app serves (a test checks every /api/v1 route is described)."""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Flask, current_app, jsonify

bp = Blueprint("openapi", __name__)
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")

ERROR = {
    "type": "object",
    "required": ["code", "status", "message", "errors"],
    "properties": {
        "code": {"type": "string"}, "status": {"type": "integer"}, "message": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
}


def _schema_name(schema) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    return cls.__name__


def build(app: Flask) -> dict:
    spec = APISpec(
        title="Toolpath API", version="1", openapi_version="3.0.3", plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name)],
        info={"description": "Competency-to-curriculum authoring. Errors always have the Error shape. Unit writes "
                             "answer with the unit's version as ETag; send it back as If-Match (or `version` in the "
                             "body): a stale version gets 409 and changes nothing."},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "description": "A personal access token (tp_...)"})
    spec.components.security_scheme("session", {"type": "apiKey", "in": "cookie", "name": "session"})
    spec.components.schema("Error", ERROR)
    error = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/v1/"):
            continue
        view = app.view_functions[rule.endpoint]
        note = getattr(view, "openapi", None)
        if note is None:
            continue
        path = _PARAM.sub(r"{\2}", rule.rule)
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "integer" if conv == "int" else "string"}}
            for conv, name in _PARAM.findall(rule.rule)
        ]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            op: dict = {"summary": note["summary"], "operationId": rule.endpoint.replace(".", "_") + ("" if method in ("GET", "POST") else f"_{method.lower()}"),
                        "parameters": list(parameters), "security": [{"bearer": []}, {"session": []}],
                        "tags": [rule.rule.split("/")[5] if rule.rule.startswith("/api/v1/orgs/") and len(rule.rule.split("/")) > 5 else "outcomes"]}
            if note["paginated"]:
                op["parameters"] += [
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}},
                ]
            if note["versioned"]:
                op["parameters"].append({"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
                                         "description": "The unit version last seen, e.g. \"3\""})
            if note["body"] is not None:
                op["requestBody"] = {"required": True, "content": {"application/json": {"schema": note["body"]}}}
            success: dict = {"description": "OK"}
            if note["response"] is not None:
                schema: object = note["response"]
                if note["paginated"]:
                    schema = {"type": "object", "properties": {
                        "items": {"type": "array", "items": note["response"]}, "page": {"type": "integer"},
                        "per_page": {"type": "integer"}, "total": {"type": "integer"}, "pages": {"type": "integer"}}}
                elif note["many"]:
                    schema = {"type": "array", "items": note["response"]}
                success["content"] = {"application/json": {"schema": schema}}
            op["responses"] = {str(note["status"]): success, "401": error, "403": error, "404": error, "422": error}
            if note["versioned"]:
                op["responses"]["409"] = error
            paths.setdefault(path, {})[method.lower()] = op
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@bp.route("/api/openapi.json")
def openapi_json():
    # Public on purpose: the document describes the API and holds no organization's data.
    return jsonify(build(current_app))
