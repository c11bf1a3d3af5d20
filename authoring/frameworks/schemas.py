"""Marshmallow schemas at the boundary: *In validates what comes in, *Out shapes what goes out."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from authoring.frameworks.models import AssociationType, CredentialCategory, FrameworkKind

SLUG = validate.Regexp(r"^[a-z0-9][a-z0-9-]*$", error="lowercase letters, digits and dashes")
ITEM_REF = validate.Regexp(r"^[a-z0-9][a-z0-9-]*:.+$", error="expected 'framework-slug:coding'")


class FrameworkItemIn(Schema):
    coding = fields.String(required=True, validate=validate.Length(min=1, max=100))
    statement = fields.String(required=True, validate=validate.Length(min=1))
    type = fields.String(load_default="", validate=validate.Length(max=64))
    abbreviated = fields.String(load_default="", validate=validate.Length(max=300))
    notes = fields.String(load_default="")
    attributes = fields.Dict(keys=fields.String(), load_default=dict)
    identifier = fields.UUID(load_default=None)
    children = fields.List(fields.Nested(lambda: FrameworkItemIn()), load_default=list)


class AssociationIn(Schema):
    origin = fields.String(required=True, validate=ITEM_REF)
    destination = fields.String(required=True, validate=ITEM_REF)
    type = fields.Enum(AssociationType, by_value=True, required=True)


class FrameworkIn(Schema):
    slug = fields.String(required=True, validate=SLUG)
    identifier = fields.UUID(load_default=None)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    kind = fields.Enum(FrameworkKind, by_value=True, required=True)
    creator = fields.String(load_default="")
    publisher = fields.String(load_default="")
    version = fields.String(load_default="")
    description = fields.String(load_default="")
    subject = fields.String(load_default="")
    language = fields.String(load_default="en")
    adoption_status = fields.String(load_default="Draft")
    license = fields.String(load_default="")
    source_url = fields.String(load_default="")
    illustrative = fields.Boolean(load_default=False)
    shared = fields.Boolean(load_default=False)
    items = fields.List(fields.Nested(FrameworkItemIn), load_default=list)
    associations = fields.List(fields.Nested(AssociationIn), load_default=list)


class CredentialIn(Schema):
    slug = fields.String(required=True, validate=SLUG)
    name = fields.String(required=True)
    issuer = fields.String(required=True)
    category = fields.Enum(CredentialCategory, by_value=True, required=True)
    edition = fields.String(load_default="")
    hour_rules = fields.Dict(keys=fields.String(), load_default=dict)
    framework = fields.String(required=True, validate=SLUG)
    url = fields.String(load_default="")
    description = fields.String(load_default="")
    shared = fields.Boolean(load_default=True)


class FrameworkItemOut(Schema):
    id = fields.Integer()
    identifier = fields.UUID()
    human_coding = fields.String()
    statement = fields.String()
    abbreviated_statement = fields.String()
    item_type = fields.String()
    parent_id = fields.Integer(allow_none=True)
    position = fields.Integer()


class FrameworkOut(Schema):
    id = fields.Integer()
    identifier = fields.UUID()
    slug = fields.String()
    title = fields.String()
    kind = fields.Enum(FrameworkKind, by_value=True)
    version = fields.String()
    illustrative = fields.Boolean()
    shared = fields.Boolean()


class CredentialOut(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    issuer = fields.String()
    category = fields.Enum(CredentialCategory, by_value=True)
    edition = fields.String()
    hour_rules = fields.Dict()
    framework_id = fields.Integer()
