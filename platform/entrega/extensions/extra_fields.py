"""Fields a model adds to core entities: a marshmallow schema built from the model's `ExtraField`s, so
that the values stored as JSON on an entity are exactly those the model declares, of the right type."""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from entrega.extensions.contract import ExtraField, FieldType
from entrega.extensions.runtime import ResolvedModel


def _field(definition: ExtraField) -> fields.Field:
    options: dict[str, Any] = {"required": definition.required, "allow_none": not definition.required}
    if definition.type is FieldType.TEXT:
        return fields.String(validate=validate.Length(max=2000), **options)
    if definition.type is FieldType.NUMBER:
        return fields.Float(allow_nan=False, **options)
    if definition.type is FieldType.BOOLEAN:
        return fields.Boolean(**options)
    if definition.type is FieldType.DATE:
        return fields.Date(**options)
    return fields.String(validate=validate.OneOf([value for value, _label in definition.choices]), **options)


def definitions(model: ResolvedModel | None, entity: str) -> list[ExtraField]:
    return [f for f in model.extra_fields if f.entity == entity] if model else []


def validate_extra(model: ResolvedModel | None, entity: str, raw: Any) -> dict[str, Any]:
    """The values, checked against the model's fields for `entity`, ready to store as JSON."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ValidationError({"extra": ["Give the extra fields as an object."]})
    declared = definitions(model, entity)
    schema_class = Schema.from_dict({f.key: _field(f) for f in declared}, name=f"Extra_{entity}")
    try:
        loaded = schema_class(unknown=RAISE).load(raw)
    except ValidationError as error:
        raise ValidationError({"extra": error.messages}) from None
    return {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in loaded.items()
        if value is not None
    }
