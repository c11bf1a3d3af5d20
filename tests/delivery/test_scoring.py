from __future__ import annotations

from decimal import Decimal

import pytest

from authoring.delivery.scoring import clean_response, score_item

MC = {"id": 1, "type": "multiple_choice", "points": "2", "choices": [{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B"}]}
MR = {"id": 2, "type": "multiple_response", "points": "2",
      "choices": [{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B", "correct": True}, {"id": "c", "text": "C"}]}
TF = {"id": 3, "type": "true_false", "points": "1", "answer": {"value": False}}
FIB = {"id": 4, "type": "fill_in_blank", "points": "1.5", "answer": {"accepted": ["0.250", ".25"], "case_sensitive": False}}
FIB_CASE = {"id": 5, "type": "fill_in_blank", "points": "1", "answer": {"accepted": ["NaCl"], "case_sensitive": True}}
ESSAY = {"id": 6, "type": "essay", "points": "4", "answer": {}}


@pytest.mark.parametrize("item, raw, points, correct", [
    (MC, "a", "2", True), (MC, "b", "0", False), (MC, "zzz", "0", False), (MC, None, "0", False),
    (MR, ["a", "b"], "2", True), (MR, ["b", "a"], "2", True), (MR, ["a"], "0", False),
    (MR, ["a", "b", "c"], "0", False), (MR, [], "0", False),  # all or nothing: ticking everything earns nothing
    (TF, "false", "1", True), (TF, "FALSE", "1", True), (TF, "true", "0", False), (TF, "maybe", "0", False),
    (FIB, "  .25 ", "1.5", True), (FIB, "0.250", "1.5", True), (FIB, "0.3", "0", False), (FIB, "", "0", False),
    (FIB_CASE, "NaCl", "1", True), (FIB_CASE, "nacl", "0", False), (FIB_CASE, "Na  Cl", "0", False),
])
def test_auto_scored_items(item, raw, points, correct):
    result = score_item(item, clean_response(item, raw))
    assert result.points == Decimal(points) and result.correct is correct and result.possible == Decimal(item["points"])


def test_essays_wait_for_a_teacher_unless_blank():
    assert score_item(ESSAY, clean_response(ESSAY, "Because chips fly.")).points is None
    assert score_item(ESSAY, clean_response(ESSAY, "   ")).points == Decimal(0)


def test_responses_are_cleaned_to_what_the_item_can_hold():
    assert clean_response(MR, ["c", "a", "a", "evil"]) == ["a", "c"]
    assert clean_response(MC, ["a", "b"]) == "a"
    assert clean_response(ESSAY, "x" * 30000) == "x" * 20000
