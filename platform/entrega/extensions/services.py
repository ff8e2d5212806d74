"""Choosing and configuring a tenant's model: validate everything first, then write and audit at once."""

from __future__ import annotations

import uuid
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.audit.services import record
from entrega.db import Engines
from entrega.errors import NotFound
from entrega.extensions.contract import VOCABULARY_KEYS, Frequency, PluginKind
from entrega.extensions.models import TenantModel
from entrega.extensions.registry import PluginRegistry
from entrega.tenancy import codes
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant

ENTITY = "delivery_model"
MODEL_FIELDS = ("delivery", "config", "extensions", "vocabulary", "calendar")
CALENDAR_FIELDS = ("fiscal_year_start_month", "default_frequency", "frequencies")
FREQUENCIES = {f.value for f in Frequency}


def _plugin_config(registry: PluginRegistry, name: str, config: Any) -> list[Any] | dict[str, Any] | None:
    """Errors of a plugin's configuration, by its own schema (None when it is valid)."""
    if config is not None and not isinstance(config, dict):
        return ["Give the configuration as a table of settings."]
    try:
        registry.get(name).load_config(config)
    except ValidationError as error:
        return error.messages
    return None


def _check_extensions(registry: PluginRegistry, raw: Any) -> tuple[list[dict[str, Any]], dict[int, Any] | list[str]]:
    if not isinstance(raw, list):
        return [], ["Give a list of {plugin, config} tables."]
    clean: list[dict[str, Any]] = []
    errors: dict[int, Any] = {}
    seen: set[str] = set()
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("plugin"), str):
            errors[index] = {"plugin": ["Missing data for required field."]}
            continue
        name = item["plugin"]
        if name not in registry:
            errors[index] = {"plugin": [f"No plugin {name!r} is installed."]}
        elif registry.get(name).manifest.kind is PluginKind.DELIVERY_MODEL:
            errors[index] = {"plugin": [f"{name} is a delivery model: a tenant has exactly one, under 'delivery'."]}
        elif registry.get(name).manifest.kind is not PluginKind.EXTENSION:
            errors[index] = {"plugin": [f"{name} is a diagnostic instrument: every government can use it already."]}
        elif name in seen:
            errors[index] = {"plugin": [f"{name} is listed twice."]}
        else:
            problem = _plugin_config(registry, name, item.get("config"))
            if problem:
                errors[index] = {"config": problem}
        unknown = set(item) - {"plugin", "config"}
        if unknown:
            errors.setdefault(index, {}).update({key: ["Unknown field."] for key in sorted(unknown)})
        seen.add(name)
        clean.append({"plugin": name, "config": dict(item.get("config") or {})})
    return clean, errors


