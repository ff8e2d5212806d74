"""REST resources: the installed plugins, and a tenant's delivery model."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView

from entrega import db
from entrega.api import API_PREFIX, Blueprint
from entrega.extensions import services
from entrega.extensions.access import forget_tenant_model, tenant_model
from entrega.extensions.registry import Plugin, current_registry
from entrega.extensions.runtime import preview
from entrega.extensions.schemas import CloneSchema, PluginSchema, TenantModelOutSchema, TenantModelSchema
from entrega.identity.access import current_principal
from entrega.tenancy.request import current_tenant, tenant_from_path

plugins_blp = Blueprint("plugins", __name__, url_prefix=f"{API_PREFIX}/plugins", description="Installed plugins.")
model_blp = tenant_from_path(
    Blueprint(
        "tenant_model",
        __name__,
        url_prefix=f"{API_PREFIX}/t/<tenant_slug>/model",
        description="A government's delivery model: its plugins, their configuration, its own words.",
    )
)


def describe(plugin: Plugin) -> dict[str, Any]:
    manifest = plugin.manifest
    schema = None
    if manifest.config_schema is not None:
        converter = current_app.extensions["entrega.api"].ma_plugin.converter
        schema = converter.schema2jsonschema(manifest.config_schema())
    return {
        "name": manifest.name,
        "kind": manifest.kind.value,
        "version": manifest.version,
        "platform": manifest.platform,
        "title": manifest.title,
        "description": manifest.description,
        "config_schema": schema,
    }


@plugins_blp.route("")
class Plugins(MethodView):
    @plugins_blp.doc(security=[])  # open to anyone: it describes the software, not a government
    @plugins_blp.response(200, PluginSchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Every installed plugin with its kind, version and configuration schema."""
        return [describe(plugin) for plugin in current_registry().all()]


def model_document() -> dict[str, Any]:
    row = services.current_model(db.session())
    if row is None:
        return {"delivery": None, "config": {}, "extensions": [], "vocabulary": {}, "calendar": {}, "preview": None}
    model = tenant_model()
    return {**row.as_config(), "preview": preview(model) if model else None}


@model_blp.route("")
class TenantModelResource(MethodView):
    @model_blp.etag
    @model_blp.response(200, TenantModelOutSchema)
    def get(self) -> dict[str, Any]:
        """The model, with a preview of its words, rating scale, routines and calendar."""
        return model_document()

    @model_blp.etag
    @model_blp.arguments(TenantModelSchema)
    @model_blp.response(200, TenantModelOutSchema)
    def put(self, data: dict[str, Any]) -> dict[str, Any]:
        """Replace the model. Send the ETag you read in If-Match; an invalid model changes nothing."""
        model_blp.check_etag(model_document(), TenantModelOutSchema)
        valid = services.validate_model(current_registry(), data)
        services.set_model(db.session(), valid)
        db.session().commit()
        forget_tenant_model()
        return model_document()


@model_blp.route("/clone")
class CloneModel(MethodView):
    @model_blp.arguments(CloneSchema)
    @model_blp.response(200, TenantModelOutSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Copy another government's model configuration (never its data) onto this one."""
        tenant = current_tenant()
        principal = current_principal()
        assert principal is not None
        source = services.model_of(db.engines(), data["source"], for_tenant=tenant.slug, requester=principal.user.id)
        valid = services.validate_model(current_registry(), source)
        services.set_model(db.session(), valid)
        db.session().commit()
        forget_tenant_model()
        return model_document()
