"""Load and dump schemas at the boundary; the sample loader keeps using the same In schemas."""
from __future__ import annotations

import pytest
from marshmallow import ValidationError

from authoring.curriculum import schemas as cs
from authoring.curriculum import services
from authoring.interchange.samples import load_samples
from tests.authoring.factories import make_unit


def test_unit_out_dumps_everything_the_api_promises(db_session, org):
    unit = make_unit(db_session, org, outcomes=2, alignments=2, items=2)
    unit = services.get_unit_by_id(db_session, org, unit.id)
    body = cs.UnitOut().dump(unit)
    assert body["status"] == "draft" and body["version"] == unit.version and body["hours"] == "3.00"
    assert body["outcomes"][0]["alignments"][0]["item"]["human_coding"].startswith("S.")
    assert body["assessments"][0]["items"][0]["type"] == "multiple_choice"
    assert body["assessments"][0]["items"][0]["outcomes"] == ["LO-01"]


@pytest.mark.parametrize("raw, field", [
    ({"type": "multiple_choice", "prompt": "?", "choices": [{"id": "a", "text": "x", "correct": True}]}, "choices"),
    ({"type": "multiple_response", "prompt": "?", "choices": [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]}, "choices"),
    ({"type": "true_false", "prompt": "?"}, "answer"),
    ({"type": "fill_in_blank", "prompt": "?", "answer": {"accepted": [" "]}}, "answer"),
    ({"type": "hotspot", "prompt": "?"}, "type"),
])
def test_item_schema_refuses_incomplete_items(raw, field):
    with pytest.raises(ValidationError) as info:
        cs.AssessmentItemIn().load(raw)
    assert field in info.value.normalized_messages()


def test_essay_needs_no_answer_and_partial_updates_validate_what_is_sent():
    assert cs.AssessmentItemIn().load({"type": "essay", "prompt": "Explain chip load."})["answer"] == {}
    assert cs.OutcomeWriteIn().load({"code": "LO-9"}, partial=True)["code"] == "LO-9"
    with pytest.raises(ValidationError):
        cs.UnitUpdateIn().load({"title": ""}, partial=True)


def test_the_sample_loader_still_loads_through_the_in_schemas(db_session):
    from datetime import datetime, timezone

    report = load_samples(db_session, datetime.now(timezone.utc))
    assert not report.changed   # already loaded by the session fixture: loading twice changes nothing
