"""Scoring of auto-scored items, as pure functions over a snapshot item (see revisions.snapshot_unit).

Responses: a choice id (multiple choice), a list of choice ids (multiple response), "true"/"false"
(true/false), text (fill in the blank, essay). Multiple response is all-or-nothing: partial credit
would reward ticking every box.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

MANUAL = {"essay"}


@dataclass(frozen=True)
class ItemScore:
    points: Decimal | None  # None: a teacher must score it
    possible: Decimal
    correct: bool | None


def item_points(item: dict) -> Decimal:
    return Decimal(str(item.get("points") or "0"))


def clean_response(item: dict, raw: Any) -> Any:
    """Keep only what the item type can hold, so stored answers are small and well formed."""
    kind = item["type"]
    if kind == "multiple_response":
        values = raw if isinstance(raw, (list, tuple)) else ([] if raw in (None, "") else [raw])
        known = {str(c["id"]) for c in item.get("choices", [])}
        return sorted({str(v) for v in values if str(v) in known})
    if isinstance(raw, (list, tuple)):
        raw = raw[0] if raw else None
    if raw is None:
        return None
    text = str(raw)
    if kind == "multiple_choice":
        return text if text in {str(c["id"]) for c in item.get("choices", [])} else None
    if kind == "true_false":
        return text.lower() if text.lower() in {"true", "false"} else None
    return text.strip()[:20000] or None


def _normalise(text: str, case_sensitive: bool) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    return text if case_sensitive else text.casefold()


def _is_correct(item: dict, response: Any) -> bool:
    kind, answer = item["type"], item.get("answer") or {}
    if kind == "multiple_choice":
        return response is not None and any(str(c["id"]) == response and c.get("correct") for c in item.get("choices", []))
    if kind == "multiple_response":
        return bool(response) and set(response) == {str(c["id"]) for c in item.get("choices", []) if c.get("correct")}
    if kind == "true_false":
        return response is not None and (response == "true") == bool(answer.get("value"))
    if kind == "fill_in_blank":
        if not response:
            return False
        case_sensitive = bool(answer.get("case_sensitive"))
        return _normalise(response, case_sensitive) in {_normalise(a, case_sensitive) for a in answer.get("accepted", [])}
    raise ValueError(f"not an auto-scored item type: {kind}")


def score_item(item: dict, response: Any) -> ItemScore:
    possible = item_points(item)
    if item["type"] in MANUAL:
        if response in (None, ""):  # nothing to read: no teacher needed
            return ItemScore(Decimal(0), possible, None)
        return ItemScore(None, possible, None)
    correct = _is_correct(item, response)
    return ItemScore(possible if correct else Decimal(0), possible, correct)
