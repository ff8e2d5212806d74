"""Resolving the tenant named in the path (`/t/<slug>/…`, `/api/v1/t/<slug>/…`) and binding it."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import Blueprint, abort, g

from entrega import db
from entrega.errors import NotFound
from entrega.tenancy.access import active_tenant_by_slug
from entrega.tenancy.binding import bind
from entrega.tenancy.models import Tenant

AnyBlueprint = TypeVar("AnyBlueprint", bound=Blueprint)


def tenant_from_path(blueprint: AnyBlueprint) -> AnyBlueprint:
    """Make every route of `blueprint` resolve `<tenant_slug>` and bind the request's session to it."""

    @blueprint.url_value_preprocessor
    def _resolve(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if not values or "tenant_slug" not in values:
            return
        slug = values.pop("tenant_slug")
        session = db.session()
        try:
            tenant = active_tenant_by_slug(session, slug)
        except NotFound:
            abort(404)
        g.tenant = tenant
        bind(session, tenant.id)

    @blueprint.url_defaults
    def _carry_slug(_endpoint: str, values: dict[str, Any]) -> None:
        if "tenant_slug" not in values and "tenant" in g:
            values["tenant_slug"] = g.tenant.slug

    return blueprint


def current_tenant() -> Tenant:
    return g.tenant
