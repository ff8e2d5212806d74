"""API schemas: installed plugins, and a tenant's model with its preview."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class PluginSchema(Schema):
    name = fields.String()
    kind = fields.String()
    version = fields.String()
    platform = fields.String(metadata={"description": "platform versions the plugin supports (PEP 440)"})
    title = fields.Dict(keys=fields.String(), values=fields.String())
    description = fields.Dict(keys=fields.String(), values=fields.String())
    config_schema = fields.Dict(metadata={"description": "JSON Schema of the plugin's configuration"})


class ExtensionSchema(Schema):
    plugin = fields.String(required=True)
    config = fields.Dict(load_default=dict)


class TenantModelSchema(Schema):
    """A tenant's model. Plugin-specific checks run after this shape is loaded."""

    delivery = fields.String(required=True, metadata={"description": "the delivery-model plugin"})
    config = fields.Dict(load_default=dict, metadata={"description": "validated by the plugin's own schema"})
    extensions = fields.List(fields.Nested(ExtensionSchema), load_default=list)
    vocabulary = fields.Dict(
        load_default=dict, metadata={"description": "{language: {term: [singular, plural]}} overriding the model"}
    )
    calendar = fields.Dict(
        load_default=dict, metadata={"description": "fiscal_year_start_month, default_frequency, frequencies"}
    )


class TenantModelOutSchema(TenantModelSchema):
    delivery = fields.String(allow_none=True, metadata={"description": "null while no model is chosen"})
    preview = fields.Dict(dump_only=True, allow_none=True)


class CloneSchema(Schema):
    source = fields.String(
        required=True, data_key="from", validate=validate.Length(min=2, max=40), metadata={"description": "tenant slug"}
    )
