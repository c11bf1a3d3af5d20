"""Shared helpers for LTI tests: the published unit's items, verifying what the tool signed."""
from __future__ import annotations

import re

import jwt

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
INCIDENT = re.compile(r'id="incident">([0-9a-f]{12})<')


def snapshot(tool, revision_id: int) -> dict:
    from authoring.curriculum.models import UnitRevision

    with tool.db() as session:
        return session.get(UnitRevision, revision_id).snapshot


def items_by_type(tool, unit) -> dict[str, dict]:
    snap = snapshot(tool, unit.revision_id)
    assessment = next(a for a in snap["assessments"] if a["id"] == unit.assessment_key)
    return {item["type"]: item for item in assessment["items"]}


def verify_tool_jwt(tool, token: str, audience: str) -> dict:
    """Check the tool's signature with the keys it publishes, as a platform would."""
    key = jwt.PyJWKClient(f"{tool.base}/lti/jwks").get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"], audience=audience)


def full_answers(items: dict[str, dict]) -> list[tuple[str, str]]:
    """Right answers to every auto-scored item, and an essay."""
    return [
        (f"item-{items['multiple_choice']['id']}", "a"),
        (f"item-{items['multiple_response']['id']}", "a"),
        (f"item-{items['multiple_response']['id']}", "b"),
        (f"item-{items['true_false']['id']}", "false"),
        (f"item-{items['fill_in_blank']['id']}", "  Padlock "),
        (f"item-{items['essay']['id']}", "It flies out when the lathe starts."),
    ]
