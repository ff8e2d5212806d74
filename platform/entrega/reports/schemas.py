"""What the reports API reads and shows."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from entrega.routines.models import ReportStatus


class ReportRequestSchema(Schema):
    template = fields.String(required=True, metadata={"description": "the key of one of the model's report templates"})
    subject_id = fields.UUID(
        load_default=None, allow_none=True,
        metadata={"description": "the meeting or assessment round the report is about; none for the whole government"},
    )  # fmt: skip
    language = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=2, max=8),
        metadata={"description": "one of the government's languages; its default when left out"},
    )  # fmt: skip


class ReportQuerySchema(Schema):
    template = fields.String(load_default=None)


class RenderedReportSchema(Schema):
    id = fields.UUID(dump_only=True)
    template = fields.String(dump_only=True)
    subject_id = fields.UUID(dump_only=True, allow_none=True)
    language = fields.String(dump_only=True)
    status = fields.Enum(ReportStatus, by_value=True, dump_only=True)
    progress = fields.Integer(dump_only=True, metadata={"description": "per cent"})
    filename = fields.String(dump_only=True)
    size = fields.Integer(dump_only=True, metadata={"description": "bytes, once done"})
    sha256 = fields.String(dump_only=True, metadata={"description": "the stored file's checksum, once done"})
    pages = fields.Integer(dump_only=True)
    error = fields.String(dump_only=True)
    requested_by = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    finished_at = fields.DateTime(dump_only=True, allow_none=True)
    file_url = fields.String(
        dump_only=True, allow_none=True, metadata={"description": "where to download it, once done"}
    )
    notice = fields.String(
        dump_only=True, allow_none=True,
        metadata={"description": "when asking: the job queue could not be reached, so the report stays queued and "
                                 "is made automatically once the queue is back; there is no need to ask again"},
    )  # fmt: skip
