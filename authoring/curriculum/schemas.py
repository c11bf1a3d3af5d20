from __future__ import annotations

from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from authoring.curriculum.models import AlignmentStrength, BloomLevel, ItemType, ReviewKind, UnitStatus
from authoring.frameworks.schemas import ITEM_REF, SLUG


class ChoiceIn(Schema):
    id = fields.String(required=True, validate=validate.Length(min=1, max=20))
    text = fields.String(required=True, validate=validate.Length(min=1))
    correct = fields.Boolean(load_default=False)


class AssessmentItemIn(Schema):
    type = fields.Enum(ItemType, by_value=True, required=True)
    prompt = fields.String(required=True, validate=validate.Length(min=1))
    points = fields.Decimal(load_default=Decimal(1), places=2, validate=validate.Range(min=0, max=1000))
    choices = fields.List(fields.Nested(ChoiceIn), load_default=list)
    answer = fields.Dict(keys=fields.String(), load_default=dict)
    feedback = fields.String(load_default="")
    outcomes = fields.List(fields.String(), load_default=list)

    @validates_schema
    def answer_fits_type(self, data: dict, **kwargs) -> None:
        kind, choices, answer = data["type"], data["choices"], data["answer"]
        correct = sum(1 for c in choices if c["correct"])
        if kind is ItemType.multiple_choice and (len(choices) < 2 or correct != 1):
            raise ValidationError("multiple choice needs two or more choices and exactly one correct", "choices")
        if kind is ItemType.multiple_response and (len(choices) < 2 or correct < 1):
            raise ValidationError("multiple response needs two or more choices and at least one correct", "choices")
        if len({c["id"] for c in choices}) != len(choices):
            raise ValidationError("choice ids must be unique", "choices")
        if kind is ItemType.true_false and not isinstance(answer.get("value"), bool):
            raise ValidationError("true/false needs answer.value true or false", "answer")
        if kind is ItemType.fill_in_blank:
            accepted = answer.get("accepted")
            if not accepted or not all(isinstance(a, str) and a.strip() for a in accepted):
                raise ValidationError("fill-in-the-blank needs answer.accepted: a list of answers", "answer")


class AssessmentIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    instructions = fields.String(load_default="")
    items = fields.List(fields.Nested(AssessmentItemIn), load_default=list)


class LessonIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    hours = fields.Decimal(load_default=Decimal(0), places=2, validate=validate.Range(min=0, max=1000))
    body_html = fields.String(load_default="")


class AlignmentIn(Schema):
    item = fields.String(required=True, validate=ITEM_REF)
    strength = fields.Enum(AlignmentStrength, by_value=True, load_default=AlignmentStrength.full)


class OutcomeIn(Schema):
    code = fields.String(load_default="", validate=validate.Length(max=50))
    statement = fields.String(required=True, validate=validate.Length(min=1))
    verb = fields.String(load_default="")
    bloom_level = fields.Enum(BloomLevel, by_value=True, load_default=None, allow_none=True)
    condition = fields.String(load_default="")
    criterion = fields.String(load_default="")
    competencies = fields.List(fields.String(validate=ITEM_REF), load_default=list)
    alignments = fields.List(fields.Nested(AlignmentIn), load_default=list)


class UnitIn(Schema):
    slug = fields.String(required=True, validate=SLUG)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    summary = fields.String(load_default="")
    status = fields.Enum(UnitStatus, by_value=True, load_default=UnitStatus.draft)
    outcomes = fields.List(fields.Nested(OutcomeIn), load_default=list)
    lessons = fields.List(fields.Nested(LessonIn), load_default=list)
    assessments = fields.List(fields.Nested(AssessmentIn), load_default=list)

    @validates_schema
    def items_assess_known_outcomes(self, data: dict, **kwargs) -> None:
        codes = {o["code"] for o in data["outcomes"] if o["code"]}
        for assessment in data["assessments"]:
            for item in assessment["items"]:
                unknown = set(item["outcomes"]) - codes
                if unknown:
                    raise ValidationError(f"items refer to unknown outcome codes: {sorted(unknown)}", "assessments")


class CourseIn(Schema):
    slug = fields.String(required=True, validate=SLUG)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    description = fields.String(load_default="")
    language = fields.String(load_default="en")
    program = fields.String(load_default=None, allow_none=True, validate=SLUG)
    units = fields.List(fields.Nested(UnitIn), load_default=list)


class ProgramIn(Schema):
    slug = fields.String(required=True, validate=SLUG)
    title = fields.String(required=True)
    description = fields.String(load_default="")
    cip_code = fields.String(load_default="")
    required_hours = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10000))
    target_frameworks = fields.List(fields.String(validate=SLUG), load_default=list)
    target_credentials = fields.List(fields.String(validate=SLUG), load_default=list)


# -- the JSON API: what comes in (partial updates take partial=True) ----------------------------
class UnitCreateIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    summary = fields.String(load_default="")
    slug = fields.String(load_default=None, allow_none=True, validate=SLUG)
    competency_ids = fields.List(fields.Integer(), load_default=list)


class UnitUpdateIn(Schema):
    title = fields.String(validate=validate.Length(min=1, max=300))
    summary = fields.String()


class OutcomeWriteIn(Schema):
    """Verb, Bloom level, condition and criterion left out are read off the statement."""

    statement = fields.String(required=True, validate=validate.Length(min=1))
    code = fields.String(load_default="", validate=validate.Length(max=50))
    verb = fields.String(load_default="", validate=validate.Length(max=50))
    bloom_level = fields.Enum(BloomLevel, by_value=True, load_default=None, allow_none=True)
    condition = fields.String(load_default="")
    criterion = fields.String(load_default="")


