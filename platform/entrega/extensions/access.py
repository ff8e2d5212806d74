"""The bound tenant's resolved model, once per request."""

from __future__ import annotations

from flask import g

from entrega import db
from entrega.extensions.registry import current_registry
from entrega.extensions.runtime import ResolvedModel, resolve
from entrega.extensions.services import current_model

_NOT_CONFIGURED = object()


def tenant_model() -> ResolvedModel | None:
    """The model of the tenant in the path, or None when it has none yet (or no tenant is in the path)."""
    if "tenant" not in g:
        return None
    cached = g.get("_entrega_model", None)
    if cached is None:
        row = current_model(db.session())
        cached = resolve(current_registry(), row.as_config()) if row else _NOT_CONFIGURED
        g._entrega_model = cached
    return None if cached is _NOT_CONFIGURED else cached


def forget_tenant_model() -> None:
    g.pop("_entrega_model", None)
