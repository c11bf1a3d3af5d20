"""The outcome-quality checker as curriculum sees it: a report dict, and ABCD parts for an outcome.

The checker itself (authoring.outcomes.checker) is a pure library owned elsewhere; this is the one
place curriculum, the API and the CLI call it.
"""
from __future__ import annotations

import functools
import json
from typing import Any

from authoring.curriculum.models import BloomLevel


@functools.lru_cache(maxsize=4096)
def _check(statement: str) -> str:
    from authoring.outcomes.checker import check_outcome

    return json.dumps(check_outcome(statement).to_dict())


def check(statement: str) -> dict[str, Any]:
    """The checker is pure, and the editor re-checks every outcome on every render: remember the
    answers (as JSON, so no caller can change a cached report)."""
    return json.loads(_check(statement))


def derived_fields(report: dict[str, Any]) -> dict[str, Any]:
    """Verb, Bloom level, condition and criterion read off the statement (first Bloom level wins)."""
    levels = [level for level in report.get("bloom_levels") or [] if level in BloomLevel._value2member_map_]
    return {
        "verb": (report.get("verb") or "")[:50],
        "bloom_level": BloomLevel(levels[0]) if levels else None,
        "condition": report.get("condition") or "",
        "criterion": report.get("criterion") or "",
    }
