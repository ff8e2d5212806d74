"""Marshmallow schemas: tenants (as declared in tenant files and shown by the API) and ministries."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from entrega.tenancy import codes
from entrega.tenancy.models import MinistryKind, TenantLevel, TenantStatus

SLUG = validate.Regexp(
    r"^[a-z][a-z0-9-]{1,39}$",
    error="Use 2 to 40 lower-case letters, digits and hyphens, starting with a letter.",
)
MINISTRY_CODE = validate.Regexp(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$",
    error="Use 1 to 32 letters, digits, dots, hyphens or underscores, starting with a letter or digit.",
)


class LocalizedText(fields.Dict):
    """Text people type, in one or more languages: `{"es": "Ministerio de Salud", "en": "Ministry of Health"}`."""

    def __init__(self, max_length: int = 300, **kwargs: Any) -> None:
        # An empty object is refused: the document says so.
        metadata = {"minProperties": 1, "description": "the text in each language: {language: text}"}
        super().__init__(
            keys=fields.String(),
            values=fields.String(validate=validate.Length(min=1, max=max_length)),
            metadata=metadata | kwargs.pop("metadata", {}),
            **kwargs,
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dict[str, str]:
        result: dict[str, str] = super()._deserialize(value, attr, data, **kwargs)
        if not result:
            raise ValidationError("Give the text in at least one language.")
        unknown = sorted(lang for lang in result if not codes.is_language(lang))
        if unknown:
            raise ValidationError(f"Not a known language code: {', '.join(unknown)}.")
        return {lang: text.strip() for lang, text in result.items()}


class TenantSchema(Schema):
    """A tenant as declared in `tenants/<slug>.toml` and as the API shows it."""

    slug = fields.String(required=True, validate=SLUG)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    level = fields.Enum(TenantLevel, by_value=True, required=True)
    country = fields.String(required=True, metadata={"description": "ISO 3166-1 alpha-2"})
    subdivision = fields.String(load_default=None, allow_none=True, metadata={"description": "ISO 3166-2"})
    parent = fields.String(load_default=None, allow_none=True, validate=SLUG, metadata={"description": "parent slug"})
    default_locale = fields.String(required=True)
    languages = fields.List(fields.String(), required=True, validate=validate.Length(min=1, max=12))
    time_zone = fields.String(required=True, metadata={"description": "IANA time zone"})
    currency = fields.String(required=True, metadata={"description": "ISO 4217"})
    status = fields.Enum(TenantStatus, by_value=True, load_default=TenantStatus.ACTIVE)

    @validates("country")
    def _country(self, value: str, **_: Any) -> None:
        if not codes.is_country(value):
            raise ValidationError(f"Not an ISO 3166-1 alpha-2 country code: {value!r}.")

    @validates("time_zone")
    def _time_zone(self, value: str, **_: Any) -> None:
        if not codes.is_time_zone(value):
            raise ValidationError(f"Not an IANA time zone: {value!r}.")

    @validates("currency")
    def _currency(self, value: str, **_: Any) -> None:
        if not codes.is_currency(value):
            raise ValidationError(f"Not an ISO 4217 currency code: {value!r}.")

    @validates("languages")
    def _languages(self, value: list[str], **_: Any) -> None:
        unknown = [lang for lang in value if not codes.is_language(lang)]
        if unknown:
            raise ValidationError(f"Not a known language code: {', '.join(unknown)}.")
        if len(set(value)) != len(value):
            raise ValidationError("A language is listed twice.")

    @validates_schema(skip_on_field_errors=False)
    def _consistent(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        country, subdivision, level = data.get("country"), data.get("subdivision"), data.get("level")
        if subdivision is not None:
            owner = codes.subdivision_country(subdivision)
            if owner is None:
                errors["subdivision"] = [f"Not an ISO 3166-2 subdivision code: {subdivision!r}."]
            elif country and owner != country:
                errors["subdivision"] = [f"{subdivision} is in {owner}, not in {country}."]
        if level is TenantLevel.NATIONAL and subdivision:
            errors.setdefault("subdivision", []).append("A national government has no subdivision.")
        if level is TenantLevel.STATE and not subdivision:
            errors.setdefault("subdivision", []).append("A state government needs its ISO 3166-2 code.")
        if level is TenantLevel.NATIONAL and data.get("parent"):
            errors["parent"] = ["A national government has no parent tenant."]
        default_locale, languages = data.get("default_locale"), data.get("languages") or []
        if default_locale is not None and languages and default_locale not in languages:
            errors["default_locale"] = [f"{default_locale!r} is not one of the tenant's languages."]
        if errors:
            raise ValidationError(errors)


class TenantOutSchema(TenantSchema):
    """A tenant as the API shows it: its id, and its parent by slug."""

    id = fields.UUID(dump_only=True)
    parent = fields.Function(  # type: ignore[assignment]
        lambda tenant: tenant.parent.slug if tenant.parent else None,
        dump_only=True,
        metadata={"type": ["string", "null"], "description": "parent slug"},
    )


class MinistrySchema(Schema):
    """A ministry, secretariat or agency, as the API shows it."""

    id = fields.UUID(dump_only=True)
    code = fields.String(required=True, validate=MINISTRY_CODE)
    name = LocalizedText(required=True)
    acronym = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    kind = fields.Enum(MinistryKind, by_value=True, load_default=MinistryKind.MINISTRY)
    parent_id = fields.UUID(load_default=None, allow_none=True)
    extra = fields.Dict(load_default=dict, metadata={"description": "the fields the delivery model adds to ministries"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class MinistryPatchSchema(MinistrySchema):
    """The same fields, all optional: a PATCH changes only what it names."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(partial=True, **kwargs)