def _check_vocabulary(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        return {"_schema": ["Give the words per language: {language: {term: [singular, plural]}}."]}
    errors: dict[str, Any] = {}
    for lang, terms in raw.items():
        if not codes.is_language(lang):
            errors[lang] = ["Not a known language code."]
            continue
        if not isinstance(terms, dict):
            errors[lang] = ["Give the words as term = [singular, plural]."]
            continue
        for key, words in terms.items():
            if key not in VOCABULARY_KEYS:
                errors.setdefault(lang, {})[key] = [
                    f"Not a term a model can rename; use one of: {', '.join(VOCABULARY_KEYS)}."
                ]
            elif not (
                isinstance(words, list)
                and len(words) == 2
                and all(isinstance(w, str) and 0 < len(w.strip()) <= 60 for w in words)
            ):
                errors.setdefault(lang, {})[key] = [
                    "Give exactly two words: [singular, plural], each 1 to 60 characters."
                ]
    return errors


def _check_calendar(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        return {"_schema": ["Give the calendar as a table."]}
    errors: dict[str, Any] = {key: ["Unknown field."] for key in raw if key not in CALENDAR_FIELDS}
    month = raw.get("fiscal_year_start_month")
    if month is not None and (not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12):
        errors["fiscal_year_start_month"] = ["Must be a month number from 1 (January) to 12."]
    frequencies = raw.get("frequencies")
    if frequencies is not None and (
        not isinstance(frequencies, list) or not frequencies or any(f not in FREQUENCIES for f in frequencies)
    ):
        errors["frequencies"] = [f"Must be a non-empty list of: {', '.join(sorted(FREQUENCIES))}."]
    default = raw.get("default_frequency")
    if default is not None:
        if default not in FREQUENCIES:
            errors["default_frequency"] = [f"Must be one of: {', '.join(sorted(FREQUENCIES))}."]
        elif isinstance(frequencies, list) and default not in frequencies:
            errors["default_frequency"] = ["Must be one of the frequencies listed."]
    return errors


def validate_model(registry: PluginRegistry, raw: Any) -> dict[str, Any]:
    """A tenant's model checked whole; raises ValidationError naming every field and its reason."""
    if not isinstance(raw, dict):
        raise ValidationError({"_schema": ["Give the model as a table."]})
    errors: dict[str, Any] = {key: ["Unknown field."] for key in raw if key not in MODEL_FIELDS}
    delivery = raw.get("delivery")
    if not isinstance(delivery, str) or not delivery:
        errors["delivery"] = ["Missing data for required field."]
    elif delivery not in registry:
        errors["delivery"] = [f"No plugin {delivery!r} is installed."]
    elif registry.get(delivery).manifest.kind is not PluginKind.DELIVERY_MODEL:
        errors["delivery"] = [
            f"{delivery} is not a delivery model but a plugin of kind {registry.get(delivery).manifest.kind}."
        ]
    else:
        problem = _plugin_config(registry, delivery, raw.get("config"))
        if problem:
            errors["config"] = problem
    extensions, extension_errors = _check_extensions(registry, raw.get("extensions", []))
    if extension_errors:
        errors["extensions"] = extension_errors
    for name, check in (("vocabulary", _check_vocabulary), ("calendar", _check_calendar)):
        problem = check(raw.get(name, {}))
        if problem:
            errors[name] = problem
    if not errors and "default_frequency" in raw.get("calendar", {}) and "frequencies" not in raw.get("calendar", {}):
        # The default must be one of the model's own frequencies when the tenant keeps them.
        from entrega.extensions.runtime import resolve

        base = resolve(registry, {"delivery": delivery, "config": raw.get("config")}).calendar
        if raw["calendar"]["default_frequency"] not in {f.value for f in base.frequencies}:
            errors["calendar"] = {"default_frequency": ["Must be one of the model's reporting frequencies."]}
    if errors:
        raise ValidationError(errors)
    return {
        "delivery": delivery,
        "config": dict(raw.get("config") or {}),
        "extensions": extensions,
        "vocabulary": {
            lang: {key: list(words) for key, words in terms.items()}
            for lang, terms in raw.get("vocabulary", {}).items()
        },
        "calendar": dict(raw.get("calendar") or {}),
    }


def current_model(db_session: Session) -> TenantModel | None:
    """The bound tenant's model row, if it has one."""
    return db_session.scalar(select(TenantModel))


def set_model(db_session: Session, model: dict[str, Any], *, tenant_id: Any = None) -> TenantModel:
    """Store a validated model for the bound tenant (or `tenant_id` on the cross-tenant path), audited."""
    statement = select(TenantModel)
    if tenant_id is not None:
        statement = statement.where(TenantModel.tenant_id == tenant_id)
    row = db_session.scalar(statement)
    before = row.as_config() if row else None
    if row is None:
        row = TenantModel(tenant_id=tenant_id)
        db_session.add(row)
    row.delivery_model = model["delivery"]
    row.config = model["config"]
    row.extensions = model["extensions"]
    row.vocabulary = model["vocabulary"]
    row.calendar = model["calendar"]
    after = row.as_config()
    if before != after:
        db_session.flush()
        record(
            db_session,
            "create" if before is None else "update",
            ENTITY,
            row.tenant_id,
            before,
            after,
            tenant_id=row.tenant_id,
        )
    return row


def remove_model(db_session: Session, row: TenantModel) -> None:
    record(db_session, "delete", ENTITY, row.tenant_id, row.as_config(), None, tenant_id=row.tenant_id)
    db_session.delete(row)


def model_of(engines: Engines, source_slug: str, *, for_tenant: str, requester: uuid.UUID) -> dict[str, Any]:
    """Another tenant's model configuration, read on the audited cross-tenant path: configuration only,
    never data, and only for someone who belongs to that government too (or a platform admin)."""
    from entrega.identity.models import Membership, User

    reason = f"clone delivery model from {source_slug}"
    with cross_tenant_session(engines, reason=reason, subject_tenant=for_tenant) as db_session:
        tenant = db_session.scalar(select(Tenant).where(Tenant.slug == source_slug))
        user = db_session.get(User, requester)
        if tenant is None or user is None:
            raise NotFound(source_slug)
        member = db_session.scalar(
            select(Membership.user_id).where(Membership.tenant_id == tenant.id, Membership.user_id == requester)
        )
        row = db_session.scalar(select(TenantModel).where(TenantModel.tenant_id == tenant.id))
        if row is None or (member is None and not user.is_platform_admin):
            raise NotFound(source_slug)
        return row.as_config()
