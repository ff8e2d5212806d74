"""Turning a plugin's marshmallow configuration schema into form fields, and form input back into values.

Technical-assistance teams configure a model in a browser; the plugin's schema stays the one authority
on what is valid, so the form only converts text to the right type and lets the schema judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields, validate


@dataclass(frozen=True)
class FormField:
    name: str
    label: Any  # Texts, or a plain string
    help: Any
    input: str  # number, text, select, checkbox
    value: Any
    choices: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    step: str | None = None


def _bounds(field: fields.Field) -> tuple[float | None, float | None]:
    for validator in field.validators:
        if isinstance(validator, validate.Range):
            return validator.min, validator.max
    return None, None


def _choices(field: fields.Field) -> tuple[Any, ...]:
    for validator in field.validators:
        if isinstance(validator, validate.OneOf):
            return tuple(validator.choices)
    return ()


def form_fields(schema_class: type[Schema] | None, current: dict[str, Any]) -> list[FormField]:
    if schema_class is None:
        return []
    out = []
    for name, field in schema_class().fields.items():
        if field.dump_only:
            continue
        label = field.metadata.get("label") or name.replace("_", " ").capitalize()
        help_text = field.metadata.get("description") or ""
        default = field.load_default() if callable(field.load_default) else field.load_default
        value = current.get(name, default)
        minimum, maximum = _bounds(field)
        choices = _choices(field)
        if choices:
            out.append(FormField(name, label, help_text, "select", value, choices))
        elif isinstance(field, fields.Boolean):
            out.append(FormField(name, label, help_text, "checkbox", bool(value)))
        elif isinstance(field, fields.Integer):
            out.append(FormField(name, label, help_text, "number", value, (), minimum, maximum, "1"))
        elif isinstance(field, fields.Number):
            out.append(FormField(name, label, help_text, "number", value, (), minimum, maximum, "any"))
        else:
            out.append(FormField(name, label, help_text, "text", value))
    return out


def read_config(
    schema_class: type[Schema] | None, form: dict[str, str], prefix: str
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Values typed as the schema expects them; text that is not even a number is reported here."""
    if schema_class is None:
        return {}, {}
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, field in schema_class().fields.items():
        key = f"{prefix}{name}"
        if isinstance(field, fields.Boolean) and not _choices(field):
            values[name] = key in form
            continue
        raw = form.get(key, "").strip()
        if raw == "":
            continue
        choices = _choices(field)
        if choices:
            # Choices may be numbers; match the submitted text to the choice it names.
            match = [choice for choice in choices if str(choice) == raw]
            values[name] = match[0] if match else raw
        elif isinstance(field, fields.Integer):
            try:
                values[name] = int(raw)
            except ValueError:
                errors[name] = ["Not a valid integer."]
        elif isinstance(field, fields.Number):
            try:
                values[name] = float(raw)
            except ValueError:
                errors[name] = ["Not a valid number."]
        else:
            values[name] = raw
    return values, errors
