"""What every API view shares: loading bodies, reading the expected version, paging, OpenAPI notes."""
from __future__ import annotations

from typing import Any, Callable

from flask import request
from marshmallow import Schema, ValidationError
from sqlalchemy import func, select

from authoring.db import db
from authoring.errors import ValidationFailed

MAX_PER_PAGE = 100


def body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationFailed("Send a JSON object.", {"_body": ["not an object"]})
    return data


def load(schema: Schema, *, partial: bool = False) -> dict[str, Any]:
    """Validate the JSON body (without its `version`, which `expected_version` reads)."""
    data = {k: v for k, v in body().items() if k != "version"}
    try:
        return schema.load(data, partial=partial)
    except ValidationError as exc:
        raise ValidationFailed("The request body is not valid.", exc.normalized_messages()) from exc


def expected_version() -> int | None:
    """The unit version the client last saw: If-Match ("3", W/"3") or a `version` in the body."""
    header = request.headers.get("If-Match", "").strip()
    raw: Any = header.removeprefix("W/").strip('"') if header and header != "*" else body().get("version")
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise ValidationFailed("The version must be a whole number.", {"version": ["not a number"]}) from None


def paginate(query, schema: Schema) -> dict[str, Any]:
    """?page=1&per_page=50 over a select(); answers {items, page, per_page, total, pages}."""
    try:
        page = max(1, int(request.args.get("page", 1)))
        per_page = min(MAX_PER_PAGE, max(1, int(request.args.get("per_page", 50))))
    except ValueError:
        raise ValidationFailed("page and per_page must be whole numbers.", {"page": ["not a number"]}) from None
    total = db.session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).scalars().all()
    return {"items": schema.dump(rows, many=True), "page": page, "per_page": per_page, "total": total,
            "pages": (total + per_page - 1) // per_page}


def doc(summary: str, *, body: type[Schema] | None = None, response: type[Schema] | None = None,
        many: bool = False, paginated: bool = False, status: int = 200, versioned: bool = False) -> Callable:
    """Describe an endpoint for /api/openapi.json (the document is built from these notes)."""
    def decorator(view: Callable) -> Callable:
        view.openapi = {"summary": summary, "body": body, "response": response, "many": many,
                        "paginated": paginated, "status": status, "versioned": versioned}
        return view

    return decorator
