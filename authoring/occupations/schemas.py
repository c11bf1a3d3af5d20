from __future__ import annotations

from marshmallow import Schema, fields, validate

from authoring.frameworks.schemas import ITEM_REF, SLUG
from authoring.occupations.models import PathwayTier, ProgressionKind

ONET = validate.Regexp(r"^\d{2}-\d{4}\.\d{2}$", error="O*NET-SOC code like 51-4041.00")
SOC = validate.Regexp(r"^\d{2}-\d{4}$", error="SOC code like 51-4041")


class LaborStatisticIn(Schema):
    year = fields.String(required=True)
    region = fields.String(load_default="United States")
    source = fields.String(required=True)
    employment = fields.Integer(load_default=None, allow_none=True)
    employment_projected = fields.Integer(load_default=None, allow_none=True)
    new_jobs = fields.Integer(load_default=None, allow_none=True)
    annual_openings = fields.Integer(load_default=None, allow_none=True)
    median_wage = fields.Integer(load_default=None, allow_none=True)
    growth_percent = fields.Decimal(load_default=None, allow_none=True, places=2)


class OccupationIn(Schema):
    onet_code = fields.String(required=True, validate=ONET)
    soc_code = fields.String(required=True, validate=SOC)
    title = fields.String(required=True)
    simple_title = fields.String(load_default="")
    description = fields.String(load_default="")
    job_zone = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(1, 5))
    typical_education = fields.String(load_default="")
    typical_training = fields.String(load_default="")
    profile = fields.String(load_default=None, allow_none=True, validate=ITEM_REF)
    shared = fields.Boolean(load_default=True)
    labor = fields.List(fields.Nested(LaborStatisticIn), load_default=list)


class LegacyCodeIn(Schema):
    legacy_code = fields.String(required=True, validate=ONET)
    current_code = fields.String(required=True, validate=ONET)
    legacy_title = fields.String(load_default="")
    source = fields.String(load_default="")


class PathwayStepIn(Schema):
    occupation = fields.String(required=True, validate=ONET)
    skill_level = fields.Integer(required=True, validate=validate.Range(1, 6))
    level_label = fields.String(load_default="")
    tier = fields.Enum(PathwayTier, by_value=True, required=True)


class PathwayEdgeIn(Schema):
    from_ = fields.String(required=True, data_key="from", validate=ONET)
    to = fields.String(required=True, validate=ONET)
    kind = fields.Enum(ProgressionKind, by_value=True, required=True)


class PathwayIn(Schema):
    slug = fields.String(required=True, validate=SLUG)
    title = fields.String(required=True)
    description = fields.String(load_default="")
    source = fields.String(load_default="")
    illustrative = fields.Boolean(load_default=False)
    steps = fields.List(fields.Nested(PathwayStepIn), load_default=list)
    edges = fields.List(fields.Nested(PathwayEdgeIn), load_default=list)


class LaborStatisticOut(Schema):
    year = fields.String()
    region = fields.String()
    source = fields.String()
    employment = fields.Integer(allow_none=True)
    annual_openings = fields.Integer(allow_none=True)
    median_wage = fields.Integer(allow_none=True)
    growth_percent = fields.Decimal(as_string=True, allow_none=True)


class OccupationOut(Schema):
    id = fields.Integer()
    onet_code = fields.String()
    soc_code = fields.String()
    title = fields.String()
    simple_title = fields.String()
    typical_education = fields.String()
    job_zone = fields.Integer(allow_none=True)


class CompetencyCoverageOut(Schema):
    item_id = fields.Integer()
    human_coding = fields.String()
    statement = fields.String()
    category = fields.String()
    units = fields.List(fields.Dict())


class OccupationDetailOut(OccupationOut):
    description = fields.String()
    labor_statistics = fields.List(fields.Nested(LaborStatisticOut))
    competencies = fields.List(fields.Nested(CompetencyCoverageOut))


class PathwayOut(Schema):
    id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    description = fields.String()
    steps = fields.Function(lambda p: [
        {"occupation_id": s.occupation_id, "skill_level": s.skill_level, "level_label": s.level_label, "tier": s.tier.value}
        for s in p.steps
    ])