class AlignmentCreateIn(Schema):
    item_id = fields.Integer(required=True)
    strength = fields.Enum(AlignmentStrength, by_value=True, load_default=AlignmentStrength.full)


class AssessmentWriteIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    instructions = fields.String(load_default="")


class ReorderIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["outcomes", "lessons", "assessments", "items"]))
    ids = fields.List(fields.Integer(), required=True)
    assessment_id = fields.Integer(load_default=None, allow_none=True)


class ReviewIn(Schema):
    body = fields.String(load_default="")


class DuplicateIn(Schema):
    title = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=300))
    course_id = fields.Integer(load_default=None, allow_none=True)


class CheckOutcomeIn(Schema):
    statement = fields.String(required=True, validate=validate.Length(min=1, max=5000))


# -- what goes out -----------------------------------------------------------------------------
class ItemRefOut(Schema):
    id = fields.Integer()
    identifier = fields.UUID()
    human_coding = fields.String()
    statement = fields.String()
    framework_id = fields.Integer()


class AlignmentOut(Schema):
    id = fields.Integer()
    item = fields.Nested(ItemRefOut)
    strength = fields.Enum(AlignmentStrength, by_value=True)


class OutcomeOut(Schema):
    id = fields.Integer()
    unit_id = fields.Integer()
    code = fields.String()
    statement = fields.String()
    verb = fields.String()
    bloom_level = fields.Enum(BloomLevel, by_value=True, allow_none=True)
    condition = fields.String()
    criterion = fields.String()
    position = fields.Integer()
    competencies = fields.List(fields.Nested(ItemRefOut))
    alignments = fields.List(fields.Nested(AlignmentOut))


class LessonOut(Schema):
    id = fields.Integer()
    unit_id = fields.Integer()
    title = fields.String()
    hours = fields.Decimal(places=2, as_string=True)
    body_html = fields.String()
    position = fields.Integer()


class ChoiceOut(Schema):
    id = fields.String()
    text = fields.String()
    correct = fields.Boolean()


class AssessmentItemOut(Schema):
    id = fields.Integer()
    assessment_id = fields.Integer()
    type = fields.Enum(ItemType, by_value=True, attribute="item_type")
    prompt = fields.String()
    choices = fields.List(fields.Nested(ChoiceOut))
    answer = fields.Dict()
    feedback = fields.String()
    points = fields.Decimal(places=2, as_string=True)
    position = fields.Integer()
    outcomes = fields.Function(lambda item: [o.code for o in item.outcomes])


class AssessmentOut(Schema):
    id = fields.Integer()
    unit_id = fields.Integer()
    title = fields.String()
    instructions = fields.String()
    position = fields.Integer()
    points = fields.Decimal(places=2, as_string=True)
    items = fields.List(fields.Nested(AssessmentItemOut))


class RevisionOut(Schema):
    id = fields.Integer()
    number = fields.Integer()
    title = fields.String()
    note = fields.String()
    published_at = fields.DateTime()
    published_by_id = fields.Integer(allow_none=True)


class RevisionDetailOut(RevisionOut):
    snapshot = fields.Dict()


class ReviewOut(Schema):
    id = fields.Integer()
    kind = fields.Enum(ReviewKind, by_value=True)
    body = fields.String()
    author = fields.Function(lambda r: r.author.name if r.author else None)
    unit_version = fields.Integer()
    created_at = fields.DateTime()


class UnitSummaryOut(Schema):
    id = fields.Integer()
    course_id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    summary = fields.String()
    status = fields.Enum(UnitStatus, by_value=True)
    version = fields.Integer()
    position = fields.Integer()
    updated_at = fields.DateTime()


class UnitOut(UnitSummaryOut):
    hours = fields.Decimal(places=2, as_string=True)
    outcomes = fields.List(fields.Nested(OutcomeOut))
    lessons = fields.List(fields.Nested(LessonOut))
    assessments = fields.List(fields.Nested(AssessmentOut))
    revisions = fields.List(fields.Nested(RevisionOut))
    reviews = fields.List(fields.Nested(ReviewOut))


class CourseOut(Schema):
    id = fields.Integer()
    program_id = fields.Integer(allow_none=True)
    slug = fields.String()
    title = fields.String()
    description = fields.String()
    language = fields.String()


class ProgramOut(Schema):
    id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    description = fields.String()
    cip_code = fields.String()
    required_hours = fields.Integer()
    target_framework_ids = fields.Function(lambda p: [f.id for f in p.target_frameworks])
    target_credential_ids = fields.Function(lambda p: [c.id for c in p.target_credentials])


class SuggestionOut(Schema):
    item = fields.Nested(ItemRefOut)
    score = fields.Float()
    matched = fields.List(fields.String())


class DiffOut(Schema):
    unit = fields.Dict()
    sections = fields.Dict()


class FindingOut(Schema):
    code = fields.String()
    severity = fields.String()
    message = fields.String()
    suggestion = fields.Raw(allow_none=True)


class CheckOutcomeOut(Schema):
    verb = fields.String(allow_none=True)
    bloom_levels = fields.List(fields.String())
    measurable = fields.Boolean()
    findings = fields.List(fields.Nested(FindingOut))
    suggestions = fields.List(fields.Raw())
    psychomotor_levels = fields.List(fields.String())
    condition = fields.String(allow_none=True)
    criterion = fields.String(allow_none=True)
