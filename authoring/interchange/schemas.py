"""The API's shapes for cartridge jobs (load: what a client sends; dump: what it gets back)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from authoring.interchange.cartridges.export import VERSIONS


class CartridgeExportIn(Schema):
    # Not `version`: across /api/v1 that name is the optimistic-locking version of a unit.
    cc_version = fields.String(load_default="1.3", validate=validate.OneOf(VERSIONS),
                            metadata={"description": "1.3 (default), 1.1 (Moodle) or thin (LTI and web links only)"})
    unit_ids = fields.List(fields.Integer(), load_default=None, allow_none=True,
                           metadata={"description": "Units to include, in this order; all published units when omitted"})


class JobLinksOut(Schema):
    self = fields.String(metadata={"description": "Poll this until status is done or failed"})
    page = fields.String()
    download = fields.String(metadata={"description": "The cartridge, once an export is done"})
    course = fields.String(metadata={"description": "The new course, once an import is done"})


class InterchangeJobOut(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"enum": ["export_cc", "import_cc"]})
    status = fields.String(metadata={"enum": ["queued", "running", "done", "failed"]})
    progress = fields.Integer(metadata={"description": "Percent"})
    step = fields.String()
    error = fields.String()
    filename = fields.String()
    course_id = fields.Integer(allow_none=True)
    params = fields.Dict()
    report = fields.Dict(metadata={"description": "Exports: units, counts, warnings, check findings. Imports: "
                                                  "course, created counts, skipped items with reasons, notes"})
    created_at = fields.String()
    finished_at = fields.String(allow_none=True)
    links = fields.Nested(JobLinksOut)
