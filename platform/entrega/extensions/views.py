"""The technical-assistance page: choose and configure a government's delivery model, with a preview."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from entrega import db
from entrega.errors import NotFound, flatten_messages
from entrega.extensions import services
from entrega.extensions.access import forget_tenant_model
from entrega.extensions.contract import VOCABULARY_KEYS, Frequency, PluginKind
from entrega.extensions.forms import form_fields, read_config
from entrega.extensions.registry import PluginRegistry, current_registry
from entrega.extensions.runtime import ResolvedModel, resolve
from entrega.identity.access import current_principal
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import navigation
from entrega.web.navigation import switchable_tenants

bp = tenant_from_path(Blueprint("model_pages", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates"))

navigation.add("model_pages.model", _l("Delivery model"), scope="tenant", order=95, permission="view")

FREQUENCY_LABELS = {
    Frequency.WEEKLY: _l("Weekly"),
    Frequency.BIWEEKLY: _l("Every two weeks"),
    Frequency.MONTHLY: _l("Monthly"),
    Frequency.BIMONTHLY: _l("Every two months"),
    Frequency.QUARTERLY: _l("Quarterly"),
    Frequency.SEMIANNUAL: _l("Every six months"),
    Frequency.ANNUAL: _l("Yearly"),
}
COMMON_LABELS = {
    "on_track": _l("On track"),
    "on_track_with_issues": _l("On track, with issues"),
    "at_risk": _l("At risk"),
    "off_track": _l("Off track"),
}


def _month_names() -> list[tuple[int, str]]:
    months = get_locale().months["format"]["wide"]
    return [(number, str(months[number])) for number in range(1, 13)]


def _render(
    stored: dict[str, Any] | None,
    chosen: str | None,
    submitted: dict[str, Any] | None,
    errors: dict[str, Any],
    status: int = 200,
) -> Any:
    registry = current_registry()
    delivery_models = registry.all(PluginKind.DELIVERY_MODEL)
    extensions = registry.all(PluginKind.EXTENSION)
    shown = submitted or stored or {}
    chosen = chosen or shown.get("delivery") or (delivery_models[0].name if delivery_models else None)
    plugin = registry.get(chosen) if isinstance(chosen, str) and chosen in registry else None
    config = shown.get("config", {}) if shown.get("delivery") == chosen else {}
    preview_model = _preview(registry, {**shown, "delivery": chosen, "config": config}) if plugin else None
    return (
        render_template(
            "extensions/model.html",
            tenant=current_tenant(),
            stored=stored,
            chosen=chosen,
            plugin=plugin,
            delivery_models=delivery_models,
            extension_plugins=extensions,
            chosen_extensions={e["plugin"] for e in shown.get("extensions", [])},
            fields=form_fields(plugin.manifest.config_schema if plugin else None, config),
            calendar=shown.get("calendar", {}),
            vocabulary=shown.get("vocabulary", {}),
            months=_month_names(),
            frequencies=FREQUENCY_LABELS,
            common_labels=COMMON_LABELS,
            vocabulary_keys=VOCABULARY_KEYS,
            preview=preview_model,
            errors=errors,
            error_list=flatten_messages(errors),
            saved=request.args.get("saved") == "1",
            clone_sources=[t for t in switchable_tenants() if t.slug != current_tenant().slug],
        ),
        status,
    )


def _preview(registry: PluginRegistry, draft: dict[str, Any]) -> ResolvedModel:
    """The draft as it would look; a draft the schema refuses is previewed with the model's defaults."""
    try:
        model = resolve(registry, draft)
        model.vocabulary, model.calendar  # noqa: B018 - evaluated here so that a bad draft falls back now
    except (ValidationError, ValueError, TypeError, KeyError):
        model = resolve(registry, {"delivery": draft["delivery"]})
    return model


@bp.get("/model")
def model() -> Any:
    row = services.current_model(db.session())
    return _render(row.as_config() if row else None, request.args.get("preview"), None, {})


def _submitted_model(form: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    registry = current_registry()
    delivery = form.get("delivery", "")
    errors: dict[str, Any] = {}
    config: dict[str, Any] = {}
    if delivery in registry:
        config, config_errors = read_config(registry.get(delivery).manifest.config_schema, form, "config.")
        if config_errors:
            errors["config"] = config_errors
    extensions = []
    for plugin in registry.all():
        if plugin.manifest.kind is PluginKind.EXTENSION and form.get(f"extension.{plugin.name}"):
            ext_config, ext_errors = read_config(plugin.manifest.config_schema, form, f"extension.{plugin.name}.")
            extensions.append({"plugin": plugin.name, "config": ext_config})
            if ext_errors:
                errors.setdefault("extensions", {})[plugin.name] = ext_errors
    calendar: dict[str, Any] = {}
    if form.get("calendar.fiscal_year_start_month"):
        calendar["fiscal_year_start_month"] = int(form["calendar.fiscal_year_start_month"])
    if form.get("calendar.default_frequency"):
        calendar["default_frequency"] = form["calendar.default_frequency"]
    vocabulary: dict[str, dict[str, list[str]]] = {}
    for lang in current_tenant().languages:
        for key in VOCABULARY_KEYS:
            singular = form.get(f"vocabulary.{lang}.{key}.singular", "").strip()
            plural = form.get(f"vocabulary.{lang}.{key}.plural", "").strip()
            if singular or plural:
                vocabulary.setdefault(lang, {})[key] = [singular, plural]
    return {
        "delivery": delivery,
        "config": config,
        "extensions": extensions,
        "vocabulary": vocabulary,
        "calendar": calendar,
    }, errors


@bp.post("/model")
def save_model() -> Any:
    row = services.current_model(db.session())
    stored = row.as_config() if row else None
    if request.form.get("action") == "clone":
        try:
            principal = current_principal()
            assert principal is not None
            source = services.model_of(
                db.engines(),
                request.form.get("source", ""),
                for_tenant=current_tenant().slug,
                requester=principal.user.id,
            )
        except NotFound:
            return _render(stored, None, None, {"clone": [_l("That government has no delivery model to copy.")]}, 422)
        submitted: dict[str, Any] = source
        errors: dict[str, Any] = {}
    else:
        submitted, errors = _submitted_model(request.form.to_dict())
    if not errors:
        try:
            valid = services.validate_model(current_registry(), submitted)
        except ValidationError as error:
            errors = error.messages  # type: ignore[assignment]
        else:
            services.set_model(db.session(), valid)
            db.session().commit()
            forget_tenant_model()
            return redirect(url_for("model_pages.model", saved="1"))
    return _render(stored, submitted.get("delivery"), submitted, errors, 422)