class MinistryQuerySchema(Schema):
    kind = fields.Enum(MinistryKind, by_value=True, load_default=None)
    parent_id = fields.UUID(load_default=None, metadata={"description": "children of this ministry"})
    top_level = fields.Boolean(load_default=False, metadata={"description": "only those without a parent"})
    q = fields.String(load_default=None, validate=validate.Length(max=100), metadata={"description": "code or name"})


class MinistryFileSchema(Schema):
    """A ministry as declared in a tenant file: the parent is named by its code."""

    code = fields.String(required=True, validate=MINISTRY_CODE)
    name = LocalizedText(required=True)
    acronym = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    kind = fields.Enum(MinistryKind, by_value=True, load_default=MinistryKind.MINISTRY)
    parent = fields.String(load_default=None, allow_none=True, validate=MINISTRY_CODE)


class TenantFileSchema(Schema):
    """The whole of `tenants/<slug>.toml`."""

    tenant = fields.Nested(TenantSchema, required=True)
    # Checked against the installed plugins by entrega.extensions.services.validate_model.
    model = fields.Dict(load_default=None, allow_none=True)
    ministries = fields.List(fields.Nested(MinistryFileSchema), load_default=list)

    @validates_schema
    def _ministries_consistent(self, data: dict[str, Any], **_: Any) -> None:
        seen: set[str] = set()
        errors: dict[int, dict[str, list[str]]] = {}
        ministries = data.get("ministries", [])
        codes_declared = {m["code"] for m in ministries}
        for index, ministry in enumerate(ministries):
            if ministry["code"] in seen:
                errors[index] = {"code": [f"{ministry['code']!r} is declared twice."]}
            seen.add(ministry["code"])
            parent = ministry.get("parent")
            if parent is not None and parent not in codes_declared:
                errors.setdefault(index, {})["parent"] = [f"No ministry with code {parent!r} in this file."]
            elif parent == ministry["code"]:
                errors.setdefault(index, {})["parent"] = ["A ministry cannot be its own parent."]
        if not errors:
            cycle = _find_cycle({m["code"]: m.get("parent") for m in ministries})
            if cycle:
                errors[0] = {"parent": [f"The hierarchy has a cycle: {' → '.join(cycle)}."]}
        if errors:
            raise ValidationError({"ministries": errors})


def _find_cycle(parents: dict[str, str | None]) -> list[str] | None:
    for start in parents:
        path, node = [start], parents[start]
        while node is not None:
            if node in path:
                return [*path[path.index(node) :], node]
            path.append(node)
            node = parents.get(node)
    return None
