"""The import page (upload, progress, row-by-row report), the tenant's Excel template, and exports."""

from __future__ import annotations

from flask import Blueprint

from entrega.tenancy.request import tenant_from_path

bp = tenant_from_path(
    Blueprint("delivery_imports", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates")
)
