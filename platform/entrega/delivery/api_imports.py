"""REST resources for moving data in and out: imports with their row-by-row reports, template and exports."""

from __future__ import annotations

from flask_smorest import Blueprint

from entrega.api import API_PREFIX
from entrega.tenancy.request import tenant_from_path

blp = tenant_from_path(
    Blueprint(
        "delivery_imports_api",
        __name__,
        url_prefix=f"{API_PREFIX}/t/<tenant_slug>",
        description="Imports of indicators and measurements (Excel, CSV), the tenant's template, and exports.",
    )
)
